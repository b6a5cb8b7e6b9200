// Splits passage text into the units the extractive answerer may quote: sentences of prose paragraphs
// (hard-wrapped lines joined first), single list items and table rows, and whole code blocks. Abbreviations
// and decimals ("Feb. 24", "$8.8", "e.g.") do not end a sentence. A chunk from the index carries its block
// structure (parsed once at ingest, see parse-markdown.ts): then the units follow those blocks, and the text
// is only re-read line by line for chunks without it (hand-made passages, older code paths).

import type { ChunkBlock } from "../ingest/split-blocks.js";
import { closesFence, fenceMarker } from "../text/code-fence.js";

const ABBREVIATIONS = /(?:\b(?:e\.g|i\.e|etc|vs|Mr|Mrs|Ms|Dr|Prof|Inc|Ltd|Jr|Sr|St|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])\.$/;
const LINE_ITEM = /^\s*(?:[-*+•]\s|\d+[.)]\s|\|)/;

export type UnitKind = "sentence" | "item" | "row" | "code";

/** A quotable unit and the block it belongs to: sentences of one paragraph, or the items of one list or
 * the rows of one table, share a block number; a code block is a block of its own. */
export interface TextUnit {
  text: string;
  kind: UnitKind;
  block: number;
}

export function splitSentences(text: string): string[] {
  return splitUnits(text).map((u) => u.text);
}

export function splitUnits(text: string, blocks?: readonly ChunkBlock[]): TextUnit[] {
  if (blocks && blocks.length > 0) return unitsOfBlocks(text, blocks);
  const units: TextUnit[] = [];
  let paragraph: string[] = [];
  let code: string[] | undefined;
  let fence = "";
  let block = 0;
  let lastKind: UnitKind | undefined;
  const push = (unitText: string, kind: UnitKind) => {
    // A new block starts after a blank line (lastKind reset), at a change of kind, and for every code block.
    if (lastKind !== undefined && (lastKind !== kind || kind === "code" || kind === "sentence")) block++;
    units.push({ text: unitText, kind, block });
    lastKind = kind;
  };
  const flush = () => {
    if (paragraph.length > 0) {
      const sentences = sentencesOf(paragraph.join(" "));
      if (lastKind !== undefined) block++;
      for (const sentence of sentences) units.push({ text: sentence, kind: "sentence", block });
      lastKind = "sentence";
    }
    paragraph = [];
  };
  const endBlock = () => {
    flush();
    if (lastKind !== undefined) {
      block++;
      lastKind = undefined;
    }
  };
  for (const line of text.split("\n")) {
    const marker = fenceMarker(line);
    if (code) {
      code.push(line);
      if (closesFence(fence, line)) {
        push(code.join("\n"), "code");
        code = undefined;
      }
    } else if (marker) {
      flush();
      code = [line];
      fence = marker;
    } else if (line.trim() === "") {
      endBlock();
    } else if (LINE_ITEM.test(line)) {
      flush();
      push(line.trim(), line.trim().startsWith("|") ? "row" : "item");
    } else if (lastKind === "item" && paragraph.length === 0 && /^\s{2,}\S/.test(line)) {
      // An indented line after a list item continues that item.
      units[units.length - 1]!.text += ` ${line.trim()}`;
    } else {
      paragraph.push(line.trim());
    }
  }
  if (code) push([...code, fence].join("\n"), "code");
  flush();
  // Block numbers only need to be distinct and ordered; renumber them densely.
  const dense = new Map<number, number>();
  for (const u of units) {
    if (!dense.has(u.block)) dense.set(u.block, dense.size);
    u.block = dense.get(u.block)!;
  }
  return units;
}

/** Units from the chunk's own blocks: a paragraph or quote gives its sentences, a list item one unit (the items
 * of one list share a block), a table its rows, a code block itself. */
function unitsOfBlocks(text: string, blocks: readonly ChunkBlock[]): TextUnit[] {
  const units: TextUnit[] = [];
  let block = -1;
  let previous: ChunkBlock | undefined;
  for (const b of blocks) {
    const piece = text.slice(b.start, b.end);
    // Consecutive items are one list; every other block starts a new one.
    if (!(b.kind === "item" && previous?.kind === "item")) block++;
    previous = b;
    if (b.kind === "code") units.push({ text: piece.trim(), kind: "code", block });
    else if (b.kind === "item") units.push({ text: piece.trim().replace(/\s*\n\s*/g, " "), kind: "item", block });
    else if (b.kind === "table") for (const row of piece.split("\n")) row.trim() !== "" && units.push({ text: row.trim(), kind: "row", block });
    else for (const sentence of sentencesOf(piece.split("\n").map((l) => l.trim()).join(" ").trim())) units.push({ text: sentence, kind: "sentence", block });
  }
  return units.filter((u) => u.text !== "");
}

function sentencesOf(paragraph: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  const boundary = /[.!?…]["”’)\]]*\s+(?=["“‘(\[`]?[\p{Lu}\p{N}`])/gu;
  for (let m = boundary.exec(paragraph); m; m = boundary.exec(paragraph)) {
    const candidate = paragraph.slice(start, m.index + m[0].trimEnd().length);
    if (ABBREVIATIONS.test(candidate)) continue;
    sentences.push(candidate.trim());
    start = m.index + m[0].length;
  }
  const rest = paragraph.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}
