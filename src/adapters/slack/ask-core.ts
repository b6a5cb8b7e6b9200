// The adapter's one path into the core, shared by /ask, mentions and DMs: screen the question (size, rate),
// ask with a deadline, record the answer for feedback. Failures come back as a user-facing notice; the
// error itself is logged here, once, with context, and never shown to the user.
import { isAppError } from "../../errors.js";
import { withTimeout, type Answer, type HistoryTurn } from "../../core/index.js";
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
}

export type AskOutcome = { ok: true; answer: Answer; answerId?: string } | { ok: false; notice: string };

/** Cheap checks that need no core: returns a notice when the question must not be asked. */
export function screenQuestion(deps: SlackAppDeps, userId: string, question: string): string | undefined {
  if (question.trim().length === 0) return USAGE;
  if (question.length > deps.limits.maxQuestionChars) return questionTooLong(question.length, deps.limits.maxQuestionChars);
  const decision = deps.rateLimiter.take(`slack:${userId}`);
  if (!decision.allowed) return rateLimited(decision.retryAfterMs);
  return undefined;
}

export async function askCore(deps: SlackAppDeps, request: AskRequest): Promise<AskOutcome> {
  const started = performance.now();
  const context = { via: request.via, userId: request.userId, channel: request.channel, questionChars: request.question.length };
  let answer: Answer;
  try {
    answer = await withTimeout(
      deps.asker.ask(request.question, { history: request.history ?? [], onPartial: request.onPartial }),
      deps.limits.timeoutMs,
      "slack answer",
    );
  } catch (error) {
    deps.logger.error({ err: error, ...context }, "slack: the core failed to answer");
    if (isAppError(error, "question_too_long"))
      return { ok: false, notice: questionTooLong(request.question.length, deps.limits.maxQuestionChars) };
    if (isAppError(error, "question_empty")) return { ok: false, notice: USAGE };
    return { ok: false, notice: isAppError(error, "ask_timeout") ? TIMEOUT_APOLOGY : APOLOGY };
  }
  const latencyMs = Math.round(performance.now() - started);
  let answerId: string | undefined;
  try {
    answerId = deps.records.recordAnswer({
      platform: "slack",
      userId: request.userId,
      channel: request.channel,
      question: request.question,
      answer,
      latencyMs,
    });
  } catch (error) {
    // The answer is still worth showing; it just cannot take votes.
    deps.logger.error({ err: error, ...context }, "slack: could not record the answer");
  }
  deps.logger.info({ ...context, answerId, grounded: answer.grounded, latencyMs }, "slack: answered");
  return { ok: true, answer, answerId };
}
