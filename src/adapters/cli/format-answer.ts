// An answer as terminal text: the answer, then its numbered sources (or the closest documents). A code block
// the answer leaves open is closed first, so the sources never read as part of it.
import { closeOpenFence, type Answer } from "../../core/index.js";

export function formatAnswerForTerminal(answer: Answer): string {
  const text = closeOpenFence(answer.answer);
  if (answer.citations.length === 0) return text;
  const heading = answer.grounded ? "Sources:" : "Closest documents:";
  const lines = answer.citations.map((c) => {
    const where = [c.title, c.section].filter(Boolean).join(" › ");
    return `  [${c.n}] ${where}${c.url ? ` — ${c.url}` : ""} (${c.file})`;
  });
  return `${text}\n\n${heading}\n${lines.join("\n")}`;
}
