// State that every replica of one deployment must agree on, behind one small interface: "has anyone taken
// this key yet?" (Slack's event de-duplication and replay protection, one rate-limit notice per window),
// "is this key remembered?" (the Slack threads the app answers in) and per-member rate-limit tokens.
//
// In one process (the default) it lives in memory, as it always did. With DATABASE_URL it lives in Postgres
// (postgres-shared-state.ts), so two replicas behind one Slack endpoint answer a retried event once, whichever
// of them gets the retry, and a member's allowance is one allowance whichever replica answers.
// The adapters receive a SharedState through their deps and know nothing of where it lives.
import type { RateLimitDecision } from "../rate-limiter.js";

export interface SharedState {
  /** "memory" (this process only) or "postgres" (every replica on the database). */
  readonly kind: "memory" | "postgres";
  /**
   * True for the first caller to claim `key` while it is remembered (for `ttlMs` from the claim), false for
   * every later caller — on any replica. An expired claim can be claimed again.
   */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
  /** Remembers `key` for at least `ttlMs` from now (a later expiry already set is kept). */
  remember(key: string, ttlMs: number): Promise<void>;
  /** Whether `key` is remembered (claimed or remembered, not yet expired). */
  has(key: string): Promise<boolean>;
  /** Sliding-window rate limit: takes one of `limit` tokens per `windowMs` for `key`, or says how long to wait. */
  takeToken(key: string, limit: number, windowMs: number): Promise<RateLimitDecision>;
  close(): Promise<void>;
}

export interface MemorySharedStateOptions {
  /** Milliseconds since the epoch (tests move the clock). */
  now?: () => number;
  /** Cap on remembered keys; past it the oldest are forgotten first. */
  maxKeys?: number;
}

/** Enough for the traffic of the longest TTL used (Slack's retries come within minutes). */
const MEMORY_MAX_KEYS = 100_000;
/** Every this many operations, expired keys are swept out of the maps. */
const SWEEP_EVERY = 1_000;

/** This process's own state, as before replicas: maps with expiries and a size cap. */
export function createMemorySharedState(options: MemorySharedStateOptions = {}): SharedState {
  const now = options.now ?? Date.now;
  const max = options.maxKeys ?? MEMORY_MAX_KEYS;
  /** key → expiry (ms); Map order is insertion order, so the cap drops the oldest first. */
  const keys = new Map<string, number>();
  const hits = new Map<string, { at: number[]; windowMs: number }>();
  let operations = 0;
  const tick = (t: number) => {
    if (++operations % SWEEP_EVERY !== 0) return;
    for (const [k, expiry] of keys) if (expiry <= t) keys.delete(k);
    for (const [k, h] of hits) if (h.at.every((x) => x <= t - h.windowMs)) hits.delete(k);
  };
  const set = (key: string, expiry: number) => {
    keys.delete(key);
    keys.set(key, expiry);
    if (keys.size > max) keys.delete(keys.keys().next().value as string);
  };
  // Every method does its work synchronously, before its promise is returned: two listeners of one process
  // claiming the same key in the same tick cannot both win.
  return {
    kind: "memory",
    claimOnce(key, ttlMs) {
      const t = now();
      tick(t);
      const known = keys.get(key);
      if (known !== undefined && known > t) return Promise.resolve(false);
      set(key, t + ttlMs);
      return Promise.resolve(true);
    },
    remember(key, ttlMs) {
      const t = now();
      tick(t);
      set(key, Math.max(keys.get(key) ?? 0, t + ttlMs));
      return Promise.resolve();
    },
    has(key) {
      const known = keys.get(key);
      return Promise.resolve(known !== undefined && known > now());
    },
    takeToken(key, limit, windowMs) {
      const t = now();
      tick(t);
      const recent = (hits.get(key)?.at ?? []).filter((x) => x > t - windowMs);
      if (recent.length >= limit) {
        hits.set(key, { at: recent, windowMs });
        return Promise.resolve({ allowed: false, retryAfterMs: Math.max(0, recent[0]! + windowMs - t) });
      }
      recent.push(t);
      hits.set(key, { at: recent, windowMs });
      return Promise.resolve({ allowed: true, retryAfterMs: 0 });
    },
    close: () => Promise.resolve(),
  };
}
