// Shows an answer in Slack while the core writes it: the text so far as mrkdwn, marked as unfinished, updated
// at most once per interval. The finished answer (blocks, sources, buttons) replaces it after settle().
import { DEFAULT_STREAM_EDIT_INTERVAL_MS, throttleEdits } from "../shared/throttle-edits.js";
import type { SlackAppDeps } from "./deps.js";
import { MESSAGE_TEXT_MAX, truncateAt } from "./format-answer.js";
import { markdownToMrkdwn } from "./mrkdwn.js";

const UNFINISHED = " …";

/**
 * Slack lets a response_url be used five times: for /ask, at most this many partials, leaving room for the
 * final answer (and a spare for a notice).
 */
export const RESPONSE_URL_PARTIALS = 3;

export function partialText(text: string): string {
  return `${truncateAt(markdownToMrkdwn(text).trim(), MESSAGE_TEXT_MAX - UNFINISHED.length, "")}${UNFINISHED}`;
}

export function streamReply(deps: SlackAppDeps, show: (text: string) => Promise<unknown>, options: { maxShows?: number } = {}) {
  const edits = throttleEdits((text) => show(partialText(text)), {
    intervalMs: deps.limits.streamEditIntervalMs ?? DEFAULT_STREAM_EDIT_INTERVAL_MS,
    maxShows: options.maxShows,
    // A failed progress update costs nothing: the complete answer is still sent at the end.
    onError: (error) => deps.logger.warn({ err: error }, "slack: could not show the partial answer"),
  });
  return { onPartial: (text: string) => edits.push(text), settle: () => edits.settle() };
}
