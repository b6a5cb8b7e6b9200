// The fixed texts of answers, as named constants, so front ends and tests agree on them.

export const NOT_COVERED = "I couldn't find this in the knowledge base, so I won't guess.";
export const NO_DOCUMENTS = "The knowledge base is empty, so I can't answer yet.";

export function closestDocumentsLine(titles: string[]): string {
  return titles.length === 0 ? "" : ` The closest documents are ${titles.map((t) => `“${t}”`).join(", ")}, but they don't answer it.`;
}
