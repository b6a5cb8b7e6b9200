// The shape of one event module, and a helper that erases its event name's type so a mixed list can be
// registered in one loop.
import type { ClientEvents } from "discord.js";
import type { DiscordBotDeps } from "../deps.js";

export interface BotEvent<K extends keyof ClientEvents = keyof ClientEvents> {
  name: K;
  once?: boolean;
  execute(deps: DiscordBotDeps, ...args: ClientEvents[K]): unknown;
}

export function defineEvent<K extends keyof ClientEvents>(event: BotEvent<K>): BotEvent {
  return event as unknown as BotEvent;
}
