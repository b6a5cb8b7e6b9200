// Every sentence the Slack adapter says on its own behalf (not answers), in one place so tone stays
// consistent and tests can match them. None of these echo user text, so none need escaping.

export const USAGE = "Ask me a question about the docs, e.g. `/ask how do I configure the index?`";

export const APOLOGY =
  "Sorry, something went wrong while I was looking that up. Please try again in a moment.";

export const TIMEOUT_APOLOGY = "Sorry, that took me too long to answer. Please try again, or ask a narrower question.";

export function rateLimited(retryAfterMs: number): string {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return `You're asking faster than I can keep up. Please wait ${seconds} s and ask again.`;
}

export function questionTooLong(length: number, max: number): string {
  return `That question is ${length.toLocaleString("en")} characters long; I can take up to ${max.toLocaleString("en")}. Please shorten it and ask again.`;
}

export const ANSWER_GONE = "That answer is no longer on record, so I can't take feedback on it.";

export const VOTE_FAILED = "Sorry, I couldn't record that vote. Please try again later.";

export function voteThanks(vote: "up" | "down", status: "added" | "changed" | "unchanged"): string {
  const emoji = vote === "up" ? ":+1:" : ":-1:";
  if (status === "changed") return `Changed your vote to ${emoji}. Thanks!`;
  if (status === "unchanged") return `You already voted ${emoji} on this answer.`;
  return `Thanks for the feedback ${emoji}`;
}

export const ADMIN_ONLY = "That command is for this app's operators.";

export const ADMIN_USAGE = "Operator commands: `/ask-admin reindex` fetches the sources and updates the index, then posts the summary here.";

export const REINDEX_UNAVAILABLE = "Re-indexing is not available in this app process; run `npm run ingest` on the server instead.";

export const REINDEX_STARTED = "Re-indexing… I'll post the summary here when it's done.";
