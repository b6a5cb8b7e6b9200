// The one path from any chat platform into the core: screen the question (size, then rate — so a refused
// question does not use up the member's allowance), ask with a deadline, record the answer for votes and the
// quality report, and log once with context. Platforms only turn the outcome into their own messages.
// Every question is counted in the metrics by outcome, and passes the shutdown gate: once the process is
// stopping, new questions are refused and ones still running after the grace period are cancelled.
import { withTimeout, type Answer, type HistoryTurn, type Platform } from "../../core/index.js";
import { AppError, isAppError } from "../../errors.js";
import { metrics, type QuestionOutcome } from "../../ops/metrics.js";
import { questionGate } from "../../ops/question-gate.js";
import type { ChatAdapterDeps } from "./chat-adapter-deps.js";

export type Refusal = { reason: "empty" } | { reason: "too_long"; chars: number } | { reason: "rate_limited"; retryAfterMs: number };

/**
 * Cheap checks that need no core; undefined when the question may be asked. Asynchronous only for the rate
 * limit, which replicas keep in their shared database (one round trip; in memory it answers at once).
 */
export async function refuseQuestion(deps: ChatAdapterDeps, platform: Platform, userId: string, question: string): Promise<Refusal | undefined> {
  if (question.trim().length === 0) return { reason: "empty" };
  if (question.length > deps.limits.maxQuestionChars) {
    metrics.questions.inc({ platform, outcome: "too_long" });
    return { reason: "too_long", chars: question.length };
  }
  const decision = await deps.rateLimiter.take(`${platform}:${userId}`);
  if (decision.allowed) return undefined;
  metrics.questions.inc({ platform, outcome: "rate_limited" });
  return { reason: "rate_limited", retryAfterMs: decision.retryAfterMs };
}

export interface AskInput {
  platform: Platform;
  userId: string;
  /** Where it was asked: channel, thread or DM id. */
  channel: string;
  question: string;
  history: HistoryTurn[];
  /** Receives the answer so far while it is written. */
  onPartial?: (textSoFar: string) => void;
  /** Overrides limits.timeoutMs (Discord caps it for interactions). */
  timeoutMs?: number;
  /** When the question reached the bot (Date.now()); the recorded latency counts from here on every platform. */
  receivedAt: number;
  /** Extra fields for the log lines (e.g. how the question came in). */
  context?: Record<string, unknown>;
}

export type AskOutcome = { ok: true; answer: Answer; answerId?: string } | { ok: false; error: unknown };

export async function askAndRecord(deps: ChatAdapterDeps, input: AskInput): Promise<AskOutcome> {
  const { platform } = input;
  const context = {
    userId: input.userId,
    channel: input.channel,
    questionChars: input.question.length,
    historyTurns: input.history.length,
    ...input.context,
  };
  const ticket = questionGate.enter();
  if (!ticket) {
    metrics.questions.inc({ platform, outcome: "shutting_down" });
    deps.logger.info(context, `${platform}: question refused, shutting down`);
    return { ok: false, error: new AppError("shutting_down", `${platform}: not taking new questions, Docent is shutting down`) };
  }
  let answer: Answer;
  try {
    answer = await Promise.race([
      withTimeout(
        deps.asker.ask(input.question, { history: input.history, onPartial: input.onPartial }),
        input.timeoutMs ?? deps.limits.timeoutMs,
        `${platform} answer`,
      ),
      ticket.cancelled,
    ]);
  } catch (error) {
    const outcome = failureOutcome(error);
    metrics.questions.inc({ platform, outcome });
    if (outcome === "shutting_down") deps.logger.warn({ err: error, ...context }, `${platform}: question cancelled, shutting down`);
    else deps.logger.error({ err: error, ...context }, `${platform}: the core failed to answer`);
    return { ok: false, error };
  } finally {
    ticket.leave();
  }
  const latencyMs = Date.now() - input.receivedAt;
  metrics.questions.inc({ platform, outcome: answer.grounded ? "answered" : "declined" });
  metrics.answerSeconds.observe({ platform }, latencyMs / 1000);
  metrics.retrievalSeconds.observe(answer.timings.retrieveMs / 1000);
  let answerId: string | undefined;
  try {
    answerId = await deps.records.recordAnswer({ platform, userId: input.userId, channel: input.channel, question: input.question, answer, latencyMs });
  } catch (error) {
    // The member still gets the answer; only the vote buttons are lost, since there is nothing to vote on.
    deps.logger.error({ err: error, ...context }, `${platform}: could not record the answer`);
  }
  deps.logger.info({ ...context, answerId, grounded: answer.grounded, citations: answer.citations.length, latencyMs }, `${platform}: answered`);
  return { ok: true, answer, answerId };
}

function failureOutcome(error: unknown): QuestionOutcome {
  if (isAppError(error, "ask_timeout")) return "timeout";
  if (isAppError(error, "shutting_down")) return "shutting_down";
  return "error";
}
