// Reads a thread back from Slack (conversations.replies) to learn two things: whether the app has already
// answered in it (so replies are follow-ups without a mention, even after a restart) and the earlier
// questions and answers, which go to the core as history.
// @see https://api.slack.com/methods/conversations.replies
import type { webApi } from "@slack/bolt";
import type { HistoryTurn } from "../../core/index.js";
import { slackTextToPlain } from "./mrkdwn.js";

/** Long threads are read page by page; this bounds the work for a runaway thread. */
const MAX_PAGES = 5;
const PAGE_SIZE = 200;

export interface ThreadHistory {
  botInThread: boolean;
  /** Turns before the current message, oldest first, at most `maxTurns`. */
  history: HistoryTurn[];
}

export interface ThreadRef {
  channel: string;
  threadTs: string;
  /** The message being answered: it and anything after it are left out of the history. */
  beforeTs: string;
  bot: { userId?: string; botId?: string };
  maxTurns: number;
}

interface ReplyMessage {
  ts?: string;
  user?: string;
  bot_id?: string;
  subtype?: string;
  text?: string;
}

export async function readThreadHistory(client: webApi.WebClient, ref: ThreadRef): Promise<ThreadHistory> {
  const messages: ReplyMessage[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await client.conversations.replies({ channel: ref.channel, ts: ref.threadTs, limit: PAGE_SIZE, cursor });
    messages.push(...((result.messages ?? []) as ReplyMessage[]));
    cursor = result.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }

  const isOurs = (m: ReplyMessage) =>
    (ref.bot.userId !== undefined && m.user === ref.bot.userId) || (ref.bot.botId !== undefined && m.bot_id === ref.bot.botId);
  const turns: HistoryTurn[] = [];
  for (const m of messages) {
    if (!m.ts || Number(m.ts) >= Number(ref.beforeTs)) continue;
    const ours = isOurs(m);
    // Other bots and system messages (joins, edits) are not part of the conversation.
    if (!ours && (m.bot_id || (m.subtype && m.subtype !== "thread_broadcast" && m.subtype !== "file_share"))) continue;
    const text = slackTextToPlain(m.text ?? "", ref.bot.userId);
    if (text) turns.push({ role: ours ? "assistant" : "user", text });
  }
  return {
    botInThread: messages.some(isOurs),
    history: ref.maxTurns > 0 ? turns.slice(-ref.maxTurns) : [],
  };
}
