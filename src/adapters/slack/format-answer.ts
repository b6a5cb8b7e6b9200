// Answer → Slack message (Block Kit blocks plus the plain `text` fallback used for notifications and by
// clients that cannot show blocks). Slack rejects a message that breaks any block limit outright, so every
// limit is a named constant here and every piece of text is cut to fit before it is placed.
// @see https://api.slack.com/reference/block-kit/blocks
import type { types } from "@slack/bolt";
import { splitIntoParts, truncateMarkdown, type Citation, type FitOptions } from "../../core/index.js";
import { escapeMrkdwn, markdownToMrkdwn, neutraliseBroadcasts } from "./mrkdwn.js";

type KnownBlock = types.KnownBlock;

/** Slack: a section's text may hold at most 3,000 characters. */
export const SECTION_TEXT_MAX = 3_000;
/** Slack: at most 50 blocks in one message. */
export const BLOCKS_MAX = 50;
/** Slack: a button's label may hold at most 75 characters. */
export const BUTTON_TEXT_MAX = 75;
/** Slack: a button's value may hold at most 2,000 characters. */
export const BUTTON_VALUE_MAX = 2_000;
/** Slack: a context block's text element may hold at most 3,000 characters (and 10 elements). */
export const CONTEXT_TEXT_MAX = 3_000;
/** Slack truncates message text above 40,000 characters and advises staying under 4,000. */
export const MESSAGE_TEXT_MAX = 3_900;
/**
 * Our own cap on answer sections: well inside BLOCKS_MAX, and 24,000 characters is already far more than anyone
 * reads in chat. Longer answers are cut at a clean boundary and point to the sources instead.
 */
export const ANSWER_SECTIONS_MAX = 8;
/** How much of an answer's Markdown is converted: twice what the answer sections can show. */
const ANSWER_MARKDOWN_MAX = 2 * ANSWER_SECTIONS_MAX * SECTION_TEXT_MAX;
/** How much of the asker's question we echo above an answer that is shown away from the question itself. */
export const QUESTION_ECHO_MAX = 300;
/** How much of a source's name (title › section) we show, in the sources list and in the "shortened" note. */
export const SOURCE_NAME_MAX = 200;
/** A source URL longer than this is shown without its link, so one odd URL cannot break a block's limit. */
export const SOURCE_URL_MAX = 1_000;
/**
 * The most blocks formatAnswer ever builds: the question echo, the answer sections, the sources, the buttons.
 * Bounded by construction (each part is at most one block, the answer at most ANSWER_SECTIONS_MAX), so no
 * block is ever dropped to fit BLOCKS_MAX — least of all the vote buttons at the end.
 */
export const BLOCKS_BUILT_MAX = 1 + ANSWER_SECTIONS_MAX + 1 + 1;

export const ACTION_VOTE_UP = "docent_vote_up";
export const ACTION_VOTE_DOWN = "docent_vote_down";
export const ACTION_SHARE = "docent_share";

export interface AnswerContent {
  answer: string;
  citations: Citation[];
  grounded: boolean;
}

export interface FormatOptions {
  /** The record id of the answer: the vote (and share) buttons carry it; without one there are no buttons. */
  answerId?: string;
  /** Adds the "Share in channel" button (for ephemeral /ask answers). */
  share?: boolean;
  /** Echoes who asked what, for answers that do not sit right under the question (/ask, shared answers). */
  askedBy?: { userId: string; question: string; shared?: boolean };
}

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

const TRUNCATION_NOTE = "_…the answer was shortened to fit in Slack; the sources below have the full story._";

export function formatAnswer(content: AnswerContent, options: FormatOptions): SlackMessage {
  const citationUrls = new Map(content.citations.flatMap((c) => (c.url ? [[c.n, c.url] as const] : [])));
  // Slack shows at most ANSWER_SECTIONS_MAX sections: text far past them is never converted (mrkdwn is at most
  // a little shorter than its Markdown), and an answer cut here always gets the shortened note.
  const capped = content.answer.length > ANSWER_MARKDOWN_MAX;
  const markdown = capped ? content.answer.slice(0, ANSWER_MARKDOWN_MAX) : content.answer;
  const mrkdwn = markdownToMrkdwn(markdown, { citationUrls }).trim() || "_(empty answer)_";

  // At most BLOCKS_BUILT_MAX blocks (≤ BLOCKS_MAX): one optional block per part, the answer already capped.
  const sources = sourcesText(content.citations, content.grounded);
  const blocks: KnownBlock[] = [
    ...(options.askedBy ? [askedByBlock(options.askedBy)] : []),
    ...fitAnswerSections(mrkdwn, content.citations, capped).map((text): KnownBlock => ({ type: "section", text: { type: "mrkdwn", text } })),
    ...(sources ? [{ type: "context", elements: [{ type: "mrkdwn", text: sources }] } satisfies KnownBlock] : []),
    ...(options.answerId ? [actionsBlock(options.answerId, options.share ?? false)] : []),
  ];
  return { text: truncateAt(mrkdwn, MESSAGE_TEXT_MAX, "…"), blocks };
}

function askedByBlock(askedBy: NonNullable<FormatOptions["askedBy"]>): KnownBlock {
  const question = neutraliseBroadcasts(escapeMrkdwn(truncateAt(askedBy.question.replace(/\s+/g, " "), QUESTION_ECHO_MAX, "…")));
  const who = askedBy.shared ? `<@${askedBy.userId}> shared an answer to` : `<@${askedBy.userId}> asked`;
  return { type: "context", elements: [{ type: "mrkdwn", text: `${who}: ${question}` }] };
}

function fitAnswerSections(mrkdwn: string, citations: Citation[], capped: boolean): string[] {
  const sections = splitMrkdwn(mrkdwn, SECTION_TEXT_MAX);
  if (sections.length <= ANSWER_SECTIONS_MAX && !capped) return sections;
  const kept = sections.slice(0, ANSWER_SECTIONS_MAX);
  const first = citations.find((c) => c.url);
  const link = first?.url ? sourceLink(first.url, sourceName(first.title || first.file)) : undefined;
  const note = link ? `${TRUNCATION_NOTE} ${link}` : TRUNCATION_NOTE;
  // The room is what the note (built and capped above) leaves; the note itself is always far below the limit.
  const room = SECTION_TEXT_MAX - note.length - 1;
  const last = kept.pop() ?? "";
  kept.push(`${truncateAt(last, room, "…")}\n${note}`);
  return kept;
}

/** A source's name for mrkdwn: cut to SOURCE_NAME_MAX, escaped, no broadcasts, no `|` to end a link label early. */
function sourceName(name: string): string {
  return neutraliseBroadcasts(escapeMrkdwn(truncateAt(name.replace(/\s+/g, " ").trim(), SOURCE_NAME_MAX, "…"))).replace(/\|/g, "¦");
}

/** `<url|label>` with the URL's `|` and `>` encoded; just the label when the URL is too long to place safely. */
function sourceLink(url: string, label: string): string {
  if (url.length > SOURCE_URL_MAX) return label;
  return `<${url.replace(/\|/g, "%7C").replace(/>/g, "%3E")}|${label}>`;
}

function sourcesText(citations: Citation[], grounded: boolean): string | undefined {
  if (citations.length === 0) return undefined;
  const heading = grounded ? "*Sources*" : "*Closest documents* (not used for this answer)";
  const lines: string[] = [];
  let length = heading.length;
  for (const [i, c] of citations.entries()) {
    // Name and URL are capped (sourceName, sourceLink), so any one line fits: a long one is shortened, not hidden.
    const name = sourceName([c.title, c.section].filter(Boolean).join(" › ") || c.file);
    const line = `[${c.n}] ${c.url ? sourceLink(c.url, name) : name}`;
    const more = `…and ${citations.length - i} more`;
    if (length + line.length + more.length + 2 > CONTEXT_TEXT_MAX) {
      lines.push(more);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  // Names are neutralised in sourceName, so the lengths counted above are the lengths sent.
  return [heading, ...lines].join("\n");
}

function actionsBlock(answerId: string, share: boolean): KnownBlock {
  const value = answerId.slice(0, BUTTON_VALUE_MAX);
  const button = (action_id: string, label: string, style?: "primary") => ({
    type: "button" as const,
    action_id,
    value,
    text: { type: "plain_text" as const, text: label.slice(0, BUTTON_TEXT_MAX), emoji: true },
    ...(style ? { style } : {}),
  });
  const elements = [button(ACTION_VOTE_UP, ":+1: Helpful"), button(ACTION_VOTE_DOWN, ":-1: Not helpful")];
  if (share) elements.push(button(ACTION_SHARE, "Share in channel", "primary"));
  return { type: "actions", block_id: "docent_feedback", elements };
}

/** What a cut may not split in mrkdwn: a `<link|label>` (a citation link ends its sentence) and an `&entity;`. */
const MRKDWN_FIT: FitOptions = { atoms: /<[^<>\n]*>|&(?:[a-z]+|#\d+);/g, citation: /<[^<>|\n]*\|\[\d{1,4}\]>/ };

/**
 * Splits mrkdwn into pieces of at most `max` characters on its blocks (core splitIntoParts): between
 * paragraphs, list lines, table rows and code blocks, a code block too long for one piece closed and reopened,
 * prose at a line, sentence or word; never inside a `<link|label>` or an `&entity;`.
 */
export function splitMrkdwn(text: string, max: number): string[] {
  return splitIntoParts(text, max, MRKDWN_FIT);
}

/** Cuts `text` to at most `max` characters at a block or sentence boundary, fences closed, appending `ellipsis` when it cut anything. */
export function truncateAt(text: string, max: number, ellipsis: string): string {
  return truncateMarkdown(text, max, ellipsis, MRKDWN_FIT);
}
