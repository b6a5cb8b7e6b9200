// Reads a model's Markdown answer as the units the grounding check judges one by one: prose paragraphs split
// into sentences, list items (each split into its sentences too), table rows, fenced code blocks, and the
// structure between them (headings, rules, blank lines). Every unit keeps its original text and the
// whitespace before it, so an answer rebuilt from the units the check keeps reads exactly as written, minus
// what was removed — and a partial answer's rebuild is a prefix of the whole answer's.
import { closesFence, fenceMarker } from "../../text/code-fence.js";

export interface Sentence {
  text: string;
  /** The whitespace that separated it from the sentence before it in the same block ("" for the first). */
  sep: string;
}

export type Block =
  | { kind: "blank" }
  | { kind: "heading"; text: string; rule: boolean }
  | { kind: "code"; text: string; closed: boolean }
  | { kind: "prose"; sentences: Sentence[] }
  | { kind: "item"; marker: string; sentences: Sentence[] }
  | { kind: "table"; head: string[]; rows: Sentence[] };

const HEADING = /^\s{0,3}#{1,6}(?:\s|$)/;
const RULE = /^\s{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const ITEM = /^(\s*(?:[-*+•]|\d{1,3}[.)])[ \t]+)(.*)$/;
const TABLE_LINE = /^\s*\|/;
const TABLE_SEPARATOR = /^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*(?::?-{2,}:?\s*)?$/;

/** Parses an answer into blocks, in order. Lines end at "\n"; "\r" is dropped. */
export function parseAnswer(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.replace(/\r/g, "").split("\n");
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const fence = fenceMarker(line);
    if (fence) {
      const code = [line];
      let closed = false;
      for (i++; i < lines.length; i++) {
        code.push(lines[i]!);
        if (closesFence(fence, lines[i]!)) {
          closed = true;
          i++;
          break;
        }
      }
      blocks.push({ kind: "code", text: code.join("\n"), closed });
    } else if (line.trim() === "") {
      blocks.push({ kind: "blank" });
      i++;
    } else if (RULE.test(line) || HEADING.test(line)) {
      blocks.push({ kind: "heading", text: line.trimEnd(), rule: RULE.test(line) });
      i++;
    } else if (TABLE_LINE.test(line)) {
      const rows: string[] = [];
      for (; i < lines.length && TABLE_LINE.test(lines[i]!); i++) rows.push(lines[i]!.trimEnd());
      // A header row is the one right above the |---| line; both are structure, shown with any kept row.
      const head = rows.length > 1 && TABLE_SEPARATOR.test(rows[1]!) ? rows.splice(0, 2) : [];
      blocks.push({ kind: "table", head, rows: rows.map((row) => ({ text: row, sep: "\n" })) });
    } else if (ITEM.test(line)) {
      const [, marker, first] = ITEM.exec(line)!;
      const body = [first!];
      // Indented lines right below an item continue it (a nested item is an item of its own).
      for (i++; i < lines.length && /^[ \t]+\S/.test(lines[i]!) && !ITEM.test(lines[i]!) && !fenceMarker(lines[i]!); i++) body.push(lines[i]!);
      blocks.push({ kind: "item", marker: marker!, sentences: splitSentences(body.join("\n").trimEnd()) });
    } else {
      const paragraph = [line];
      for (i++; i < lines.length && startsParagraphLine(lines[i]!); i++) paragraph.push(lines[i]!);
      blocks.push({ kind: "prose", sentences: splitSentences(paragraph.join("\n").trim()) });
    }
  }
  return blocks;
}

/** A line that continues the paragraph above it rather than starting a block of its own. */
function startsParagraphLine(line: string): boolean {
  return line.trim() !== "" && !fenceMarker(line) && !HEADING.test(line) && !RULE.test(line) && !ITEM.test(line) && !TABLE_LINE.test(line);
}

// Abbreviations and initials do not end a sentence ("e.g. Netlify", "J. Smith").
const ABBREVIATION = /(?:\b(?:e\.g|i\.e|etc|vs|cf|approx|Mr|Mrs|Ms|Dr|Prof|Inc|Ltd|Jr|Sr|St|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])\.$/;
// The end of a sentence: its punctuation, closing quotes or emphasis, then any citations written after the
// punctuation ("… done. [2]"), which belong to it; a boundary only where a new sentence visibly starts.
const BOUNDARY = /[.!?…]+["”’')*_]*(?:\s*\[\^?\s*(?:sources?\s*)?\d{1,4}[^\]\n]{0,40}\](?!\())*(?=(\s+)["“‘(\[`*_]*[\p{Lu}\p{N}`])/gu;

/** Splits a paragraph (or a list item's text) into sentences, keeping the whitespace between them. */
export function splitSentences(text: string): Sentence[] {
  const masked = maskSpans(text);
  const sentences: Sentence[] = [];
  let start = 0;
  let sep = "";
  for (const m of masked.matchAll(BOUNDARY)) {
    const end = m.index + m[0].length;
    // Only the text up to the first full stop can end in an abbreviation (the longest is 7 characters).
    if (ABBREVIATION.test(text.slice(Math.max(start, m.index - 9), m.index + 1))) continue;
    sentences.push({ text: text.slice(start, end), sep });
    sep = m[1]!;
    start = end + sep.length;
  }
  if (start < text.length) sentences.push({ text: text.slice(start), sep });
  return sentences;
}

/** Inline code and link targets are opaque to sentence splitting: `a. B` or (https://x.org/a. B) end nothing.
 * A span not closed on its line runs to the line's end, as it does while it streams in. */
function maskSpans(text: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, "x");
  return text.replace(/`[^`\n]+(?:`|$)/gm, (s) => `\`${blank(s.slice(1, s.endsWith("`") ? -1 : undefined))}${s.endsWith("`") ? "`" : ""}`).replace(/\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*\)/g, (s) => `](${blank(s.slice(2))}`);
}
