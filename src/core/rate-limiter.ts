// Per-key sliding-window rate limiting (a key is usually "platform:user"), shared by every front end so a
// member gets the same allowance on Discord and Slack. In memory (createRateLimiter): limits reset when the
// process restarts. On the replicas' shared state (createSharedRateLimiter, Postgres with DATABASE_URL): one
// allowance whichever replica answers; its answers are promises, so callers await both kinds.
//
// The refusals are limited too: a member who keeps asking while limited is told once per window, not once
// per message (25 excess messages must not cause 25 notices, which would flood a channel and the platform's
// own rate limits). Front ends ask `shouldNotify` after a refusal and stay silent when it says no.

import type { SharedState } from "./shared-state/shared-state.js";

export interface RateLimitDecision {
  allowed: boolean;
  /** When not allowed: how long until the next question would be accepted. */
  retryAfterMs: number;
}

export interface RateLimiter {
  take(key: string, now?: number): RateLimitDecision | Promise<RateLimitDecision>;
  /**
   * After `take` refused `key`: true for the first refusal the member should hear about, then false until a
   * whole window has passed since that notice. Each true answer is counted as a notice given.
   */
  shouldNotify(key: string, now?: number): boolean | Promise<boolean>;
}

/** The in-memory limiter answers at once. */
export interface MemoryRateLimiter extends RateLimiter {
  take(key: string, now?: number): RateLimitDecision;
  shouldNotify(key: string, now?: number): boolean;
}

/**
 * The same limits kept in the replicas' shared state: tokens by `takeToken`, and the one notice per window
 * as a claim that expires with the window. Times are the state's own clock (`now` is not used).
 */
export function createSharedRateLimiter(state: Pick<SharedState, "takeToken" | "claimOnce">, options: { limit: number; windowMs: number }): RateLimiter {
  return {
    take: (key) => state.takeToken(`rate:${key}`, options.limit, options.windowMs),
    shouldNotify: (key) => state.claimOnce(`rate-notice:${key}`, options.windowMs),
  };
}

export function createRateLimiter(options: { limit: number; windowMs: number }): MemoryRateLimiter {
  const hits = new Map<string, number[]>();
  /** When each key was last told it is limited. */
  const notified = new Map<string, number>();
  let sweeps = 0;
  const sweep = (now: number) => {
    const since = now - options.windowMs;
    for (const [k, ts] of hits) if (ts.every((t) => t <= since)) hits.delete(k);
    for (const [k, t] of notified) if (t <= since) notified.delete(k);
  };
  return {
    take(key, now = Date.now()) {
      const since = now - options.windowMs;
      const recent = (hits.get(key) ?? []).filter((t) => t > since);
      // Occasionally drop idle keys so a busy server's maps do not grow without bound.
      if (++sweeps % 1000 === 0) sweep(now);
      if (recent.length >= options.limit) {
        hits.set(key, recent);
        return { allowed: false, retryAfterMs: Math.max(0, recent[0]! + options.windowMs - now) };
      }
      recent.push(now);
      hits.set(key, recent);
      return { allowed: true, retryAfterMs: 0 };
    },
    shouldNotify(key, now = Date.now()) {
      const last = notified.get(key);
      if (last !== undefined && now - last < options.windowMs) return false;
      notified.set(key, now);
      return true;
    },
  };
}
