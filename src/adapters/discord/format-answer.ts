// Turns the core's Answer into Discord messages that always fit Discord's limits: the answer text as message
// content (split between Markdown blocks, a code block too long for one message closed and reopened across
// parts, never inside a [n] marker), the sources as embed lines that are never split, and the vote buttons on
// the last part.
import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from "discord.js";
import { openFence, splitIntoParts, type Answer, type Citation } from "../../core/index.js";
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

/**
 * Splits text into parts of at most `max` characters on its Markdown blocks (core/text/fit-blocks.ts): a part
 * ends between paragraphs, list items, table rows or code blocks; only a block longer than a part is cut, a code
 * block at a line with its fence closed and reopened, prose at a sentence and then a word, never inside a [n].
 */
export function splitMessage(text: string, max = CONTENT_MAX): string[] {
  return splitIntoParts(text, max, { openerMax: FENCE_OPENER_MAX });
}

/** The opener of a code block left open at the end of `text` ("```ts"), or undefined when all fences are closed. */
export function openFenceAtEnd(text: string): string | undefined {
  const fence = openFence(text);
  if (!fence) return undefined;
  const opener = `${fence.marker}${fence.info}`;
  return opener.length <= FENCE_OPENER_MAX ? opener : fence.marker;
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
