// Turns the results of the chat tasks (latest, search, summarize) into Discord messages within Discord's limits:
// a short content line, one embed (description ≤ 4,096, fields ≤ 1,024, total ≤ 6,000) and, for search, the
// paging buttons. Document text is escaped so it renders as text; mentions are disabled where it is sent.
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from "discord.js";
import type { DocumentSummary, LatestItem, SearchPage } from "../../core/index.js";
import { CONTENT_MAX, EMBED_DESCRIPTION_MAX, sourceLine, type DiscordReply } from "./format-answer.js";

/** Discord: an embed field value holds at most 1,024 characters, a title 256, a custom id 100. */
const FIELD_VALUE_MAX = 1_024;
const EMBED_TITLE_MAX = 256;
export const CUSTOM_ID_MAX = 100;
const ITEM_TITLE_MAX = 200;
const LINE_TEXT_MAX = 300;
const URL_MAX = 500;
const ACCENT = 0x1d3557;

export function formatLatest(items: readonly LatestItem[], topic?: string): DiscordReply {
  const about = topic ? ` about “${inline(topic, 100)}”` : "";
  if (items.length === 0) return { content: topic ? `No documents${about} yet.` : "The knowledge base has no documents yet." };
  const lines = items.map((item, i) => {
    const when = item.dateSource === "first-seen" ? `added ${item.date}` : item.date;
    const summary = item.summary.trim() ? `\n${escapeMarkdown(truncate(oneLine(item.summary), LINE_TEXT_MAX))}` : "";
    return `**${i + 1}.** ${link(item.title || item.file, item.url)} · ${when}${summary}`;
  });
  return { content: `Newest documents${about}:`, embeds: [{ color: ACCENT, description: fitLines(lines, EMBED_DESCRIPTION_MAX) }] };
}

export function formatSearchPage(page: SearchPage, options: { pageSize: number; pagingId?: (page: number) => string }): DiscordReply {
  const { pageSize, pagingId } = options;
  const query = inline(page.query, 100);
  if (page.items.length === 0)
    return { content: page.total === 0 ? `No documents match “${query}”.` : `No more results for “${query}” (page ${page.page} of ${page.pages}).` };
  const first = (page.page - 1) * pageSize + 1;
  const lines = page.items.map((item, i) => {
    const section = item.section.trim() ? ` · ${escapeMarkdown(truncate(item.section.trim(), 150))}` : "";
    const snippet = item.snippet.trim() ? `\n> ${escapeMarkdown(truncate(oneLine(item.snippet), LINE_TEXT_MAX))}` : "";
    return `**${first + i}.** ${link(item.title || item.file, item.url)}${section}${snippet}`;
  });
  const reply: DiscordReply = {
    content: `Documents matching “${query}” — page ${page.page} of ${page.pages} (${page.total} document${page.total === 1 ? "" : "s"}):`,
    embeds: [{ color: ACCENT, description: fitLines(lines, EMBED_DESCRIPTION_MAX) }],
  };
  if (pagingId && page.pages > 1) reply.components = [pagingButtons(page, pagingId)];
  return reply;
}

export function formatSummary(summary: DocumentSummary): DiscordReply {
  const embed: APIEmbed = {
    color: ACCENT,
    title: truncate(summary.title || summary.file, EMBED_TITLE_MAX),
    description: truncate(summary.summary.trim() || "(No summary.)", EMBED_DESCRIPTION_MAX),
  };
  const url = safeUrl(summary.url);
  if (url) embed.url = url;
  const fields: NonNullable<APIEmbed["fields"]> = [];
  if (summary.sections.length > 0)
    fields.push({ name: "Sections", value: fitLines(summary.sections.map((s) => `• ${escapeMarkdown(truncate(s, 150))}`), FIELD_VALUE_MAX) });
  if (summary.citations.length > 0) fields.push({ name: "Sources", value: fitLines(summary.citations.map(sourceLine), FIELD_VALUE_MAX) });
  if (fields.length > 0) embed.fields = fields;
  return { content: summary.grounded ? "Summary:" : "I couldn't summarise that document:", embeds: [embed] };
}

function pagingButtons(page: SearchPage, pagingId: (page: number) => string): APIActionRowComponent<APIButtonComponent> {
  const button = (label: string, target: number, disabled: boolean): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    custom_id: pagingId(target),
    disabled,
  });
  return {
    type: ComponentType.ActionRow,
    components: [button("◀ Previous", Math.max(1, page.page - 1), page.page <= 1), button("Next ▶", Math.min(page.pages, page.page + 1), page.page >= page.pages)],
  };
}

function link(title: string, url: string | undefined): string {
  const text = escapeMarkdown(truncate(oneLine(title), ITEM_TITLE_MAX));
  const safe = safeUrl(url);
  return safe ? `[${text}](${safe})` : `**${text}**`;
}

/** Joins whole lines while they fit in `max` (a blank line between items), then says how many were left out. */
function fitLines(lines: readonly string[], max: number): string {
  const kept: string[] = [];
  let size = 0;
  for (const [i, line] of lines.entries()) {
    const note = `\n… and ${lines.length - i} more`;
    const add = (kept.length > 0 ? 2 : 0) + line.length;
    if (size + add + (i < lines.length - 1 ? note.length : 0) > max) {
      if (kept.length === 0) return truncate(line, max);
      return `${kept.join("\n\n")}${note}`;
    }
    kept.push(line);
    size += add;
  }
  return kept.join("\n\n");
}

/** Only http(s) links of sane length become masked links; anything else would render broken or be rejected. */
function safeUrl(url: string | undefined): string | undefined {
  if (!url || url.length > URL_MAX || !/^https?:\/\/\S+$/i.test(url)) return undefined;
  return url.replace(/\(/g, "%28").replace(/\)/g, "%29");
}

/** Member text shown inside quotes on one line. */
function inline(text: string, max: number): string {
  return escapeMarkdown(truncate(oneLine(text), max));
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~`|[\]()>#<@])/g, "\\$1");
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The content line never exceeds Discord's limit (it holds member text). */
export function fitContent(content: string): string {
  return truncate(content, CONTENT_MAX);
}
