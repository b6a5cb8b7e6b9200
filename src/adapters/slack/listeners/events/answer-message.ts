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
/** A message is claimed for this long: Slack retries a delivery three times, the last about five minutes on. */
const MESSAGE_CLAIM_MS = 60 * 60_000;
/** A thread the app answered in is remembered this long; later replies are recognised by reading the thread. */
const ANSWERED_THREAD_MS = 7 * 24 * 60 * 60_000;

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
  // here claims it — atomically in the shared state, so across replicas too (in memory, synchronously).
  if (!(await deps.state.claimOnce(`slack:message:${message.channel}:${message.ts}`, MESSAGE_CLAIM_MS))) {
    log.debug("slack: duplicate delivery ignored");
    return;
  }

  const threadTs = message.threadTs ?? message.ts;
  const threadKey = `slack:thread:${message.channel}:${threadTs}`;
  const mentioned = bot.userId !== undefined && message.text.includes(`<@${bot.userId}`);
  let thread: ThreadHistory | undefined;
  if (message.via === "message" && !message.isDirect && !mentioned) {
    // A plain channel message is ours only as a reply in a thread we answered in.
    if (!message.threadTs) return notForUs(log);
    if (!(await deps.state.has(threadKey))) {
      thread = await readHistory(deps, client, bot, message, log);
      if (!thread?.botInThread) return notForUs(log);
      await rememberThread(deps, threadKey, log);
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
    await rememberThread(deps, threadKey, log);
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

/** Best effort: a thread not remembered is recognised later by reading it. */
async function rememberThread(deps: ListenerDeps, threadKey: string, log: ListenerDeps["logger"]): Promise<void> {
  await deps.state.remember(threadKey, ANSWERED_THREAD_MS).catch((error: unknown) => log.warn({ err: error }, "slack: could not remember the thread as answered"));
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
