// The two steps every way of asking shares (/ask, mention, DM, thread follow-up): admitting a question (length,
// rate limit) before anything is sent, then asking the core with a timeout, recording the answer and formatting
// it. Failures become a short notice for the member; details go to the log only.
import type { HistoryTurn } from "../../core/index.js";
import { askAndRecord, refuseQuestion } from "../shared/ask-and-record.js";
import type { DiscordBotDeps } from "./deps.js";
import { formatAnswer, type DiscordReply } from "./format-answer.js";
import { apologyFor, questionTooLong, rateLimited } from "./notices.js";

export type Admission = { ok: true; question: string } | { ok: false; reason: "empty" | "too_long" | "rate_limited"; notice?: string };

/** Checks a question without calling the core; cheap enough to run before Discord's 3-second deadline. */
export async function admitQuestion(deps: DiscordBotDeps, userId: string, raw: string): Promise<Admission> {
  const question = raw.trim();
  const refusal = await refuseQuestion(deps, "discord", userId, question);
  if (!refusal) return { ok: true, question };
  if (refusal.reason === "too_long") return { ok: false, reason: "too_long", notice: questionTooLong(refusal.chars, deps.limits.maxQuestionChars) };
  if (refusal.reason === "rate_limited") {
    // Same key as refuseQuestion's: one notice per member per window; later refusals carry none (stay silent).
    const notify = await deps.rateLimiter.shouldNotify(`discord:${userId}`);
    return { ok: false, reason: "rate_limited", notice: notify ? rateLimited(refusal.retryAfterMs) : undefined };
  }
  return { ok: false, reason: "empty" };
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
  const outcome = await askAndRecord(deps, {
    platform: "discord",
    userId: ctx.userId,
    channel: ctx.channelId,
    question: ctx.question,
    history: ctx.history,
    onPartial: ctx.onPartial,
    timeoutMs: ctx.timeoutMs,
    receivedAt: ctx.receivedAt,
  });
  return outcome.ok ? { ok: true, replies: formatAnswer(outcome.answer, outcome.answerId) } : { ok: false, notice: apologyFor(outcome.error) };
}
