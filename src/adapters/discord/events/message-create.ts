// Questions asked by message: a mention in a channel (answered in a thread started from it), a mention inside a
// thread, a DM, and follow-ups without a mention inside a thread the bot started (answered with that thread's
// earlier turns as history).
// @see https://discord.com/developers/docs/events/gateway-events#message-create
import { Events, MessageFlags, ThreadAutoArchiveDuration, type Message, type MessageCreateOptions, type ThreadChannel } from "discord.js";
import type { HistoryTurn } from "../../../core/index.js";
import { admitQuestion, askCore, type AskResult } from "../ask-flow.js";
import { isAllowedChannel } from "../channel-policy.js";
import type { DiscordBotDeps } from "../deps.js";
import type { DiscordReply } from "../format-answer.js";
import { collectHistory, questionText, toHistoryMessage } from "../history.js";
import { apologyFor, emptyQuestionHint, NO_MENTIONS } from "../notices.js";
import { streamReply } from "../stream-reply.js";
import { keepTyping } from "../typing.js";
import { defineEvent } from "./define-event.js";

/** Discord rejects thread names over 100 characters. */
const THREAD_NAME_MAX = 100;
/** A DM is one endless channel; only its recent messages are taken as the conversation being continued. */
const DM_CONVERSATION_WINDOW_MS = 30 * 60_000;

type Route = "dm" | "mention" | "mention-in-thread" | "follow-up";

export const messageCreate = defineEvent({
  name: Events.MessageCreate,
  async execute(deps, message) {
    // Never answer a bot or a webhook (author.bot covers both), the bot itself included: two bots cannot loop.
    if (message.author.bot || message.system) return;
    const botId = message.client.user.id;
    const route = routeOf(deps, message, botId);
    if (!route || !message.channel.isSendable()) return;
    const receivedAt = Date.now();

    const admission = await admitQuestion(deps, message.author.id, questionText(message, botId));
    if (!admission.ok) {
      // A follow-up with no text (an image, a sticker) was not addressed to the bot: stay quiet.
      if (admission.reason === "empty" && route === "follow-up") return;
      // Already told it is rate-limited in this window: no second notice.
      if (admission.reason === "rate_limited" && !admission.notice) return;
      await sendNotice(message, admission.notice ?? emptyQuestionHint(message.client.user.username));
      return;
    }

    const log = deps.logger.child({ userId: message.author.id, channelId: message.channelId, messageId: message.id });
    const thread = route === "mention" ? await openThread(deps, message, admission.question) : undefined;
    const channel = thread ?? message.channel;
    const stopTyping = keepTyping(channel, deps.logger);
    // In the member's own channel the first part replies to the question, so it is clear what it answers.
    const sendFirst = (options: MessageCreateOptions) => (thread ? channel.send(options) : message.reply(options));
    // A streaming answerer's text is posted as it is written, then that message is edited into the answer.
    let streamed: Message | undefined;
    /** True once the streamed message holds (the first part of) the finished answer, not a partial any more. */
    let answered = false;
    const stream = streamReply(deps, async (content) => {
      if (streamed) return streamed.edit({ content, allowedMentions: NO_MENTIONS });
      stopTyping();
      streamed = await sendFirst({ content, allowedMentions: NO_MENTIONS });
    });

    const sendAnswer = async (replies: DiscordReply[]) => {
      for (const [i, reply] of replies.entries()) {
        const options = { ...reply, allowedMentions: NO_MENTIONS };
        if (i === 0 && streamed) await streamed.edit({ content: reply.content ?? "", embeds: reply.embeds ?? [], components: reply.components ?? [], allowedMentions: NO_MENTIONS });
        else if (i === 0) await sendFirst(options);
        else await channel.send(options);
        answered = true;
      }
    };
    // Apologies are sent silently, like every notice, so they stay out of a thread's history. An edit cannot
    // make a message silent, so a half-written streamed answer is deleted and the apology sent as a new message.
    const apologise = async (notice: string) => {
      const partial = answered ? undefined : streamed;
      if (partial) {
        try {
          await partial.delete();
        } catch (error) {
          // Better an apology in the history than a half-written answer left standing.
          log.warn({ err: error }, "discord: could not delete the unfinished answer; editing it into the apology");
          await partial.edit({ content: notice, embeds: [], components: [], allowedMentions: NO_MENTIONS });
          return;
        }
      }
      await sendFirst({ content: notice, allowedMentions: NO_MENTIONS, flags: MessageFlags.SuppressNotifications });
    };

    let result: AskResult;
    try {
      const history = await historyFor(deps, route, message, botId);
      result = await askCore(deps, { userId: message.author.id, channelId: channel.id, question: admission.question, history, receivedAt, onPartial: stream.onPartial });
    } catch (error) {
      log.error({ err: error }, "discord: could not answer the message");
      result = { ok: false, notice: apologyFor(error) };
    } finally {
      // No partial may land after (or race) the final message.
      await stream.settle();
    }
    try {
      if (result.ok) await sendAnswer(result.replies);
      else await apologise(result.notice);
    } catch (error) {
      log.error({ err: error }, "discord: could not send the answer");
      await apologise(apologyFor(error)).catch((again: unknown) => log.warn({ err: again }, "discord: could not send the apology either"));
    } finally {
      stopTyping();
    }
  },
});

function routeOf(deps: DiscordBotDeps, message: Message, botId: string): Route | undefined {
  if (!message.inGuild()) return "dm";
  if (!isAllowedChannel(deps.config, message.channelId, message.channel)) return undefined;
  const channel = message.channel;
  if (channel.isThread() && channel.ownerId === botId && deps.config.threadFollowups) return "follow-up";
  // Only a direct mention of the bot counts; @everyone and role mentions are not questions for it.
  if (!deps.config.answerMentions || !message.mentions.users.has(botId)) return undefined;
  return channel.isThread() ? "mention-in-thread" : "mention";
}

/** Hints and refusals are sent silently (no notification) as a reply to the member's message. */
async function sendNotice(message: Message, content: string): Promise<void> {
  await message.reply({ content, allowedMentions: NO_MENTIONS, flags: MessageFlags.SuppressNotifications });
}

async function openThread(deps: DiscordBotDeps, message: Message, question: string): Promise<ThreadChannel | undefined> {
  const oneLine = question.replace(/\s+/g, " ");
  const name = oneLine.length <= THREAD_NAME_MAX ? oneLine : `${oneLine.slice(0, THREAD_NAME_MAX - 1)}…`;
  try {
    return await message.startThread({ name, autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
  } catch (error) {
    // E.g. the bot lacks Create Public Threads here: answering in the channel beats not answering.
    deps.logger.warn({ err: error, channelId: message.channelId }, "discord: could not start a thread; answering in the channel");
    return undefined;
  }
}

async function historyFor(deps: DiscordBotDeps, route: Route, message: Message, botId: string): Promise<HistoryTurn[]> {
  const maxTurns = deps.limits.historyMaxTurns;
  if (maxTurns === 0 || (route !== "follow-up" && route !== "dm")) return [];
  try {
    // A turn can span several messages (an answer split in parts), hence the margin.
    const fetched = await message.channel.messages.fetch({ limit: Math.min(100, maxTurns * 4), before: message.id });
    let earlier = [...fetched.values()];
    if (route === "dm") earlier = earlier.filter((m) => m.createdTimestamp >= message.createdTimestamp - DM_CONVERSATION_WINDOW_MS);
    // The question that opened the thread lives in the parent channel, not in the thread.
    const starter = message.channel.isThread() ? await message.channel.fetchStarterMessage().catch(() => null) : null;
    if (starter && !earlier.some((m) => m.id === starter.id)) earlier.push(starter);
    earlier.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    return collectHistory(earlier.map((m) => toHistoryMessage(m, botId)), botId, maxTurns);
  } catch (error) {
    // Without history the question is still answered, just without its context.
    deps.logger.warn({ err: error, channelId: message.channelId }, "discord: could not read the conversation history");
    return [];
  }
}
