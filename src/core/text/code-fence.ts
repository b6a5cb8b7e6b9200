// The one fence rule. A fenced code block, as CommonMark defines it and as remark parses it:
//  - it opens with a line of at least three backticks or at least three tildes, indented by up to three
//    spaces, optionally followed by an info string ("```ts"); a backtick fence's info string may not hold a
//    backtick (so "```a``` b" is inline code, not a fence);
//  - it closes with a line of the same character, at least as long as the opener, indented by up to three
//    spaces, with nothing after it but spaces ("```[1]" closes nothing);
//  - an unclosed block runs to the end of the text.
// Everything that reads Markdown line by line (ingest, sentence splitting, the grounding check, streaming)
// asks these functions; whole answers are split into blocks by markdown-blocks.ts, which uses remark for the
// block structure and these functions for each code block's opener and closer.

export interface Fence {
  /** The fence characters, e.g. "```" or "~~~~". */
  marker: string;
  /** Spaces before the marker (0–3). */
  indent: number;
  /** The info string after the marker, trimmed ("ts", "sh title=x"). */
  info: string;
}

const OPENER = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const CLOSER = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;

/** The fence a line opens a code block with, if it is a fence line. */
export function openingFence(line: string): Fence | undefined {
  const m = OPENER.exec(line.replace(/\r$/, ""));
  if (!m) return undefined;
  const marker = m[2]!;
  const info = m[3]!;
  if (marker[0] === "`" && info.includes("`")) return undefined;
  return { marker, indent: m[1]!.length, info: info.trim() };
}

/** The fence characters of a line that opens (or could close) a code block, if it is a fence line. */
export function fenceMarker(line: string): string | undefined {
  return openingFence(line)?.marker;
}

/** Whether `line` closes a block opened with `open`: a bare fence of the same character, at least as long. */
export function closesFence(open: string | Fence, line: string): boolean {
  const marker = typeof open === "string" ? open : open.marker;
  const m = CLOSER.exec(line.replace(/\r$/, ""));
  return m !== null && m[1]![0] === marker[0] && m[1]!.length >= marker.length;
}

/** The line that closes a block opened with `open`. */
export function closingFence(open: string | Fence): string {
  return typeof open === "string" ? (fenceMarker(open) ?? open) : open.marker;
}

/** A fenced code block found by scanFences, as offsets into the scanned text (end: after its last line's text). */
export interface FencedRange {
  start: number;
  end: number;
  fence: Fence;
  closed: boolean;
}

/**
 * The fenced code blocks of `text`, read line by line with the rule above (top-level fences, and fences of
 * list items indented by up to three spaces). Cheap enough to run on every streamed partial.
 */
export function scanFences(text: string): FencedRange[] {
  const out: FencedRange[] = [];
  let open: FencedRange | undefined;
  let offset = 0;
  for (const line of text.split("\n")) {
    const end = offset + line.length;
    if (open) {
      if (closesFence(open.fence, line)) {
        open.end = end;
        open.closed = true;
        out.push(open);
        open = undefined;
      }
    } else {
      const fence = openingFence(line);
      if (fence) open = { start: offset, end, fence, closed: false };
    }
    offset = end + 1;
  }
  if (open) out.push({ ...open, end: text.length });
  return out;
}

/** The fence of a code block left open at the end of `text`, or undefined when every fence is closed. */
export function openFence(text: string): Fence | undefined {
  const last = scanFences(text).at(-1);
  return last && !last.closed ? last.fence : undefined;
}

/** `text` with a code block it leaves open closed on a line of its own. */
export function closeOpenFence(text: string): string {
  const open = openFence(text);
  if (!open) return text;
  const base = text.replace(/[ \t]+$/, "");
  return `${base}${base.endsWith("\n") ? "" : "\n"}${closingFence(open)}`;
}
