// Turns the results of the chat tasks (latest, search, summarize) into Slack messages within Slack's limits
// (50 blocks, 3,000 characters per section, buttons' values ≤ 2,000). Document text is escaped (&, <, >),
// broadcasts (@channel, @here, @everyone) are defused and markup characters replaced by look-alikes, so a
// title renders as text and can never ping anyone.
import type { types } from "@slack/bolt";
import type { DocumentSummary, LatestItem, SearchPage } from "../../core/index.js";
import { BLOCKS_MAX, BUTTON_VALUE_MAX, MESSAGE_TEXT_MAX, SECTION_TEXT_MAX, truncateAt, type SlackMessage } from "./format-answer.js";
import { escapeMrkdwn, markdownToMrkdwn, neutraliseBroadcasts } from "./mrkdwn.js";

export const ACTION_SEARCH_PAGE = "docent_search_page";
const TITLE_MAX = 200;
const LINE_MAX = 300;
const URL_MAX = 1_000;
type KnownBlock = types.KnownBlock;
const LOOK_ALIKES: Record<string, string> = { "*": "∗", _: "＿", "~": "∼", "`": "ˋ", "|": "∣" };

/** What a paging button carries: the query, the page to show and who searched (only they turn the shared page). */
export interface SearchPageValue {
  q: string;
  p: number;
  u: string;
}

export const HELP = [
  "*/docent* browses the knowledge base:",
  "• `/docent latest [n] [topic]` — the newest documents, e.g. `/docent latest 3 security`",
  "• `/docent search <words>` — documents ranked by relevance, with section and link, e.g. `/docent search release process`",
  "• `/docent summarize <url | title | file>` — a short summary of one document, with its sections",
  "• `/docent help` — this list",
  "Anything else after `/docent` is taken as a request and answered from the docs, like `/ask`.",
].join("\n");

export function formatLatest(items: readonly LatestItem[], topic?: string): SlackMessage {
  const about = topic ? ` about “${plain(topic, 100)}”` : "";
  if (items.length === 0) return textOnly(topic ? `No documents${about} yet.` : "The knowledge base has no documents yet.");
  const heading = `*Newest documents${about}:*`;
  const lines = items.map((item, i) => {
    const when = item.dateSource === "first-seen" ? `added ${item.date}` : item.date;
    const summary = item.summary.trim() ? `\n${plain(item.summary, LINE_MAX)}` : "";
    return `*${i + 1}.* ${link(item.title || item.file, item.url)} · ${when}${summary}`;
  });
  return message(heading, lines);
}

export function formatSearchPage(page: SearchPage, options: { pageSize: number; userId: string }): SlackMessage {
  const query = plain(page.query, 100);
  if (page.items.length === 0)
    return textOnly(page.total === 0 ? `No documents match “${query}”.` : `No more results for “${query}” (page ${page.page} of ${page.pages}).`);
  const first = (page.page - 1) * options.pageSize + 1;
  const heading = `*Documents matching “${query}”* — page ${page.page} of ${page.pages} (${page.total} document${page.total === 1 ? "" : "s"}):`;
  const lines = page.items.map((item, i) => {
    const section = item.section.trim() ? ` · ${plain(item.section, 150)}` : "";
    const snippet = item.snippet.trim() ? `\n>${plain(item.snippet, LINE_MAX)}` : "";
    return `*${first + i}.* ${link(item.title || item.file, item.url)}${section}${snippet}`;
  });
  const result = message(heading, lines);
  if (page.pages > 1) {
    const button = (text: string, target: number) => ({
      type: "button" as const,
      action_id: `${ACTION_SEARCH_PAGE}_${text === "◀ Previous" ? "prev" : "next"}`,
      text: { type: "plain_text" as const, text, emoji: true },
      value: pageValue({ q: page.query, p: target, u: options.userId }),
    });
    const elements = [
      ...(page.page > 1 ? [button("◀ Previous", page.page - 1)] : []),
      ...(page.page < page.pages ? [button("Next ▶", page.page + 1)] : []),
    ];
    if (elements.length > 0) result.blocks.push({ type: "actions", block_id: "docent_search_paging", elements });
  }
  return result;
}

export function formatSummary(summary: DocumentSummary): SlackMessage {
  const citationUrls = new Map(summary.citations.flatMap((c) => (c.url ? [[c.n, c.url] as const] : [])));
  const heading = `*Summary of ${link(summary.title || summary.file, summary.url)}:*`;
  const body = truncateAt(markdownToMrkdwn(summary.summary, { citationUrls }).trim() || "_(no summary)_", SECTION_TEXT_MAX, "…");
  const blocks: KnownBlock[] = [
    { type: "section", text: { type: "mrkdwn", text: truncateAt(heading, SECTION_TEXT_MAX, "…") } },
    { type: "section", text: { type: "mrkdwn", text: body } },
  ];
  if (summary.sections.length > 0)
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: truncateAt(`*Sections:* ${summary.sections.map((s) => plain(s, 150)).join(" · ")}`, SECTION_TEXT_MAX, "…") }] });
  if (summary.citations.length > 0) {
    const sources = summary.citations.map((c) => `[${c.n}] ${link(c.title || c.file, c.url)}${c.section.trim() ? ` — ${plain(c.section, 150)}` : ""}`);
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: truncateAt(sources.join("\n"), SECTION_TEXT_MAX, "…") }] });
  }
  return { text: truncateAt(`Summary of ${plain(summary.title || summary.file, TITLE_MAX)}`, MESSAGE_TEXT_MAX, "…"), blocks };
}

export function pageValue(value: SearchPageValue): string {
  const raw = JSON.stringify(value);
  return raw.length <= BUTTON_VALUE_MAX ? raw : JSON.stringify({ ...value, q: value.q.slice(0, BUTTON_VALUE_MAX - 200) });
}

export function parsePageValue(raw: string | undefined): SearchPageValue | undefined {
  try {
    const v = JSON.parse(raw ?? "") as Partial<SearchPageValue>;
    if (typeof v.q !== "string" || typeof v.u !== "string" || typeof v.p !== "number" || !Number.isInteger(v.p) || v.p < 1) return undefined;
    return { q: v.q, p: v.p, u: v.u };
  } catch {
    return undefined;
  }
}

/** A heading section, one section per item (as many as Slack's block limit allows) and the fallback text. */
function message(heading: string, lines: string[]): SlackMessage {
  const room = BLOCKS_MAX - 2; // the heading and the paging buttons
  const shown = lines.slice(0, room);
  const blocks: KnownBlock[] = [
    { type: "section", text: { type: "mrkdwn", text: heading } },
    ...shown.map((line): KnownBlock => ({ type: "section", text: { type: "mrkdwn", text: truncateAt(line, SECTION_TEXT_MAX, "…") } })),
  ];
  return { text: truncateAt([heading, ...shown].join("\n"), MESSAGE_TEXT_MAX, "…"), blocks };
}

function textOnly(text: string): SlackMessage {
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}

function link(title: string, url: string | undefined): string {
  const label = plain(title, TITLE_MAX);
  const safe = url && url.length <= URL_MAX && /^https?:\/\/[^\s<>|]+$/i.test(url) ? url : undefined;
  return safe ? `<${safe}|${label}>` : `*${label}*`;
}

/** Document or member text as inert Slack text on one line: escaped, broadcasts defused, markup neutral. */
export function plain(text: string, max: number): string {
  const one = text.replace(/\s+/g, " ").trim();
  const cut = one.length <= max ? one : `${one.slice(0, max - 1)}…`;
  return neutraliseBroadcasts(escapeMrkdwn(cut)).replace(/[*_~`|]/g, (c) => LOOK_ALIKES[c] ?? c);
}
