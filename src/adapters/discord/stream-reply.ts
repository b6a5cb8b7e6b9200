// Shows an answer in Discord while the core writes it: the text so far, marked as unfinished, edited in at
// most once per interval. The finished answer (sources, buttons, further parts) is sent by the caller after
// settle(), as the last edit of the same message.
import { DEFAULT_STREAM_EDIT_INTERVAL_MS, throttleEdits } from "../shared/throttle-edits.js";
import type { DiscordBotDeps } from "./deps.js";
import { CONTENT_MAX, splitMessage } from "./format-answer.js";

const UNFINISHED = " …";

/** The first message's worth of a partial answer, with a mark that more is coming. */
export function partialContent(text: string): string {
  return `${splitMessage(text, CONTENT_MAX - UNFINISHED.length)[0] ?? ""}${UNFINISHED}`;
}

export function streamReply(deps: DiscordBotDeps, show: (content: string) => Promise<unknown>) {
  const edits = throttleEdits((text) => show(partialContent(text)), {
    intervalMs: deps.limits.streamEditIntervalMs ?? DEFAULT_STREAM_EDIT_INTERVAL_MS,
    // A failed progress edit costs nothing: the complete answer is still sent at the end.
    onError: (error) => deps.logger.warn({ err: error }, "discord: could not show the partial answer"),
  });
  return { onPartial: (text: string) => edits.push(text), settle: () => edits.settle() };
}
