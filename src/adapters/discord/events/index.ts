// Registers every event module on the client. Each listener runs inside one error boundary: a failing handler
// is logged and never becomes an unhandled rejection that could take the whole process (and Slack) down.
// Running handlers are tracked, so a shutdown can let them finish sending before the gateway closes.
import type { Client } from "discord.js";
import type { InFlight } from "../../../ops/in-flight.js";
import type { DiscordBotDeps } from "../deps.js";
import type { BotEvent } from "./define-event.js";
import { clientError } from "./error.js";
import { interactionCreate } from "./interaction-create.js";
import { messageCreate } from "./message-create.js";
import { ready } from "./ready.js";
import { shardDisconnect } from "./shard-disconnect.js";
import { shardError } from "./shard-error.js";
import { shardResume } from "./shard-resume.js";

export const events: readonly BotEvent[] = [ready, interactionCreate, messageCreate, clientError, shardError, shardDisconnect, shardResume];

export function registerEvents(client: Client, deps: DiscordBotDeps, inFlight?: InFlight): void {
  for (const event of events) {
    const listener = (...args: unknown[]) => {
      const handled = Promise.resolve()
        .then(() => (event.execute as (d: DiscordBotDeps, ...a: unknown[]) => unknown)(deps, ...args))
        .catch((error: unknown) => deps.logger.error({ err: error, event: event.name }, "discord: event handler failed"));
      inFlight?.track(handled);
    };
    if (event.once) client.once(event.name, listener);
    else client.on(event.name, listener);
  }
}
