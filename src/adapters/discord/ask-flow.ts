// The two steps every way of asking shares (/ask, mention, DM, thread follow-up): admitting a question (length,
// rate limit) before anything is sent, then asking the core with a timeout, recording the answer and formatting
// it. Failures become a short notice for the member; details go to the log only.
import { withTimeout, type HistoryTurn } from "../../core/index.js";
import type { DiscordBotDeps } from "./deps.js";
import { formatAnswer, type DiscordReply } from "./format-answer.js";
import { apologyFor, questionTooLong, rateLimited } from "./notices.js";

export type Admission = { ok: true; question: string } | { ok: false; reason: "empty" | "too_long" | "rate_limited"; notice?: string };

/** Checks a question without calling the core; cheap enough to run before Discord's 3-second deadline. */
export function admitQuestion(deps: DiscordBotDeps, userId: string, raw: string): Admission {
  const question = raw.trim();
  if (question.length === 0) return { ok: false, reason: "empty" };
  if (question.length > deps.limits.maxQuestionChars)
    return { ok: false, reason: "too_long", notice: questionTooLong(question.length, deps.limits.maxQuestionChars) };
  // Checked last, so a question refused for its length does not use up the member's allowance.
  const decision = deps.rateLimiter.take(`discord:${userId}`);
  if (!decision.allowed) return { ok: false, reason: "rate_limited", notice: rateLimited(decision.retryAfterMs) };
  return { ok: true, question };
}

export interface AskContext {
  userId: string;
  /** Where it was asked: channel, thread or DM id. */
  channelId: string;
  question: string;
  history: HistoryTurn[];
  /** When the question reached the bot (Date.now()), for the recorded latency. */
  receivedAt: number;
  /** Receives the answer so far while it is written (see stream-reply.ts). */
  onPartial?: (textSoFar: string) => void;
  /** Overrides limits.timeoutMs, e.g. for /ask, whose interaction token expires (see interactionTimeoutMs). */
  timeoutMs?: number;
}

/** Discord: an interaction token is valid for 15 minutes; after that the answer can no longer be edited in. */
export const INTERACTION_TOKEN_LIFETIME_MS = 15 * 60_000;
/** The longest an interaction (/ask) waits for the core: a minute inside the token's lifetime, for the edits. */
export const INTERACTION_TIMEOUT_MAX_MS = INTERACTION_TOKEN_LIFETIME_MS - 60_000;

/** The configured timeout, capped so an interaction's answer (or its apology) always arrives while its token lives. */
export function interactionTimeoutMs(configuredMs: number): number {
  return Math.min(configuredMs, INTERACTION_TIMEOUT_MAX_MS);
}

export type AskResult = { ok: true; replies: DiscordReply[] } | { ok: false; notice: string };

export async function askCore(deps: DiscordBotDeps, ctx: AskContext): Promise<AskResult> {
  const context = { userId: ctx.userId, channelId: ctx.channelId, questionChars: ctx.question.length, historyTurns: ctx.history.length };
  let answer;
  try {
    answer = await withTimeout(deps.asker.ask(ctx.question, { history: ctx.history, onPartial: ctx.onPartial }), ctx.timeoutMs ?? deps.limits.timeoutMs);
  } catch (error) {
    deps.logger.error({ err: error, ...context }, "discord: the core failed to answer");
    return { ok: false, notice: apologyFor(error) };
  }
  const latencyMs = Date.now() - ctx.receivedAt;
  let answerId: string | undefined;
  try {
    answerId = deps.records.recordAnswer({ platform: "discord", userId: ctx.userId, channel: ctx.channelId, question: ctx.question, answer, latencyMs });
  } catch (error) {
    // The member still gets the answer; only the vote buttons are lost, since there is nothing to vote on.
    deps.logger.error({ err: error, ...context }, "discord: could not record the answer");
  }
  deps.logger.info({ ...context, answerId, grounded: answer.grounded, citations: answer.citations.length, latencyMs }, "discord: answered");
  return { ok: true, replies: formatAnswer(answer, answerId) };
}
