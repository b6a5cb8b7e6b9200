// The shared path for questions that arrive as channel or DM messages (app_mention and message events):
// de-duplicate, screen, show progress, read the thread's history, ask, answer in the thread.
import type { webApi } from "@slack/bolt";
import { askCore, screenQuestion } from "../../ask-core.js";
import type { ListenerDeps } from "../../deps.js";
import { formatAnswer } from "../../format-answer.js";
import { APOLOGY } from "../../messages.js";
import { slackTextToPlain } from "../../mrkdwn.js";
import { streamReply } from "../../stream-reply.js";
import { readThreadHistory, type ThreadHistory } from "../../thread-history.js";

/** Shown on the question while the core works, removed when the answer is posted. */
export const PROGRESS_REACTION = "hourglass_flowing_sand";

export interface IncomingMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  user: string;
  text: string;
  /** "mention" when the event itself says the app was addressed; "message" when relevance must be decided. */
  via: "mention" | "message";
  isDirect: boolean;
}

export interface BotIdentity {
  userId?: string;
  botId?: string;
}

export async function answerMessage(
  deps: ListenerDeps,
  client: webApi.WebClient,
  bot: BotIdentity,
  message: IncomingMessage,
): Promise<void> {
  const receivedAt = Date.now();
  const log = deps.logger.child({ via: message.via, channel: message.channel, ts: message.ts, userId: message.user });
  // Retries and the app_mention/message twins of one message share channel+ts; the first listener to get
  // here claims it, synchronously, before anything can interleave.
  if (!deps.seenMessages.claim(`${message.channel}:${message.ts}`)) {
    log.debug("slack: duplicate delivery ignored");
    return;
  }

  const threadTs = message.threadTs ?? message.ts;
  const threadKey = `${message.channel}:${threadTs}`;
  const mentioned = bot.userId !== undefined && message.text.includes(`<@${bot.userId}`);
  let thread: ThreadHistory | undefined;
  if (message.via === "message" && !message.isDirect && !mentioned) {
    // A plain channel message is ours only as a reply in a thread we answered in.
    if (!message.threadTs) return notForUs(log);
    if (!deps.answeredThreads.has(threadKey)) {
      thread = await readHistory(deps, client, bot, message, log);
      if (!thread?.botInThread) return notForUs(log);
      deps.answeredThreads.add(threadKey);
    }
  }

  const question = slackTextToPlain(message.text, bot.userId);
  const screening = await screenQuestion(deps, message.user, question);
  if (!screening.ok) {
    if (!screening.notice) return log.debug("slack: refused again within the rate-limit window; not notified");
    await postEphemeral(client, message, screening.notice).catch((error: unknown) =>
      log.warn({ err: error }, "slack: could not post a notice"),
    );
    return;
  }

  await client.reactions
    .add({ channel: message.channel, timestamp: message.ts, name: PROGRESS_REACTION })
    .catch((error: unknown) => log.debug({ err: error }, "slack: could not add the progress reaction"));
  // A streaming answerer's text is posted as it is written, then that message is updated into the answer.
  let streamedTs: string | undefined;
  const post = { channel: message.channel, thread_ts: threadTs, unfurl_links: false, unfurl_media: false };
  const stream = streamReply(deps, async (text) => {
    if (streamedTs) await client.chat.update({ channel: message.channel, ts: streamedTs, text });
    else streamedTs = (await client.chat.postMessage({ ...post, text })).ts;
  });
  try {
    if (message.threadTs && !thread) thread = await readHistory(deps, client, bot, message, log);
    const outcome = await askCore(deps, {
      userId: message.user,
      channel: message.channel,
      question,
      history: thread?.history ?? [],
      via: message.via,
      onPartial: stream.onPartial,
      receivedAt,
    });
    await stream.settle();
    const reply = outcome.ok ? formatAnswer(outcome.answer, { answerId: outcome.answerId }) : { text: outcome.notice };
    if (streamedTs) await client.chat.update({ channel: message.channel, ts: streamedTs, ...reply });
    else await client.chat.postMessage({ ...post, ...reply });
    deps.answeredThreads.add(threadKey);
  } catch (error) {
    log.error({ err: error }, "slack: could not post the answer");
    await stream.settle();
    const apology = streamedTs
      ? client.chat.update({ channel: message.channel, ts: streamedTs, text: APOLOGY, blocks: [] })
      : client.chat.postMessage({ channel: message.channel, thread_ts: threadTs, text: APOLOGY });
    await apology.catch((again: unknown) => log.warn({ err: again }, "slack: could not post the apology either"));
  } finally {
    await client.reactions
      .remove({ channel: message.channel, timestamp: message.ts, name: PROGRESS_REACTION })
      .catch((error: unknown) => log.debug({ err: error }, "slack: could not remove the progress reaction"));
  }
}

function notForUs(log: ListenerDeps["logger"]): void {
  log.debug("slack: message not addressed to the app");
}

async function readHistory(
  deps: ListenerDeps,
  client: webApi.WebClient,
  bot: BotIdentity,
  message: IncomingMessage,
  log: ListenerDeps["logger"],
): Promise<ThreadHistory | undefined> {
  if (!message.threadTs) return undefined;
  try {
    return await readThreadHistory(client, {
      channel: message.channel,
      threadTs: message.threadTs,
      beforeTs: message.ts,
      bot,
      maxTurns: deps.limits.historyMaxTurns,
    });
  } catch (error) {
    // Without history the question is still worth answering; the follow-up may just lack context.
    log.warn({ err: error }, "slack: could not read the thread");
    return undefined;
  }
}

function postEphemeral(client: webApi.WebClient, message: IncomingMessage, text: string) {
  return client.chat.postEphemeral({
    channel: message.channel,
    user: message.user,
    text,
    ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
  });
}
