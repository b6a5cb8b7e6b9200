// Cuts one section's cleaned text into chunk texts of at most maxChars, at block boundaries: paragraphs,
// list items and whole fenced code blocks. A code block is never cut inside unless it alone is longer than a
// chunk; then it is cut at line boundaries and every piece is closed with the block's fence and the next one
// reopened with the block's own opening line (info string included), so that each chunk is valid Markdown
// and code is never read as prose. Only prose paragraphs longer than a chunk are cut inside, at line, then
// sentence, then word boundaries. Consecutive chunks overlap by a little prose, never by code.
import { closesFence, fenceMarker } from "../text/code-fence.js";

type Kind = "prose" | "item" | "code";

interface Block {
  kind: Kind;
  lines: string[];
  /** What separated the block from the one before it: "\n" (next line) or "\n\n" (a blank line). */
  sep: string;
  /** Opening fence marker of a code block, and whether the block was closed before the section ended. */
  fence?: string;
  closed?: boolean;
}

interface Unit {
  text: string;
  sep: string;
  kind: Kind;
  block: number;
  /** Units best kept in one chunk: a list with the last sentence of the paragraph that leads into it, or a
   * code block with the "Run this:" before it. Numbered by the group's first block. */
  group?: number;
  /** Carried over from the previous chunk. */
  overlap?: boolean;
}

const LIST_ITEM = /^\s*(?:[-*+•]\s|\d+[.)]\s)/;
/** Inside an over-long paragraph: lines first, then sentences, clauses and words (then characters). */
const PROSE_SEPARATORS = ["\n", ". ", "? ", "! ", "; ", ", ", " "];

export function splitBlocks(text: string, maxChars: number): string[] {
  const blocks = parseBlocks(text);
  const units = blocks.flatMap((block, i) => unitsOf(block, i, maxChars));
  markGroups(units, blocks);
  return pack(units, maxChars);
}

function parseBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let open: Block | undefined; // the prose paragraph or list item that the next plain line continues
  let code: Block | undefined;
  let sep = "";
  const start = (block: Omit<Block, "sep">): Block => {
    const full = { ...block, sep: blocks.length === 0 ? "" : sep };
    blocks.push(full);
    return full;
  };
  for (const line of text.split("\n")) {
    if (code) {
      code.lines.push(line);
      if (closesFence(code.fence!, line)) {
        code.closed = true;
        code = undefined;
      }
    } else if (fenceMarker(line)) {
      code = start({ kind: "code", lines: [line], fence: fenceMarker(line), closed: false });
      open = undefined;
    } else if (line.trim() === "") {
      open = undefined;
      sep = "\n\n";
      continue;
    } else if (LIST_ITEM.test(line)) {
      open = start({ kind: "item", lines: [line] });
    } else if (open) {
      open.lines.push(line);
    } else {
      open = start({ kind: "prose", lines: [line] });
    }
    sep = "\n";
  }
  return blocks;
}

function unitsOf(block: Block, index: number, maxChars: number): Unit[] {
  const pieces =
    block.kind === "code"
      ? splitCode(block, maxChars).map((text, i) => ({ text, sep: i === 0 ? block.sep : "\n" }))
      : splitProse(block.lines.join("\n"), maxChars, PROSE_SEPARATORS).map((p, i) => ({ text: p.text, sep: i === 0 ? block.sep : p.sep }));
  return pieces.map((p) => ({ ...p, kind: block.kind, block: index }));
}

/** Groups each run of list items with the paragraph just before it (its last sentence, "You will need:"), and
 * a code block with a paragraph before it that ends in ":" ("Run this:"). */
function markGroups(units: Unit[], blocks: Block[]): void {
  const groupOf = new Map<number, number>();
  blocks.forEach((block, i) => {
    const previous = blocks[i - 1];
    if (block.kind === "item" && previous?.kind === "item") groupOf.set(i, groupOf.get(i - 1)!);
    else if (block.kind === "item" || (block.kind === "code" && /:$/.test(previous?.lines.at(-1)!.trimEnd() ?? ""))) {
      const leadIn = previous?.kind === "prose" ? i - 1 : i;
      groupOf.set(i, leadIn);
    }
  });
  units.forEach((unit, i) => {
    const group = groupOf.get(unit.block);
    if (group !== undefined) unit.group = group;
    // Only the lead-in paragraph's last piece joins the group.
    const next = units[i + 1];
    const leads = next !== undefined && next.block === unit.block + 1 && groupOf.get(next.block) === unit.block && unit.kind === "prose";
    if (leads) unit.group = unit.block;
  });
}

/** A code block whole if it fits, else pieces cut at line boundaries, each closed with the block's fence and
 * reopened with its opening line. A line longer than a piece can hold is cut into segments (the only case in
 * which code lines do not come back as they were); a chunk too small for even the fences gets plain slices. */
function splitCode(block: Block, maxChars: number): string[] {
  const fence = block.fence!;
  const close = block.closed ? block.lines.at(-1)! : fence;
  const text = (block.closed ? block.lines : [...block.lines, close]).join("\n");
  if (text.length <= maxChars) return [text];
  const opening = block.lines[0]!;
  const body = block.lines.slice(1, block.closed ? -1 : undefined);
  const room = maxChars - opening.length - Math.max(fence.length, close.length) - 2;
  if (room < 1) return slice(text, maxChars);
  const lines = body.flatMap((line) => (line.length <= room ? [line] : slice(line, room)));
  const bodies: string[][] = [];
  let current: string[] = [];
  let length = -1;
  for (const line of lines) {
    if (current.length > 0 && length + 1 + line.length > room) {
      bodies.push(current);
      current = [];
      length = -1;
    }
    current.push(line);
    length += 1 + line.length;
  }
  if (current.length > 0) bodies.push(current);
  return bodies.map((lines, i) => [opening, ...lines, i === bodies.length - 1 ? close : fence].join("\n"));
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

/** Greedy packing of units into chunks. When a unit does not fit, the chunk is closed and the next one starts
 * with up to `overlap` characters of the previous chunk's trailing prose — never code, so no overlap starts
 * inside a code block. When the unit belongs to a group (a list and its lead-in) that started inside the
 * chunk, the group's start moves to the next chunk instead, if the group so far and the unit fit there. */
function pack(units: Unit[], maxChars: number): string[] {
  const overlap = Math.min(150, Math.floor(maxChars / 8));
  const chunks: string[] = [];
  const emit = (chunk: Unit[]) => {
    // A chunk made only of text repeated from the previous chunk adds nothing.
    if (chunk.some((u) => !u.overlap)) chunks.push(joined(chunk));
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
    if (unit.kind === "code") break;
    const length = joined([unit, ...carried]).length;
    if (length > overlap || length + next.sep.length + next.text.length > maxChars) break;
    carried.unshift({ ...unit, overlap: true });
  }
  return carried;
}
