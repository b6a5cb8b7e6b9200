// Emitted only when discord.js gives up on a gateway connection (e.g. an invalid token or intents); resumable
// drops never reach it. Logged loudly so an operator notices; the process keeps serving other adapters.
import { Events } from "discord.js";
import { defineEvent } from "./define-event.js";

export const shardDisconnect = defineEvent({
  name: Events.ShardDisconnect,
  execute(deps, event, shardId) {
    deps.logger.error({ code: event.code, reason: event.reason, shardId }, "discord: gateway disconnected and will not reconnect");
  },
});
