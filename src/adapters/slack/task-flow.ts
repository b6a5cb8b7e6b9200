// What /docent and its paging buttons share on Slack: the same per-member rate limit and length check as /ask
// (one allowance for both), a deadline on the core, and failures turned into a short notice — the core's
// "no such document" names the closest titles (escaped), anything else is an apology.
import { withTimeout, type SearchPage } from "../../core/index.js";
import { isAppError } from "../../errors.js";
import type { SlackAppDeps } from "./deps.js";
import { APOLOGY, TIMEOUT_APOLOGY } from "./messages.js";
import { screenQuestion } from "./ask-core.js";
import { notFound } from "../shared/task-notices.js";
import { plain } from "./format-tasks.js";

export const TASKS_UNAVAILABLE = "`/docent` is not available in this app process; `/ask` still answers questions.";
export const SEARCH_PAGE_SIZE = 5;
export const LATEST_MAX = 25;

/** Undefined when the member may go ahead; otherwise the notice to give (empty string: stay silent). */
export async function refuseTask(deps: SlackAppDeps, userId: string, text: string): Promise<string | undefined> {
  // A task without words (`latest`) still counts against the member's allowance.
  const screening = await screenQuestion(deps, userId, text.trim() || "(task)");
  return screening.ok ? undefined : (screening.notice ?? "");
}

export async function runTask<T>(deps: SlackAppDeps, what: string, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; notice: string }> {
  try {
    return { ok: true, value: await withTimeout(work(), deps.limits.timeoutMs, `slack ${what}`) };
  } catch (error) {
    if (isAppError(error, "document_not_found")) return { ok: false, notice: notFound(error, (t) => `“${plain(t, 200)}”`) };
    deps.logger.error({ err: error, task: what }, "slack: a /docent task failed");
    return { ok: false, notice: isAppError(error, "ask_timeout") ? TIMEOUT_APOLOGY : APOLOGY };
  }
}

export function searchPage(deps: SlackAppDeps, query: string, page: number) {
  return runTask<SearchPage>(deps, "search", () => deps.tasks!.searchDocuments(query, { page, pageSize: SEARCH_PAGE_SIZE }));
}
