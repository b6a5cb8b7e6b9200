// Every message the app can see (DMs, and channels it is in). It answers DMs, replies in threads it has
// answered in (follow-ups need no mention), and mentions that arrive here before their app_mention twin.
// @see https://api.slack.com/events/message
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { ListenerDeps } from "../../deps.js";
import { badTextField } from "../payload-shape.js";
import { answerMessage } from "./answer-message.js";

/** Subtypes that are still a person writing; everything else is an edit, a join, a bot, etc. */
const PERSON_SUBTYPES = new Set([undefined, "thread_broadcast", "file_share"]);

export function messageCallback(deps: ListenerDeps) {
  return async ({ event, client, context }: SlackEventMiddlewareArgs<"message"> & AllMiddlewareArgs): Promise<void> => {
    if (!PERSON_SUBTYPES.has(event.subtype)) return;
    const bad = badTextField(event, ["channel", "ts"], ["user", "text", "thread_ts", "bot_id", "channel_type"]);
    if (bad) return deps.logger.warn({ event: "message", field: bad }, "slack: ignored an event with a malformed field");
    const m = event as { user?: string; bot_id?: string; text?: string; thread_ts?: string; channel_type?: string };
    if (m.bot_id || !m.user || m.user === context.botUserId || !m.text) return;
    await answerMessage(deps, client, { userId: context.botUserId, botId: context.botId }, {
      channel: event.channel,
      ts: event.ts,
      threadTs: m.thread_ts,
      user: m.user,
      text: m.text,
      via: "message",
      isDirect: m.channel_type === "im",
    });
  };
}
