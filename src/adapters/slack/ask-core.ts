// Slack's side of the shared ask path (../shared/ask-and-record.ts): the shared outcome turned into Slack's
// words — a notice when a question is refused, an apology (never the error itself) when the core fails.
import { isAppError } from "../../errors.js";
import type { Answer, HistoryTurn } from "../../core/index.js";
import { askAndRecord, refuseQuestion } from "../shared/ask-and-record.js";
import type { SlackAppDeps } from "./deps.js";
import { APOLOGY, TIMEOUT_APOLOGY, USAGE, questionTooLong, rateLimited } from "./messages.js";

export interface AskRequest {
  userId: string;
  channel: string;
  question: string;
  history?: HistoryTurn[];
  /** Where the question came from, for logs: "command", "mention", "message". */
  via: string;
  /** Receives the answer so far while it is written (see stream-reply.ts). */
  onPartial?: (textSoFar: string) => void;
  /** When the question reached the app (Date.now()), for the recorded latency. */
  receivedAt: number;
}

export type AskOutcome = { ok: true; answer: Answer; answerId?: string } | { ok: false; notice: string };

/** A question may be asked (ok), or is refused with a notice — none when the member was already told. */
export type Screening = { ok: true } | { ok: false; notice?: string };

/** Cheap checks that need no core, run before anything is posted. */
export async function screenQuestion(deps: SlackAppDeps, userId: string, question: string): Promise<Screening> {
  const refusal = await refuseQuestion(deps, "slack", userId, question);
  if (!refusal) return { ok: true };
  if (refusal.reason === "too_long") return { ok: false, notice: questionTooLong(refusal.chars, deps.limits.maxQuestionChars) };
  if (refusal.reason === "rate_limited")
    // Same key as refuseQuestion's: one notice per member per window, not one per excess message.
    return (await deps.rateLimiter.shouldNotify(`slack:${userId}`)) ? { ok: false, notice: rateLimited(refusal.retryAfterMs) } : { ok: false };
  return { ok: false, notice: USAGE };
}

export async function askCore(deps: SlackAppDeps, request: AskRequest): Promise<AskOutcome> {
  const outcome = await askAndRecord(deps, {
    platform: "slack",
    userId: request.userId,
    channel: request.channel,
    question: request.question,
    history: request.history ?? [],
    onPartial: request.onPartial,
    receivedAt: request.receivedAt,
    context: { via: request.via },
  });
  if (outcome.ok) return outcome;
  const { error } = outcome;
  if (isAppError(error, "question_too_long")) return { ok: false, notice: questionTooLong(request.question.length, deps.limits.maxQuestionChars) };
  if (isAppError(error, "question_empty")) return { ok: false, notice: USAGE };
  return { ok: false, notice: isAppError(error, "ask_timeout") ? TIMEOUT_APOLOGY : APOLOGY };
}
