// How the model's citation markers are read: [1], [1, 2], [1][2] (each matched alone), [1-3], [source 2],
// [^1] — never a link label like [1](url). Shared by the per-sentence check (is this sentence cited?) and the
// renumbering of the citations that survive it.

export const CITATION = /([ \t]*)\[\^?\s*(?:sources?\s*)?(\d{1,4}(?:\s*(?:,|;|&|and|-|–)\s*(?:sources?\s*)?\d{1,4})*)\s*\](?!\()/gi;
/** A range wider than this is a typo or an attack, not a citation of every source in it. */
const MAX_RANGE = 20;

/** The source numbers one marker's list names, e.g. "1, 3-5" → [1, 3, 4, 5]. */
export function expandCitation(list: string): number[] {
  const out: number[] = [];
  for (const part of list.split(/\s*(?:,|;|&|and)\s*/i)) {
    const range = /^(?:sources?\s*)?(\d+)\s*[-–]\s*(?:sources?\s*)?(\d+)$/i.exec(part.trim());
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to >= from && to - from < MAX_RANGE) for (let n = from; n <= to; n++) out.push(n);
      else out.push(from, to);
    } else {
      const n = Number(part.replace(/[^\d]/g, ""));
      if (Number.isFinite(n) && part.trim() !== "") out.push(n);
    }
  }
  return out;
}

/** How many citation numbers in a piece of prose name a provided source (1..sourceCount), and how many do not.
 * Inline code is not prose: `arr[9]` cites nothing. */
export function countCitations(text: string, sourceCount: number): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (const m of text.replace(/`[^`\n]+`/g, "").matchAll(CITATION))
    for (const n of expandCitation(m[2]!)) {
      if (n >= 1 && n <= sourceCount) valid++;
      else invalid++;
    }
  return { valid, invalid };
}

/** The text without its citation markers (to tell a sentence from a bare "[1]"). */
export function withoutCitations(text: string): string {
  return text.replace(CITATION, "");
}
