// A member mentions the app in a channel (or a thread): answer in that message's thread.
// @see https://api.slack.com/events/app_mention
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { ListenerDeps } from "../../deps.js";
import { badTextField } from "../payload-shape.js";
import { answerMessage } from "./answer-message.js";

export function appMentionCallback(deps: ListenerDeps) {
  return async ({ event, client, context }: SlackEventMiddlewareArgs<"app_mention"> & AllMiddlewareArgs): Promise<void> => {
    const bad = badTextField(event, ["channel", "ts", "text"], ["user", "thread_ts", "bot_id"]);
    if (bad) return deps.logger.warn({ event: "app_mention", field: bad }, "slack: ignored an event with a malformed field");
    // Other apps can mention us too; we only answer people, and never ourselves.
    if (event.bot_id || !event.user || event.user === context.botUserId) return;
    await answerMessage(deps, client, { userId: context.botUserId, botId: context.botId }, {
      channel: event.channel,
      ts: event.ts,
      threadTs: event.thread_ts,
      user: event.user,
      text: event.text,
      via: "mention",
      isDirect: event.channel.startsWith("D"),
    });
  };
}
