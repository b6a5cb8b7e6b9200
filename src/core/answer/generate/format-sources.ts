// Passages → the numbered, delimited source blocks of the prompt, trimmed to the tokens left in the model's
// context window. Passages are taken best first and whole; the first one that no longer fits is cut (when a
// useful part of it fits) and the rest are dropped, so the numbers the model sees are always 1..n.
import type { RetrievedPassage } from "../../retrieve/retrieve.js";
import { cutToTokens, estimateTokens } from "./token-estimate.js";
import { defangLine, defangUntrusted } from "./untrusted-text.js";

/** A cut passage shorter than this many tokens is more likely to mislead than to help. */
const MIN_PARTIAL_TOKENS = 48;
const CUT_MARK = " …";

export interface FormattedSources {
  /** The blocks, ready to place in the prompt. */
  text: string;
  /** The passages the blocks hold: source n is `passages[n - 1]`. */
  passages: RetrievedPassage[];
  /** Passages left out or cut to fit the budget. */
  trimmed: number;
}

export function formatSources(passages: RetrievedPassage[], budgetTokens: number): FormattedSources {
  const blocks: string[] = [];
  const included: RetrievedPassage[] = [];
  let remaining = budgetTokens;
  let cutOne = false;
  for (const passage of passages) {
    const n = included.length + 1;
    const full = sourceBlock(n, passage, passage.chunk.text);
    const cost = estimateTokens(full) + 1;
    if (cost <= remaining) {
      blocks.push(full);
      included.push(passage);
      remaining -= cost;
      continue;
    }
    const overhead = estimateTokens(sourceBlock(n, passage, CUT_MARK)) + 1;
    if (remaining - overhead >= MIN_PARTIAL_TOKENS) {
      const cut = cutToTokens(defangUntrusted(passage.chunk.text), remaining - overhead);
      blocks.push(sourceBlock(n, passage, `${cut.slice(0, Math.max(cut.lastIndexOf(" "), cut.length / 2))}${CUT_MARK}`, true));
      included.push(passage);
      cutOne = true;
    }
    break;
  }
  return { text: blocks.join("\n\n"), passages: included, trimmed: passages.length - included.length + (cutOne ? 1 : 0) };
}

function sourceBlock(n: number, passage: RetrievedPassage, text: string, alreadyDefanged = false): string {
  const { title, section, url } = passage.chunk;
  const fields = [`title: ${defangLine(title)}`];
  if (section.trim()) fields.push(`section: ${defangLine(section)}`);
  if (url) fields.push(`url: ${defangLine(url)}`);
  const body = alreadyDefanged ? text : defangUntrusted(text);
  return `<source n="${n}">\n${fields.join("\n")}\n\n${body.trim()}\n</source>`;
}
