// Decides which units of an answer stay: every statement must cite a provided source, so a sentence, list
// item sentence or table row without a valid citation is removed ("X [1]. Tickets cost 40 euros [9]." with
// two sources keeps only "X [1]."). What is not a statement follows the statements around it:
//  - a line of only citations ("[2]" under a paragraph) cites the sentence just before it;
//  - "I don't know" is the model declining, never content, whatever it cites;
//  - a lead-in — an uncited sentence ending with ":" right before a code block, list or table — stays when
//    what it introduces stays (a list with a cited item, a kept code block);
//  - a code block cannot carry a citation of its own, so it stays when the prose next to it is cited: the
//    sentence just before it (looking past an uncited lead-in to the sentence before that, in the same
//    paragraph), or the first sentence just after it; blank lines in between do not matter, a heading does.
//    An uncited command next to a cited explanation is kept on purpose: it is how a model quotes a source's
//    command ("Install it with:" / ```npm i``` / "This adds the CLI [1]."). Its links are still checked;
//  - headings stay when something under them stays; a rule (---) when something stays on both sides;
//  - blank lines are kept between what stays, collapsed to one.
// The decisions only ever look at units before a unit or right after it, and a unit's fate only improves as
// text is added after it, so the text kept from a partial answer is a prefix of the text kept from the whole.
import type { Block, Sentence } from "./answer-units.js";
import { countCitations, withoutCitations } from "./citations.js";

export interface KeptText {
  text: string;
  /** Statements (sentences, items, rows) removed for citing no provided source. */
  removedSentences: number;
  /** Citation numbers, anywhere in the answer, that name no provided source. */
  invalidCitations: number;
}

const DECLINE = /^[\s*_"“]*I\s+(?:don['’]t|do\s+not)\s+know\b/i;
const LEAD_IN_END = /:["”’')*_]*\s*$/;

interface Judged {
  text: string;
  /** Holds a letter or digit besides its citations (a bare "[1]" does not). */
  content: boolean;
  cited: boolean;
  kept: boolean;
}

export function keepCitedUnits(blocks: Block[], sourceCount: number): KeptText {
  const judged = new Map<Sentence, Judged>();
  let invalidCitations = 0;
  let previous: Judged | undefined;
  const attached: [Judged, Judged][] = [];
  for (const sentence of blocks.flatMap(statementsOf)) {
    const { valid, invalid } = countCitations(sentence.text, sourceCount);
    invalidCitations += invalid;
    const content = /[\p{L}\p{N}]/u.test(withoutCitations(sentence.text));
    const verdict: Judged = { text: sentence.text, content, cited: content && valid > 0 && !DECLINE.test(sentence.text), kept: false };
    if (!content && valid > 0 && previous && !DECLINE.test(previous.text)) {
      previous.cited = true;
      attached.push([verdict, previous]);
    }
    judged.set(sentence, verdict);
    if (content) previous = verdict;
  }
  for (const verdict of judged.values()) verdict.kept = verdict.cited;
  for (const [citation, anchor] of attached) citation.kept = anchor.kept;

  const at = (s: Sentence | undefined) => (s ? judged.get(s) : undefined);
  const keptBlock = new Array<boolean>(blocks.length).fill(false);
  const statementKept = (i: number) => statementsOf(blocks[i]!).some((s) => at(s)?.kept);
  for (let i = 0; i < blocks.length; i++) if (blocks[i]!.kind !== "code") keptBlock[i] = statementKept(i);

  // Code blocks, from the prose around them.
  for (let i = 0; i < blocks.length; i++) if (blocks[i]!.kind === "code") keptBlock[i] = citedBefore(blocks, i, at) || citedAfter(blocks, i, at);

  // Lead-ins, from what they introduce.
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    if (block.kind !== "prose" && block.kind !== "item") continue;
    const last = contentSentences(block, at).at(-1);
    const verdict = at(last);
    if (!last || !verdict || verdict.cited || !LEAD_IN_END.test(last.text)) continue;
    const next = nextIndex(blocks, i);
    if (next === undefined) continue;
    const target = blocks[next]!;
    let introduced = false;
    if (target.kind === "code" || target.kind === "table") introduced = keptBlock[next]!;
    else if (target.kind === "item") {
      // A list item's lead-in introduces only the items nested under it.
      const depth = block.kind === "item" ? indentOf(block.marker) : -1;
      for (let j: number | undefined = next; j !== undefined && !introduced; j = nextIndex(blocks, j)) {
        const b = blocks[j]!;
        if (b.kind !== "item" || indentOf(b.marker) <= depth) break;
        introduced = keptBlock[j]!;
      }
    }
    if (introduced) {
      verdict.kept = true;
      keptBlock[i] = true;
    }
  }

  // Headings and rules, from what stays around them.
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    if (block.kind !== "heading") continue;
    let after = false;
    for (let j = i + 1; j < blocks.length && !(blocks[j]!.kind === "heading" && !block.rule); j++) if (keptBlock[j] && blocks[j]!.kind !== "heading") after = true;
    keptBlock[i] = after && (!block.rule || keptBlock.slice(0, i).some((k, j) => k && blocks[j]!.kind !== "heading"));
  }

  let removedSentences = 0;
  for (const v of judged.values()) if (v.content && !v.kept) removedSentences++;
  return { text: render(blocks, keptBlock, at), removedSentences, invalidCitations };
}

/** The statements of a block, in order: sentences of prose and items, rows of tables. */
function statementsOf(block: Block): Sentence[] {
  if (block.kind === "prose" || block.kind === "item") return block.sentences;
  if (block.kind === "table") return block.rows;
  return [];
}

function contentSentences(block: Block, at: (s: Sentence) => Judged | undefined): Sentence[] {
  return statementsOf(block).filter((s) => at(s)?.content);
}

function indentOf(marker: string): number {
  return marker.length - marker.trimStart().length;
}

function nextIndex(blocks: Block[], i: number): number | undefined {
  for (let j = i + 1; j < blocks.length; j++) if (blocks[j]!.kind !== "blank") return j;
  return undefined;
}

function previousIndex(blocks: Block[], i: number): number | undefined {
  for (let j = i - 1; j >= 0; j--) if (blocks[j]!.kind !== "blank") return j;
  return undefined;
}

function citedBefore(blocks: Block[], i: number, at: (s: Sentence) => Judged | undefined): boolean {
  const j = previousIndex(blocks, i);
  const block = j === undefined ? undefined : blocks[j]!;
  if (!block || (block.kind !== "prose" && block.kind !== "item")) return false;
  const sentences = contentSentences(block, at);
  const last = sentences.at(-1);
  if (!last) return false;
  if (at(last)!.cited) return true;
  return LEAD_IN_END.test(last.text) && Boolean(at(sentences.at(-2)!)?.cited);
}

function citedAfter(blocks: Block[], i: number, at: (s: Sentence) => Judged | undefined): boolean {
  const j = nextIndex(blocks, i);
  const block = j === undefined ? undefined : blocks[j]!;
  if (!block || (block.kind !== "prose" && block.kind !== "item")) return false;
  const first = contentSentences(block, at)[0];
  return first !== undefined && at(first)!.cited;
}

function render(blocks: Block[], keptBlock: boolean[], at: (s: Sentence) => Judged | undefined): string {
  let out = "";
  let blank = false;
  for (const [i, block] of blocks.entries()) {
    if (block.kind === "blank") {
      blank = true;
      continue;
    }
    if (!keptBlock[i]) continue;
    const text = blockText(block, at);
    if (text === "") continue;
    out += out === "" ? text : `${blank ? "\n\n" : "\n"}${text}`;
    blank = false;
  }
  return out;
}

function blockText(block: Exclude<Block, { kind: "blank" }>, at: (s: Sentence) => Judged | undefined): string {
  const joined = (sentences: Sentence[]) =>
    sentences
      .filter((s) => at(s)?.kept)
      .map((s, k) => (k === 0 ? s.text : `${s.sep}${s.text}`))
      .join("");
  switch (block.kind) {
    case "heading":
    case "code":
      return block.text;
    case "prose":
      return joined(block.sentences);
    case "item": {
      const body = joined(block.sentences);
      return body === "" ? "" : `${block.marker}${body}`;
    }
    case "table": {
      const rows = block.rows.filter((r) => at(r)?.kept).map((r) => r.text);
      return rows.length === 0 ? "" : [...block.head, ...rows].join("\n");
    }
  }
}
