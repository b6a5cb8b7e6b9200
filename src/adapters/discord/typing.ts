// Shows "Docent is typing…" while an answer is being prepared. Discord clears the indicator after about
// 10 seconds, so it is renewed until stopped; a failure to show it never affects the answer.
import type { Logger } from "../../logger.js";

const RENEW_EVERY_MS = 8_000;

export function keepTyping(channel: { sendTyping(): Promise<unknown> }, logger: Logger): () => void {
  const send = () => {
    channel.sendTyping().catch((error: unknown) => logger.debug({ err: error }, "discord: typing indicator failed"));
  };
  send();
  const timer = setInterval(send, RENEW_EVERY_MS);
  return () => clearInterval(timer);
}
