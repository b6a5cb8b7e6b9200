// Turns the core's Answer into Discord messages that always fit Discord's limits: the answer text as message
// content (split at paragraph, line or sentence boundaries, code fences closed and reopened across parts, never
// inside a [n] marker), the sources as embed lines that are never split, and the vote buttons on the last part.
import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from "discord.js";
import type { Answer, Citation } from "../../core/index.js";
import { voteButtons } from "./vote-buttons.js";

/** Discord rejects message content over 2,000 characters. */
export const CONTENT_MAX = 2_000;
/** Discord rejects an embed description over 4,096 characters. */
export const EMBED_DESCRIPTION_MAX = 4_096;
/** Discord rejects a message whose embeds hold more than 6,000 characters of text in total. */
export const EMBEDS_TOTAL_MAX = 6_000;
/** Discord allows at most 10 embeds per message. */
export const EMBEDS_PER_MESSAGE = 10;

// Parts of a source line are bounded so one line always fits an embed whole (no source is ever cut in two).
const TITLE_MAX = 200;
const SECTION_MAX = 200;
const URL_MAX = 500;
const FENCE_OPENER_MAX = 24;

export interface DiscordReply {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIButtonComponent>[];
}

export function formatAnswer(answer: Answer, answerId?: string): DiscordReply[] {
  const text = answer.answer.trim() || "(The answer came back empty.)";
  const replies: DiscordReply[] = splitMessage(text).map((content) => ({ content }));
  const embedGroups = packSourceEmbeds(answer.citations, answer.grounded);
  if (embedGroups[0]) replies[replies.length - 1]!.embeds = embedGroups[0];
  for (const group of embedGroups.slice(1)) replies.push({ embeds: group });
  if (answerId) replies[replies.length - 1]!.components = [voteButtons(answerId)];
  return replies;
}

/** Splits text into parts of at most `max` characters, each with balanced code fences. */
export function splitMessage(text: string, max = CONTENT_MAX): string[] {
  const parts: string[] = [];
  let rest = text;
  let reopen = ""; // the fence opener (e.g. "```ts") to repeat when a code block continues in the next part
  while (rest.length > 0) {
    const prefix = reopen ? `${reopen}\n` : "";
    // Reserve room for a closing fence in case this part ends inside a code block.
    const budget = max - prefix.length - 4;
    const cut = rest.length <= budget ? rest.length : findCut(rest, budget);
    let body = prefix + rest.slice(0, cut).trimEnd();
    rest = rest.slice(cut).replace(/^\n+/, "");
    const open = openFenceAtEnd(body);
    reopen = "";
    if (open !== undefined) {
      const closing = /^[ \t]*(```|~~~)[ \t]*(?:\n|$)/.exec(rest);
      if (closing && closing[1] === open.slice(0, 3)) {
        // The block ends right here: take its own closing fence rather than reopening an empty block next part.
        rest = rest.slice(closing[0].length).replace(/^\n+/, "");
      } else if (rest.length > 0) {
        reopen = open;
      }
      // Also closes a fence the answer itself left open, so the rest of the message does not render as code.
      body += `\n${open.slice(0, 3)}`;
    }
    if (body.trim().length > 0) parts.push(body);
  }
  return parts;
}

/** Where to end a part: the start of the next one, such that this part's text (trailing space trimmed) fits `budget`. */
function findCut(text: string, budget: number): number {
  // Whitespace runs are taken whole, and never end right before a [n] marker, so a marker stays with its words.
  const boundaries = [
    /\n[ \t]*\n/g, // paragraph
    /\n/g, // line
    /[.!?](?:\s?\[\d+\])*\s+(?!\s)(?!\[\d+\])/g, // sentence end, with the [n] markers right after it
    /\s+(?!\s)(?!\[\d+\])/g, // any space between words
  ].map((pattern) => lastBoundary(text, pattern, budget));
  const fair = boundaries.find((cut) => cut !== undefined && cut >= budget / 2);
  if (fair !== undefined) return fair;
  const any = boundaries.find((cut) => cut !== undefined && cut > 0);
  if (any !== undefined) return any;
  return hardCut(text, budget);
}

function lastBoundary(text: string, pattern: RegExp, budget: number): number | undefined {
  let cut: number | undefined;
  for (const match of text.matchAll(pattern)) {
    if (match.index + match[0].trimEnd().length > budget) break;
    cut = match.index + match[0].length;
  }
  return cut;
}

/** A cut inside one long word: step back out of a [n] marker and never split a surrogate pair. */
function hardCut(text: string, budget: number): number {
  let cut = budget;
  const marker = /\[\d*$/.exec(text.slice(Math.max(0, cut - 12), cut));
  if (marker && /^\d*\]/.test(text.slice(cut))) cut -= marker[0].length;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return Math.max(1, cut);
}

/** The opener line of a code block left open at the end of `text`, or undefined when all fences are closed. */
export function openFenceAtEnd(text: string): string | undefined {
  let open: string | undefined;
  for (const line of text.split("\n")) {
    const fence = /^\s*(```|~~~)(.*)$/.exec(line);
    if (!fence) continue;
    if (open === undefined) {
      const opener = `${fence[1]}${fence[2]!.trim()}`;
      open = opener.length <= FENCE_OPENER_MAX ? opener : fence[1]!;
    } else if (line.trim().startsWith(open.slice(0, 3))) {
      open = undefined;
    }
  }
  return open;
}

/** Source lines packed into embeds: each description ≤ 4,096, each message's embeds ≤ 6,000 and ≤ 10. */
function packSourceEmbeds(citations: Citation[], grounded: boolean): APIEmbed[][] {
  if (citations.length === 0) return [];
  // When not grounded the core lists the closest documents; saying so keeps members from over-trusting them.
  const title = grounded ? "Sources" : "Closest documents (not used in this answer)";
  const descriptions: string[] = [];
  for (const line of citations.map(sourceLine)) {
    const last = descriptions[descriptions.length - 1];
    if (last !== undefined && last.length + 1 + line.length <= EMBED_DESCRIPTION_MAX)
      descriptions[descriptions.length - 1] = `${last}\n${line}`;
    else descriptions.push(line);
  }
  const groups: APIEmbed[][] = [];
  let size = 0;
  descriptions.forEach((description, i) => {
    const embed: APIEmbed = i === 0 ? { title, description } : { description };
    const embedSize = (embed.title?.length ?? 0) + description.length;
    const group = groups[groups.length - 1];
    if (group && group.length < EMBEDS_PER_MESSAGE && size + embedSize <= EMBEDS_TOTAL_MAX) {
      group.push(embed);
      size += embedSize;
    } else {
      groups.push([embed]);
      size = embedSize;
    }
  });
  return groups;
}

export function sourceLine(citation: Citation): string {
  const title = escapeMarkdown(truncate(citation.title.trim() || citation.file, TITLE_MAX));
  const link = safeUrl(citation.url);
  const shown = link ? `[${title}](${link})` : `**${title}**`;
  const section = citation.section.trim() ? ` — ${escapeMarkdown(truncate(citation.section.trim(), SECTION_MAX))}` : "";
  return `\`[${citation.n}]\` ${shown}${section}`;
}

/** Only http(s) links of sane length become masked links; anything else would render broken or be rejected. */
function safeUrl(url: string | undefined): string | undefined {
  if (!url || url.length > URL_MAX || !/^https?:\/\/\S+$/i.test(url)) return undefined;
  return url.replace(/\(/g, "%28").replace(/\)/g, "%29");
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~`|[\]()>#])/g, "\\$1");
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
