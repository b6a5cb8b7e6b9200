// Per-key sliding-window rate limiting (a key is usually "platform:user"), shared by every front end so a
// member gets the same allowance on Discord and Slack. In memory: limits reset when the process restarts.

export interface RateLimitDecision {
  allowed: boolean;
  /** When not allowed: how long until the next question would be accepted. */
  retryAfterMs: number;
}

export interface RateLimiter {
  take(key: string, now?: number): RateLimitDecision;
}

export function createRateLimiter(options: { limit: number; windowMs: number }): RateLimiter {
  const hits = new Map<string, number[]>();
  let sweeps = 0;
  return {
    take(key, now = Date.now()) {
      const since = now - options.windowMs;
      const recent = (hits.get(key) ?? []).filter((t) => t > since);
      // Occasionally drop idle keys so a busy server's map does not grow without bound.
      if (++sweeps % 1000 === 0) for (const [k, ts] of hits) if (ts.every((t) => t <= since)) hits.delete(k);
      if (recent.length >= options.limit) {
        hits.set(key, recent);
        return { allowed: false, retryAfterMs: Math.max(0, recent[0]! + options.windowMs - now) };
      }
      recent.push(now);
      hits.set(key, recent);
      return { allowed: true, retryAfterMs: 0 };
    },
  };
}
