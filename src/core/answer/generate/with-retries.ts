// Calls a model with retries inside a fixed time budget. Each attempt gets its own deadline (the per-request
// timeout, or what is left of the budget if less); a timeout, a 429, a 5xx or a failed connection is retried
// after an exponential, jittered backoff (or the server's Retry-After), but only while the budget still leaves
// room for a useful attempt — otherwise the last error is thrown and the caller falls back at once.
import { parseRetryAfter } from "../../retry-after.js";

export interface RetryOptions {
  /** Wall-clock budget for all attempts and waits together. */
  budgetMs: number;
  /** Longest single attempt. */
  attemptTimeoutMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff; doubled per retry, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Called before each retry (for logs). */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

/** An attempt ended by its own deadline. */
export class AttemptTimeoutError extends Error {
  override readonly name = "AttemptTimeoutError";
}

/** Below this, a further attempt could not finish anyway; better to fall back now. */
const MIN_ATTEMPT_MS = 250;

export async function withRetries<T>(run: (signal: AbortSignal) => Promise<T>, options: RetryOptions): Promise<{ value: T; attempts: number }> {
  const deadline = performance.now() + options.budgetMs;
  for (let attempt = 1; ; attempt++) {
    const timeoutMs = Math.min(options.attemptTimeoutMs, deadline - performance.now());
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new AttemptTimeoutError(`no answer within ${Math.round(timeoutMs)} ms`)), Math.max(0, timeoutMs));
    try {
      return { value: await run(controller.signal), attempts: attempt };
    } catch (caught) {
      const error = controller.signal.aborted ? controller.signal.reason : caught;
      const reason = retryReason(error);
      if (!reason || attempt > options.maxRetries) throw error;
      const backoff = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      const delayMs = Math.round(Math.max(backoff, retryAfterMs(error) ?? 0));
      if (performance.now() + delayMs + MIN_ATTEMPT_MS > deadline) throw error;
      options.onRetry?.({ attempt, delayMs, reason });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Why an error is worth another attempt, or undefined when it is not (400, 401, 404: retrying cannot help). */
export function retryReason(error: unknown): string | undefined {
  if (error instanceof AttemptTimeoutError) return "timeout";
  const status = statusOf(error);
  if (status === 429) return "rate limited (429)";
  if (status !== undefined && status >= 500) return `server error (${status})`;
  if (status === undefined && error instanceof Error && /connection|ECONNRESET|ECONNREFUSED|socket hang up|fetch failed|terminated/i.test(`${error.name} ${error.message}`))
    return "connection failed";
  return undefined;
}

export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === "number" ? status : undefined;
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { headers?: unknown } | undefined)?.headers;
  let value: string | null | undefined;
  if (headers && typeof (headers as Headers).get === "function") value = (headers as Headers).get("retry-after");
  else if (headers && typeof headers === "object") value = (headers as Record<string, string | undefined>)["retry-after"];
  return parseRetryAfter(value);
}
