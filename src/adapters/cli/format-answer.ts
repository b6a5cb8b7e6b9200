// An answer as terminal text: the answer, then its numbered sources (or the closest documents).
import type { Answer } from "../../core/index.js";

export function formatAnswerForTerminal(answer: Answer): string {
  if (answer.citations.length === 0) return answer.answer;
  const heading = answer.grounded ? "Sources:" : "Closest documents:";
  const lines = answer.citations.map((c) => {
    const where = [c.title, c.section].filter(Boolean).join(" › ");
    return `  [${c.n}] ${where}${c.url ? ` — ${c.url}` : ""} (${c.file})`;
  });
  return `${answer.answer}\n\n${heading}\n${lines.join("\n")}`;
}
