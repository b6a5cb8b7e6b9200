// /ask waits for the core at most 14 minutes, whatever the configured timeout: Discord's interaction token lives
// 15 minutes, and an answer (or apology) edited in after that is lost. The clock is simulated, not waited for.
import { afterEach, describe, expect, it, vi } from "vitest";
import { askCore, INTERACTION_TIMEOUT_MAX_MS, interactionTimeoutMs } from "../../../src/adapters/discord/ask-flow.js";
import type { DiscordBotDeps } from "../../../src/adapters/discord/deps.js";
import { createRateLimiter, openRecordStore } from "../../../src/core/index.js";
import { createLogger } from "../../../src/logger.js";

const MINUTE = 60_000;

afterEach(() => {
  vi.useRealTimers();
});

describe("the /ask timeout", () => {
  it("is the configured timeout, capped at 14 minutes", () => {
    expect(INTERACTION_TIMEOUT_MAX_MS).toBe(14 * MINUTE);
    expect(interactionTimeoutMs(60 * MINUTE)).toBe(14 * MINUTE);
    expect(interactionTimeoutMs(30_000)).toBe(30_000);
  });

  it("ends a core that never answers within the cap, even when the configured timeout is an hour", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const records = openRecordStore(":memory:");
    const deps = {
      asker: { ask: () => new Promise<never>(() => {}) },
      records,
      rateLimiter: createRateLimiter({ limit: 10, windowMs: MINUTE }),
      limits: { maxQuestionChars: 1_000, timeoutMs: 60 * MINUTE, historyMaxTurns: 6 },
      logger: createLogger("discord-timeout-test"),
    } as unknown as DiscordBotDeps;
    let settled = false;
    const result = askCore(deps, {
      userId: "1",
      channelId: "2",
      question: "q",
      history: [],
      receivedAt: 0,
      timeoutMs: interactionTimeoutMs(deps.limits.timeoutMs),
    }).finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(14 * MINUTE - 1);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await result).toEqual({ ok: false, notice: expect.stringContaining("took too long") });
    records.close();
  });
});
