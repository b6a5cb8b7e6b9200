import { describe, expect, it } from "vitest";
import { createRateLimiter } from "../../src/core/rate-limiter.js";

const T0 = 1_700_000_000_000;

describe("createRateLimiter", () => {
  it("allows up to the limit within the window, then refuses", () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000 });
    expect(limiter.take("discord:u1", T0)).toEqual({ allowed: true, retryAfterMs: 0 });
    expect(limiter.take("discord:u1", T0 + 1_000).allowed).toBe(true);
    expect(limiter.take("discord:u1", T0 + 2_000).allowed).toBe(true);
    expect(limiter.take("discord:u1", T0 + 3_000).allowed).toBe(false);
    expect(limiter.take("discord:u1", T0 + 59_000).allowed).toBe(false);
  });

  it("reports how long until the oldest hit leaves the window", () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: 10_000 });
    limiter.take("k", T0);
    limiter.take("k", T0 + 4_000);
    expect(limiter.take("k", T0 + 5_000)).toEqual({ allowed: false, retryAfterMs: 5_000 });
    expect(limiter.take("k", T0 + 9_999)).toEqual({ allowed: false, retryAfterMs: 1 });
  });

  it("does not count refused attempts against the key", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1_000 });
    expect(limiter.take("k", T0).allowed).toBe(true);
    for (let t = 100; t < 1_000; t += 100) expect(limiter.take("k", T0 + t).allowed).toBe(false);
    expect(limiter.take("k", T0 + 1_000).allowed).toBe(true);
  });

  it("leaves other keys unaffected", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000 });
    expect(limiter.take("discord:u1", T0).allowed).toBe(true);
    expect(limiter.take("discord:u1", T0 + 1).allowed).toBe(false);
    expect(limiter.take("discord:u2", T0 + 2).allowed).toBe(true);
    expect(limiter.take("slack:u1", T0 + 3).allowed).toBe(true);
  });

  it("allows again once the window has passed (sliding)", () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: 10_000 });
    limiter.take("k", T0);
    limiter.take("k", T0 + 6_000);
    expect(limiter.take("k", T0 + 9_000).allowed).toBe(false);
    // The first hit is exactly one window old: it no longer counts.
    expect(limiter.take("k", T0 + 10_000).allowed).toBe(true);
    // Now hits at +6000 and +10000 count: full again until +16000.
    expect(limiter.take("k", T0 + 15_999)).toEqual({ allowed: false, retryAfterMs: 1 });
    expect(limiter.take("k", T0 + 16_000).allowed).toBe(true);
  });

  it("allows everything again after a long idle time", () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: 1_000 });
    limiter.take("k", T0);
    limiter.take("k", T0);
    expect(limiter.take("k", T0).allowed).toBe(false);
    expect(limiter.take("k", T0 + 1_000_000).allowed).toBe(true);
    expect(limiter.take("k", T0 + 1_000_000).allowed).toBe(true);
    expect(limiter.take("k", T0 + 1_000_000).allowed).toBe(false);
  });

  it("keeps limiting a key correctly across the periodic sweep of idle keys", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1_000 });
    expect(limiter.take("busy", T0).allowed).toBe(true);
    for (let i = 0; i < 1_500; i++) limiter.take(`idle-${i}`, T0 + 1);
    expect(limiter.take("busy", T0 + 2).allowed).toBe(false);
    expect(limiter.take("idle-0", T0 + 2).allowed).toBe(false);
    expect(limiter.take("idle-0", T0 + 1_001).allowed).toBe(true);
  });

  it("uses the current time when now is not given", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000 });
    expect(limiter.take("k").allowed).toBe(true);
    const refused = limiter.take("k");
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
  });
  it("says to notify once per window per key, however many refusals follow", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000 });
    expect(limiter.take("slack:u1", T0).allowed).toBe(true);
    const notices: boolean[] = [];
    for (let i = 1; i <= 25; i++) {
      expect(limiter.take("slack:u1", T0 + i * 100).allowed).toBe(false);
      notices.push(limiter.shouldNotify("slack:u1", T0 + i * 100));
    }
    expect(notices.filter(Boolean)).toHaveLength(1);
    expect(notices[0]).toBe(true);
    // Another member is told on their own first refusal.
    expect(limiter.shouldNotify("slack:u2", T0 + 3_000)).toBe(true);
  });

  it("notifies again only once a whole window has passed since the last notice", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 10_000 });
    expect(limiter.shouldNotify("k", T0)).toBe(true);
    expect(limiter.shouldNotify("k", T0 + 9_999)).toBe(false);
    expect(limiter.shouldNotify("k", T0 + 10_000)).toBe(true);
    expect(limiter.shouldNotify("k", T0 + 10_001)).toBe(false);
  });

  it("forgets old notices in the periodic sweep without forgetting recent ones", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1_000 });
    expect(limiter.shouldNotify("old", T0)).toBe(true);
    expect(limiter.shouldNotify("recent", T0 + 1_500)).toBe(true);
    for (let i = 0; i < 1_000; i++) limiter.take(`idle-${i}`, T0 + 1_600);
    expect(limiter.shouldNotify("recent", T0 + 1_600)).toBe(false);
    expect(limiter.shouldNotify("old", T0 + 1_600)).toBe(true);
  });
});
