// Cutting answer Markdown to a length, on its blocks (markdown-blocks.ts): a message split into parts, or an
// answer shortened to fit. Parts end between blocks; a list item, a table or a code block moves whole to the
// next part when it fits there. Only a block longer than a whole part is cut inside: a code block at a line,
// closed with its own fence and reopened with its opener in the next part; a table between rows, its header
// repeated; a paragraph at a line, then a sentence, then a word. A span that must stay whole (a citation
// marker, a link, a Slack entity) is never cut. Every part has all its fences closed, so whatever follows a
// part (a citation line, the sources, an ellipsis) is never inside code.
import { closingFence, type Fence } from "./code-fence.js";
import { splitBlocks, type MarkdownBlock } from "./markdown-blocks.js";

export interface FitOptions {
  /** Spans that may not be cut in two, besides citation markers, inline code and Markdown links. Global flag. */
  atoms?: RegExp;
  /** Citation forms (besides "[n]") that end a sentence with it, e.g. Slack's "<url|[1]>". No flags. */
  citation?: RegExp;
  /** A reopened code block repeats its opener ("```ts") when it is at most this long, else just the fence. */
  openerMax?: number;
}

const MARKDOWN_ATOMS = /\[\d{1,4}\]|`[^`\n]+`|!?\[[^\]\n]*\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*\)/g;
const CITATION = /\[\d{1,4}\]/;
const OPENER_MAX = 24;

interface Chunk {
  text: string;
  /** The source text between this chunk and the one before it. */
  sep: string;
  /** Cuts a chunk longer than `max`: the first piece fits `room` ("" when nothing does), the others `max`. */
  split: (room: number, max: number) => string[];
}

/** Splits Markdown into parts of at most `max` characters, each a run of whole blocks with its fences closed. */
export function splitIntoParts(markdown: string, max: number, options: FitOptions = {}): string[] {
  const text = markdown.replace(/\r\n?/g, "\n");
  const blocks = splitBlocks(text);
  const units = groupChunks(text, blocks, options);
  return pack(units, max, max).map((p) => p.trimEnd()).filter((p) => p.trim().length > 0);
}

/**
 * Shortens Markdown to at most `max` characters at a block boundary (a sentence boundary when the first block
 * alone is too long), with `ellipsis` after it when anything was cut: on a line of its own after code or a
 * table row. Text that fits is returned as it is.
 */
export function truncateMarkdown(markdown: string, max: number, ellipsis = "…", options: FitOptions = {}): string {
  if (markdown.length <= max) return markdown;
  const reserve = ellipsis ? ellipsis.length + 1 : 0;
  // Only the blocks up to the cut matter: the text is read to the end of the line after the one holding it
  // (that line may make a heading or a table of the one before).
  const lineEnd = markdown.indexOf("\n", max);
  const lineAfter = lineEnd < 0 ? -1 : markdown.indexOf("\n", lineEnd + 1);
  const head = lineAfter < 0 ? markdown : markdown.slice(0, lineAfter);
  const first = splitIntoParts(head, Math.max(1, max - reserve), options)[0] ?? "";
  if (!ellipsis) return first;
  const lastLine = first.slice(first.lastIndexOf("\n") + 1);
  return /^\s*(?:`{3,}|~{3,}|\|)/.test(lastLine) ? `${first}\n${ellipsis}` : `${first}${ellipsis}`;
}

/** Cuts one code block to `max` characters at a line boundary, its fence closed (with "…" for what was cut). */
export function truncateCodeBlock(block: string, max: number): string {
  if (block.length <= max) return block;
  const [code] = splitBlocks(block).filter((b) => b.kind === "code");
  const fence = code?.fence ?? { marker: "```", indent: 0, info: "" };
  const lines = (code?.text ?? block).split("\n");
  const body = code?.fence ? (code.closed ? lines.slice(1, -1) : lines.slice(1)) : lines;
  const opener = code?.fence ? lines[0]! : "```";
  const close = " ".repeat(fence.indent) + closingFence(fence);
  const kept: string[] = [];
  let length = opener.length + close.length + 4; // two newlines and the "…" line
  for (const line of body) {
    if (length + line.length + 1 > max) break;
    kept.push(line);
    length += line.length + 1;
  }
  return [opener, ...kept, "…", close].join("\n");
}

/**
 * A quoted unit (a sentence, list item, table row or code block) in `room` characters: whole when it fits;
 * cut only when it is the first unit (`alone`), a code block at a line with its fence closed, prose at a
 * sentence or word with "…"; otherwise undefined, so the answer ends before it rather than inside it.
 */
export function fitQuote(text: string, kind: string, room: number, alone: boolean): string | undefined {
  if (text.length <= room) return text;
  if (!alone) return undefined;
  return kind === "code" ? truncateCodeBlock(text, room) : truncateMarkdown(text, room, "…");
}

/** Consecutive blocks of one group (a list item's blocks, a table's rows) are one chunk. */
function groupChunks(text: string, blocks: MarkdownBlock[], options: FitOptions): Chunk[] {
  const chunks: Chunk[] = [];
  let i = 0;
  let previousEnd = 0;
  while (i < blocks.length) {
    let j = i + 1;
    while (j < blocks.length && blocks[j]!.group === blocks[i]!.group) j++;
    const members = blocks.slice(i, j);
    const sep = leadingSep(text.slice(previousEnd, members[0]!.start), chunks.length === 0);
    const leaves = members.map((b, k) => leafChunk(text, b, k === 0 ? "" : text.slice(members[k - 1]!.end, b.start), options));
    const whole = leaves.map((l) => l.sep + l.text).join("");
    let split: Chunk["split"];
    if (members[0]!.kind === "table-head" && members.length > 1) split = (room, max) => splitTable(leaves, room, max);
    else if (leaves.length > 1) split = (room, max) => pack(leaves, room, max);
    else split = leaves[0]!.split;
    chunks.push({ text: whole, sep, split });
    previousEnd = members.at(-1)!.end;
    i = j;
  }
  return chunks;
}

/** The text between two blocks is blank lines, or a container's lone marker line (">"), which stays. */
function leadingSep(between: string, first: boolean): string {
  if (first) return "";
  return between.trim() === "" ? between : between.replace(/^[^\n]*\n/, "\n");
}

function leafChunk(text: string, block: MarkdownBlock, sep: string, options: FitOptions): Chunk {
  if (block.kind === "code") {
    // An unclosed block is closed where it ends, so what follows it is not swallowed.
    const closer = block.fence && !block.closed ? `\n${" ".repeat(block.fence.indent)}${closingFence(block.fence)}` : "";
    const whole = block.text + closer;
    return { text: whole, sep, split: (room, max) => splitCode(whole, block.fence, room, max, options) };
  }
  return { text: block.text, sep, split: (room, max) => splitText(block.text, room, max, 0, options) };
}

/**
 * Greedy packing: chunks are added to the current part while it stays within its capacity (`room` for the
 * first part, `max` after). A chunk that does not fit starts the next part; one longer than `max` is cut, its
 * first piece filling the current part when a fair share of it is left.
 */
function pack(chunks: Chunk[], room: number, max: number): string[] {
  const parts: string[] = [];
  let current = "";
  let capacity = room;
  const flush = () => {
    parts.push(current);
    current = "";
    capacity = max;
  };
  for (const chunk of chunks) {
    const joined = current ? current + chunk.sep + chunk.text : chunk.text;
    if (joined.length <= capacity) {
      current = joined;
      continue;
    }
    if (chunk.text.length <= max) {
      flush();
      current = chunk.text;
      continue;
    }
    const lead = current ? current + chunk.sep : "";
    const left = capacity - lead.length;
    const pieces = chunk.split(left >= max / 3 ? left : 0, max);
    const head = pieces.shift() ?? "";
    if (head) current = lead + head;
    flush();
    pieces.forEach((piece, k) => {
      current = piece;
      if (k < pieces.length - 1) flush();
    });
  }
  parts.push(current);
  // The first part may be empty: nothing fitted the room it was given.
  return parts.filter((p, i) => i === 0 || p !== "");
}

/** A code block longer than a part, cut between lines; each piece opens and closes its own fence. */
function splitCode(whole: string, fence: Fence | undefined, room: number, max: number, options: FitOptions): string[] {
  if (!fence) return splitText(whole, room, max, 0, options);
  const lines = whole.split("\n");
  // Pieces stand alone, outside the list item the block may sit in: its indentation goes.
  const indent = /^[ \t]*/.exec(lines[0]!)![0].length;
  const dedent = (line: string) => line.slice(Math.min(indent, /^[ \t]*/.exec(line)![0].length));
  const opener = dedent(lines[0]!);
  const close = closingFence(fence);
  const reopen = opener.trim().length <= (options.openerMax ?? OPENER_MAX) ? opener.trim() : fence.marker;
  const body = lines.slice(1, -1).map(dedent);
  const pieces: string[] = [];
  let current: string[] = [opener];
  let length = opener.length + 1 + close.length;
  let capacity = room;
  const flush = () => {
    pieces.push(current.length > 1 ? [...current, close].join("\n") : "");
    current = [reopen];
    length = reopen.length + 1 + close.length;
    capacity = max;
  };
  for (const line of body) {
    if (length + line.length + 1 <= capacity) {
      current.push(line);
      length += line.length + 1;
      continue;
    }
    if (current.length > 1 || capacity < max) flush();
    // A single line longer than a whole part is cut into pieces of its own.
    const room = max - length - 1;
    if (line.length <= room) {
      current.push(line);
      length += line.length + 1;
      continue;
    }
    for (const piece of hardPieces(line, room, options)) {
      if (current.length > 1) flush();
      current.push(piece);
      length += piece.length + 1;
    }
  }
  if (current.length > 1 || pieces.length === 0) pieces.push([...current, close].join("\n"));
  return pieces;
}

/** A table longer than a part, cut between rows; each piece after the first repeats the header. */
function splitTable(leaves: Chunk[], room: number, max: number): string[] {
  const [head, ...rows] = leaves;
  const pieces: string[] = [];
  let current = head!.text;
  let capacity = room;
  let hasRow = false;
  for (const row of rows) {
    const joined = current + row.sep + row.text;
    if (joined.length <= capacity) {
      current = joined;
      hasRow = true;
      continue;
    }
    pieces.push(hasRow ? current : "");
    capacity = max;
    const fresh = head!.text + "\n" + row.text;
    if (fresh.length <= max) {
      current = fresh;
      hasRow = true;
    } else {
      // A single row longer than a part: cut as text.
      const cut = splitText(row.text, max, max, 1, {});
      pieces.push(...cut.slice(0, -1));
      current = cut.at(-1)!;
      hasRow = true;
    }
  }
  pieces.push(current);
  return pieces;
}

/** Text cut at lines (level 0), then sentences (1), then words (2), then anywhere outside an atom (3). */
function splitText(text: string, room: number, max: number, level: number, options: FitOptions): string[] {
  if (level >= 3) return hardPieces(text, room, options, max);
  const segments = segmentsAt(text, level, options);
  if (segments.length <= 1) return splitText(text, room, max, level + 1, options);
  const chunks: Chunk[] = segments.map((s) => ({ ...s, split: (r, m) => splitText(s.text, r, m, level + 1, options) }));
  return pack(chunks, room, max);
}

function segmentsAt(text: string, level: number, options: FitOptions): { text: string; sep: string }[] {
  const atoms = atomRanges(text, options);
  const inside = (at: number) => atoms.some(([a, b]) => at > a && at < b);
  let boundary: RegExp;
  if (level === 0) boundary = /\n/g;
  else if (level === 1) {
    const cite = `(?:${CITATION.source}${options.citation ? `|${options.citation.source}` : ""})`;
    // The end of a sentence, with the citation markers written after it, then the space before the next one.
    boundary = new RegExp(`(?<=[.!?…]+["”’')*_]*(?:[ \\t]?${cite})*)[ \\t]+(?![ \\t]|${cite})`, "g");
  } else boundary = new RegExp(`[ \\t]+(?![ \\t]|${CITATION.source}${options.citation ? `|${options.citation.source}` : ""})`, "g");
  const out: { text: string; sep: string }[] = [];
  let last = 0;
  let sep = "";
  for (const m of text.matchAll(boundary)) {
    if (m.index === 0 || inside(m.index)) continue;
    out.push({ text: text.slice(last, m.index), sep });
    sep = m[0];
    last = m.index + m[0].length;
  }
  out.push({ text: text.slice(last), sep });
  return out.filter((s) => s.text !== "");
}

function atomRanges(text: string, options: FitOptions): [number, number][] {
  const ranges: [number, number][] = [];
  for (const pattern of [MARKDOWN_ATOMS, options.atoms]) {
    if (!pattern) continue;
    for (const m of text.matchAll(new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`))) ranges.push([m.index, m.index + m[0].length]);
  }
  return ranges;
}

/** Pieces of a text with no place to break: cut outside atoms and surrogate pairs. */
function hardPieces(text: string, room: number, options: FitOptions, max = room): string[] {
  const atoms = atomRanges(text, options);
  const pieces: string[] = [];
  let rest = text;
  let offset = 0;
  let capacity = room;
  while (rest.length > capacity) {
    let cut = capacity;
    const atom = atoms.find(([a, b]) => offset + cut > a && offset + cut < b);
    if (atom && atom[0] > offset) cut = atom[0] - offset;
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    if (cut <= 0) {
      if (capacity < max) {
        pieces.push("");
        capacity = max;
        continue;
      }
      cut = Math.max(1, capacity);
    }
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
    offset += cut;
    capacity = max;
  }
  pieces.push(rest);
  return pieces;
}
