// A dropped gateway connection was resumed; events missed meanwhile are replayed by Discord.
import { Events } from "discord.js";
import { defineEvent } from "./define-event.js";

export const shardResume = defineEvent({
  name: Events.ShardResume,
  execute(deps, shardId, replayedEvents) {
    deps.logger.info({ shardId, replayedEvents }, "discord: gateway connection resumed");
  },
});
