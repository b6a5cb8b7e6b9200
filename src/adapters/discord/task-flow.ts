// What /docent's subcommands and its paging buttons share: the same per-member rate limit and length check as
// questions (one allowance for /ask and /docent), a deadline on the core, and failures turned into a short
// notice — the core's "no such document" says which titles come closest, anything else is an apology.
import { withTimeout } from "../../core/index.js";
import { isAppError } from "../../errors.js";
import { refuseQuestion } from "../shared/ask-and-record.js";
import { notFound } from "../shared/task-notices.js";
import { interactionTimeoutMs } from "./ask-flow.js";
import type { DiscordBotDeps } from "./deps.js";
import { escapeMarkdown } from "./format-tasks.js";
import { apologyFor, questionTooLong, rateLimited } from "./notices.js";

export const TASKS_UNAVAILABLE = "These commands are not available in this bot process; `/ask` still answers questions.";

/** Undefined when the member may go ahead; otherwise the notice to give (empty string: stay silent). */
export async function refuseTask(deps: DiscordBotDeps, userId: string, text: string): Promise<string | undefined> {
  // A task without words (`latest`) still counts against the member's allowance.
  const refusal = await refuseQuestion(deps, "discord", userId, text.trim() || "(task)");
  if (!refusal) return undefined;
  if (refusal.reason === "too_long") return questionTooLong(refusal.chars, deps.limits.maxQuestionChars);
  if (refusal.reason === "rate_limited") return (await deps.rateLimiter.shouldNotify(`discord:${userId}`)) ? rateLimited(refusal.retryAfterMs) : "";
  return "Please say what to look for.";
}

export async function runTask<T>(deps: DiscordBotDeps, what: string, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; notice: string }> {
  try {
    return { ok: true, value: await withTimeout(work(), interactionTimeoutMs(deps.limits.timeoutMs), `discord ${what}`) };
  } catch (error) {
    if (isDocumentNotFound(error)) return { ok: false, notice: notFound(error, (t) => `“${escapeMarkdown(t)}”`) };
    deps.logger.error({ err: error, task: what }, "discord: a /docent task failed");
    return { ok: false, notice: apologyFor(error) };
  }
}

function isDocumentNotFound(error: unknown): boolean {
  return isAppError(error, "document_not_found");
}
