// Splits passage text into the units the extractive answerer may quote: sentences of prose paragraphs
// (hard-wrapped lines joined first), single list items and table rows, and whole code blocks. Abbreviations
// and decimals ("Feb. 24", "$8.8", "e.g.") do not end a sentence.

import { closesFence, fenceMarker } from "../text/code-fence.js";

const ABBREVIATIONS = /(?:\b(?:e\.g|i\.e|etc|vs|Mr|Mrs|Ms|Dr|Prof|Inc|Ltd|Jr|Sr|St|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])\.$/;
const LINE_ITEM = /^\s*(?:[-*+•]\s|\d+[.)]\s|\|)/;

export function splitSentences(text: string): string[] {
  const units: string[] = [];
  let paragraph: string[] = [];
  let code: string[] | undefined;
  let fence = "";
  const flush = () => {
    if (paragraph.length > 0) units.push(...sentencesOf(paragraph.join(" ")));
    paragraph = [];
  };
  for (const line of text.split("\n")) {
    const marker = fenceMarker(line);
    if (code) {
      code.push(line);
      if (closesFence(fence, line)) {
        units.push(code.join("\n"));
        code = undefined;
      }
    } else if (marker) {
      flush();
      code = [line];
      fence = marker;
    } else if (line.trim() === "") {
      flush();
    } else if (LINE_ITEM.test(line)) {
      flush();
      units.push(line.trim());
    } else {
      paragraph.push(line.trim());
    }
  }
  if (code) units.push([...code, fence].join("\n"));
  flush();
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
