// Every short message the bot sends instead of an answer, in one place so the wording stays consistent.
// None of them repeats an error's message: members see what to do next, the log keeps the details.
import { isAppError } from "../../errors.js";

/** No mention can ping anyone: a quoted @everyone in the docs or a question must stay inert. */
export const NO_MENTIONS = { parse: [], repliedUser: false } as const;

export const NOT_IN_THIS_CHANNEL = "I don't answer questions in this channel.";

export function emptyQuestionHint(botName: string): string {
  return `Ask me a question right after the mention, e.g. “@${botName} how do I get started?” — or use \`/ask\`.`;
}

export function questionTooLong(length: number, max: number): string {
  return `That question is too long (${length} characters; the limit is ${max}). Please shorten it and ask again.`;
}

export function rateLimited(retryAfterMs: number): string {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return `You're asking faster than I can answer — please ask again in about ${seconds} s.`;
}

export function apologyFor(error: unknown): string {
  // The adapter checks questions before asking; these cover a core whose own limits are stricter.
  if (isAppError(error, "question_too_long")) return "That question is too long. Please shorten it and ask again.";
  if (isAppError(error, "question_empty")) return "Please include a question.";
  if (isAppError(error, "ask_timeout")) return "Sorry — that took too long to answer. Please try again in a moment.";
  return "Sorry — I couldn't answer that just now. Please try again in a moment.";
}

export const VOTE_FAILED = "Sorry — I couldn't record that vote just now. Please try again in a moment.";

export const ADMIN_ONLY = "That command is for this bot's operators.";

export const REINDEX_UNAVAILABLE = "Re-indexing is not available in this bot process; run `npm run ingest` on the server instead.";
