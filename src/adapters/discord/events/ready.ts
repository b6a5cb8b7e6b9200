// @see https://discord.com/developers/docs/events/gateway-events#ready
import { Events } from "discord.js";
import { defineEvent } from "./define-event.js";

export const ready = defineEvent({
  name: Events.ClientReady,
  once: true,
  execute(deps, client) {
    deps.logger.info({ user: client.user.tag, guilds: client.guilds.cache.size }, "discord: ready");
  },
});
