// discord.js emits "error" for problems it cannot handle itself; an EventEmitter "error" without a listener
// throws and would crash the process, so it is logged here instead.
import { Events } from "discord.js";
import { defineEvent } from "./define-event.js";

export const clientError = defineEvent({
  name: Events.Error,
  execute(deps, error) {
    deps.logger.error({ err: error }, "discord: client error");
  },
});
