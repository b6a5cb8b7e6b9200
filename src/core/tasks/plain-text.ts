// Small text helpers the chat tasks share: one plain line from Markdown-ish chunk text, cut to a length at a
// word boundary, and the first real sentence of a document (what `latest` shows when it has no description).
import type { ChunkRow } from "../index-store/chunk-db.js";
import { splitUnits } from "../answer/split-sentences.js";

/** One line of plain text: no inline-code backticks, emphasis or heading marks, whitespace collapsed. */
export function plainLine(text: string): string {
  return text
    .replace(/`([^`\n]*)`/g, "$1")
    .replace(/(^|\s)[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?=\s|[.,;:!?]|$)/g, "$1")
    .replace(/^#+\s+/, "")
    .replace(/^\s*(?:[-*+•]|\d+[.)])\s+/, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** The text cut to at most `max` characters at a word boundary, with "…" when it was cut. */
export function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  const slice = text.slice(0, max - 1);
  const space = slice.lastIndexOf(" ");
  return `${(space > max / 2 ? slice.slice(0, space) : slice).replace(/[\s,;:.–—-]+$/, "")}…`;
}

/** A sentence worth showing alone: prose, a few words long, not a lead-in to a list or code ("Run this:"). */
export function isStandaloneSentence(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.split(/\s+/).length >= 4 && !/:$/.test(trimmed) && /[\p{L}]/u.test(trimmed);
}

/** The first standalone sentence of a document's chunks (in document order) that is not just its title
 * (a plain-text file's first line is both), preferring one that ends like a sentence; or undefined. */
export function firstSentence(chunks: readonly ChunkRow[], title = ""): string | undefined {
  let fallback: string | undefined;
  for (const chunk of chunks)
    for (const unit of splitUnits(chunk.text)) {
      if (unit.kind !== "sentence" || !isStandaloneSentence(unit.text)) continue;
      const line = plainLine(unit.text);
      if (line.toLowerCase() === title.trim().toLowerCase()) continue;
      if (/[.!?…]["”’')]*$/.test(line)) return line;
      fallback ??= line;
    }
  return fallback;
}
