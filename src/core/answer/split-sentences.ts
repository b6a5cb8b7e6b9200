// Splits passage text into the units the extractive answerer may quote: sentences of prose paragraphs
// (hard-wrapped lines joined first), single list items and table rows, and whole code blocks. Abbreviations
// and decimals ("Feb. 24", "$8.8", "e.g.") do not end a sentence.

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

export function splitUnits(text: string): TextUnit[] {
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
