// Cuts one section's blocks (parse-markdown.ts) into chunks of at most maxChars, at block boundaries:
// paragraphs, list items, whole code blocks and whole tables. A code block is never cut inside unless it alone
// is longer than a chunk; then it is cut at line boundaries and every piece is closed with the block's fence
// and the next one reopened with the block's own opening line (info string included), so that each chunk is
// valid Markdown and code is never read as prose. A table too long for a chunk is cut between rows, each piece
// under the table's header row again. Only paragraphs and list items longer than a chunk are cut inside, at
// line, then sentence, then word boundaries. Consecutive chunks overlap by a little prose, never by code or
// table rows. Every chunk records which blocks it holds, and where (ChunkBlock).
import type { Block, BlockKind } from "./parse-markdown.js";

/** Where one block (or the part of it a chunk holds) lies in a chunk's text. */
export interface ChunkBlock {
  kind: BlockKind;
  /** UTF-16 offsets into the chunk text, end exclusive. */
  start: number;
  end: number;
  /** Code: the info string's language. */
  lang?: string;
  /** List item: nesting depth (0 top level). */
  depth?: number;
  /** The chunk holds only part of this block (a long code block, table, list item or paragraph was cut). */
  partial?: true;
}

export interface ChunkPiece {
  text: string;
  blocks: ChunkBlock[];
}

interface Unit {
  text: string;
  sep: string;
  kind: BlockKind;
  block: number;
  /** How many pieces the block was cut into (1: whole). */
  parts: number;
  /** Units best kept in one chunk: a list with the last sentence of the paragraph that leads into it, or a
   * code block with the "Run this:" before it. Numbered by the group's first block. */
  group?: number;
  /** Carried over from the previous chunk. */
  overlap?: boolean;
}

/** Inside an over-long paragraph: lines first, then sentences, clauses and words (then characters). */
const PROSE_SEPARATORS = ["\n", ". ", "? ", "! ", "; ", ", ", " "];

export function splitBlocks(blocks: Block[], maxChars: number): ChunkPiece[] {
  const units = blocks.flatMap((block, i) => unitsOf(block, i, maxChars, leadInRoom(blocks, i, maxChars)));
  markGroups(units, blocks);
  return pack(units, blocks, maxChars);
}

/** A code block or table introduced by a short "…:" paragraph keeps room in its first piece for that lead-in,
 * so that "Run this:" does not end up alone in a chunk when the block is cut. */
function leadInRoom(blocks: Block[], i: number, maxChars: number): number {
  const block = blocks[i]!;
  const previous = blocks[i - 1];
  if ((block.kind !== "code" && block.kind !== "table") || previous?.kind !== "paragraph" || !/:$/.test(previous.text.trimEnd())) return 0;
  const size = previous.text.length + block.sep.length;
  return size <= maxChars / 4 ? size : 0;
}

function unitsOf(block: Block, index: number, maxChars: number, leadIn: number): Unit[] {
  const pieces =
    block.kind === "code"
      ? splitCode(block, maxChars, leadIn).map((text, i) => ({ text, sep: i === 0 ? block.sep : "\n" }))
      : block.kind === "table"
        ? splitTable(block, maxChars, leadIn).map((text, i) => ({ text, sep: i === 0 ? block.sep : "\n" }))
        : splitProse(block.text, maxChars, PROSE_SEPARATORS).map((p, i) => ({ text: p.text, sep: i === 0 ? block.sep : p.sep }));
  return pieces.map((p) => ({ ...p, kind: block.kind, block: index, parts: pieces.length }));
}

/** Groups each run of list items with the paragraph just before it (its last sentence, "You will need:"), and
 * a code block or table with a paragraph before it that ends in ":" ("Run this:"). */
function markGroups(units: Unit[], blocks: Block[]): void {
  const groupOf = new Map<number, number>();
  blocks.forEach((block, i) => {
    const previous = blocks[i - 1];
    if (block.kind === "item" && previous?.kind === "item") groupOf.set(i, groupOf.get(i - 1)!);
    else if (block.kind === "item" || ((block.kind === "code" || block.kind === "table") && /:$/.test(previous?.text.trimEnd() ?? ""))) {
      const leadIn = previous?.kind === "paragraph" ? i - 1 : i;
      groupOf.set(i, leadIn);
    }
  });
  units.forEach((unit, i) => {
    const group = groupOf.get(unit.block);
    if (group !== undefined) unit.group = group;
    // Only the lead-in paragraph's last piece joins the group.
    const next = units[i + 1];
    const leads = next !== undefined && next.block === unit.block + 1 && groupOf.get(next.block) === unit.block && unit.kind === "paragraph";
    if (leads) unit.group = unit.block;
  });
}

/** A code block whole if it fits, else pieces cut at line boundaries, each closed with the block's fence and
 * reopened with its opening line. A line longer than a piece can hold is cut into segments (the only case in
 * which code lines do not come back as they were); a chunk too small for even the fences gets plain slices. */
function splitCode(block: Block, maxChars: number, leadIn: number): string[] {
  if (block.text.length <= maxChars) return [block.text];
  const { open, lines: body, close } = block.code!;
  const room = maxChars - open.length - close.length - 2;
  if (room < 1) return slice(block.text, maxChars);
  const lines = body.flatMap((line) => (line.length <= room ? [line] : slice(line, room)));
  return packLines(lines, room, room - leadIn).map((lines) => [open, ...lines, close].join("\n"));
}

/** A table whole if it fits, else runs of rows, each under the header and delimiter rows again. A row too long
 * for a chunk on its own is cut like prose. */
function splitTable(block: Block, maxChars: number, leadIn: number): string[] {
  if (block.text.length <= maxChars) return [block.text];
  const [header, delimiter, ...rows] = block.rows!;
  const head = `${header}\n${delimiter}`;
  const room = maxChars - head.length - 1;
  if (room < 20) return splitProse(block.text, maxChars, PROSE_SEPARATORS).map((p) => p.text);
  const lines = rows.flatMap((row) => (row.length <= room ? [row] : splitProse(row, room, PROSE_SEPARATORS.slice(1)).map((p) => p.text)));
  return packLines(lines, room, room - leadIn).map((lines) => [head, ...lines].join("\n"));
}

/** Greedy runs of lines whose joined length stays within `room` (`firstRoom` for the first run). */
function packLines(lines: string[], room: number, firstRoom = room): string[][] {
  const runs: string[][] = [];
  let current: string[] = [];
  let length = -1;
  for (const line of lines) {
    if (current.length > 0 && length + 1 + line.length > (runs.length === 0 ? firstRoom : room)) {
      runs.push(current);
      current = [];
      length = -1;
    }
    current.push(line);
    length += 1 + line.length;
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

interface Piece {
  text: string;
  /** What joined this piece to the one before it in the original text. */
  sep: string;
}

/** Cuts prose at the first separator it contains, punctuation staying with the sentence it ends; pieces
 * still too long are cut at the next separators, and a word longer than a chunk into slices. */
function splitProse(text: string, maxChars: number, separators: string[]): Piece[] {
  if (text.length <= maxChars) return [{ text, sep: "" }];
  const at = separators.findIndex((s) => text.includes(s));
  if (at < 0) return slice(text, maxChars).map((t) => ({ text: t, sep: "" }));
  const separator = separators[at]!;
  const punctuation = separator.trimEnd();
  const space = separator.slice(punctuation.length);
  const parts = text.split(separator);
  const pieces: Piece[] = [];
  parts.forEach((part, i) => {
    const whole = i < parts.length - 1 ? part + punctuation : part;
    if (whole === "") return;
    const sub = splitProse(whole, maxChars, separators.slice(at + 1));
    pieces.push({ text: sub[0]!.text, sep: i === 0 ? "" : space }, ...sub.slice(1));
  });
  return pieces;
}

/** Slices of at most `size` UTF-16 units that never split a surrogate pair. */
function slice(text: string, size: number): string[] {
  const out: string[] = [];
  let current = "";
  for (const char of text) {
    if (current.length > 0 && current.length + char.length > size) {
      out.push(current);
      current = "";
    }
    current += char;
  }
  if (current !== "") out.push(current);
  return out;
}

function joined(units: Unit[]): string {
  return units.map((u, i) => (i === 0 ? u.text : u.sep + u.text)).join("");
}

/** The chunk's text and where each block lies in it; consecutive pieces of one block are one entry. */
function piece(units: Unit[], blocks: Block[]): ChunkPiece {
  const text = joined(units);
  const lead = text.length - text.trimStart().length;
  const trimmed = text.trim();
  const out: ChunkBlock[] = [];
  let offset = 0;
  units.forEach((unit, i) => {
    if (i > 0) offset += unit.sep.length;
    const start = Math.max(0, offset - lead);
    offset += unit.text.length;
    const end = Math.min(trimmed.length, offset - lead);
    const last = out.at(-1);
    if (last && units[i - 1]!.block === unit.block) {
      last.end = end;
      return;
    }
    const block = blocks[unit.block]!;
    const entry: ChunkBlock = { kind: unit.kind, start, end };
    if (block.code?.lang) entry.lang = block.code.lang;
    if (block.depth !== undefined) entry.depth = block.depth;
    out.push(entry);
  });
  // A block is partial when the chunk holds fewer of its pieces than it was cut into.
  let i = 0;
  for (const entry of out) {
    let count = 0;
    const block = units[i]!.block;
    while (i < units.length && units[i]!.block === block) {
      count++;
      i++;
    }
    if (count < units[i - 1]!.parts) entry.partial = true;
  }
  return { text: trimmed, blocks: out };
}

/** Greedy packing of units into chunks. When a unit does not fit, the chunk is closed and the next one starts
 * with up to `overlap` characters of the previous chunk's trailing prose — never code or table rows, so no
 * overlap starts inside a code block. When the unit belongs to a group (a list and its lead-in) that started
 * inside the chunk, the group's start moves to the next chunk instead, if the group so far and the unit fit
 * there. */
function pack(units: Unit[], blocks: Block[], maxChars: number): ChunkPiece[] {
  const overlap = Math.min(150, Math.floor(maxChars / 8));
  const chunks: ChunkPiece[] = [];
  const emit = (chunk: Unit[]) => {
    // A chunk made only of text repeated from the previous chunk adds nothing.
    if (chunk.some((u) => !u.overlap) && joined(chunk).trim() !== "") chunks.push(piece(chunk, blocks));
  };
  let current: Unit[] = [];
  let length = 0;
  for (const unit of units) {
    if (current.length === 0 || length + unit.sep.length + unit.text.length <= maxChars) {
      length += (current.length === 0 ? 0 : unit.sep.length) + unit.text.length;
      current.push(unit);
      continue;
    }
    const start = unit.group === undefined ? -1 : current.findIndex((u) => u.group === unit.group && !u.overlap);
    if (start > 0 && joined([...current.slice(start), unit]).length <= maxChars) {
      emit(current.slice(0, start));
      current = [...current.slice(start), unit];
    } else {
      emit(current);
      current = [...carriedOver(current, unit, overlap, maxChars), unit];
    }
    length = joined(current).length;
  }
  if (current.length > 0) emit(current);
  return chunks;
}

function carriedOver(previous: Unit[], next: Unit, overlap: number, maxChars: number): Unit[] {
  const carried: Unit[] = [];
  for (let i = previous.length - 1; i >= 0; i--) {
    const unit = previous[i]!;
    if (unit.kind === "code" || unit.kind === "table") break;
    const length = joined([unit, ...carried]).length;
    if (length > overlap || length + next.sep.length + next.text.length > maxChars) break;
    carried.unshift({ ...unit, overlap: true });
  }
  return carried;
}
