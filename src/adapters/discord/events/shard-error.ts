// A gateway connection error; discord.js reconnects by itself, the adapter only records it.
import { Events } from "discord.js";
import { defineEvent } from "./define-event.js";

export const shardError = defineEvent({
  name: Events.ShardError,
  execute(deps, error, shardId) {
    deps.logger.warn({ err: error, shardId }, "discord: gateway connection error");
  },
});
