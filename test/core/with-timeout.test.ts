import { afterEach, describe, expect, it, vi } from "vitest";
import { withTimeout } from "../../src/core/with-timeout.js";
import { AppError } from "../../src/errors.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("withTimeout", () => {
  it("resolves with the work's value when it settles in time", async () => {
    await expect(withTimeout(Promise.resolve(42), 1_000)).resolves.toBe(42);
  });

  it("resolves with a value that arrives after a delay shorter than the limit", async () => {
    const work = new Promise<string>((resolve) => setTimeout(() => resolve("late but in time"), 5));
    await expect(withTimeout(work, 10_000)).resolves.toBe("late but in time");
  });

  it("passes on the work's own rejection unchanged", async () => {
    const failure = new Error("index missing");
    await expect(withTimeout(Promise.reject(failure), 1_000)).rejects.toBe(failure);
  });

  it("rejects with AppError ask_timeout when the work never settles", async () => {
    const never = new Promise<never>(() => {});
    const error = await withTimeout(never, 20, "ask").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("ask_timeout");
    expect((error as AppError).message).toBe("ask: no result within 20 ms");
  });

  it("names 'answer' in the message by default", async () => {
    const error = await withTimeout(new Promise<never>(() => {}), 20).catch((e: unknown) => e);
    expect((error as AppError).message).toContain("answer");
  });

  it("clears its timer when the work resolves", async () => {
    const clear = vi.spyOn(globalThis, "clearTimeout");
    const set = vi.spyOn(globalThis, "setTimeout");
    await withTimeout(Promise.resolve("ok"), 60_000);
    expect(set).toHaveBeenCalledTimes(1);
    const timer = set.mock.results[0]!.value as unknown;
    expect(clear).toHaveBeenCalledWith(timer);
  });

  it("clears its timer when the work rejects", async () => {
    const clear = vi.spyOn(globalThis, "clearTimeout");
    const set = vi.spyOn(globalThis, "setTimeout");
    await withTimeout(Promise.reject(new Error("boom")), 60_000).catch(() => undefined);
    const timer = set.mock.results[0]!.value as unknown;
    expect(clear).toHaveBeenCalledWith(timer);
  });

  it("leaves no pending timer behind after the work resolves", async () => {
    vi.useFakeTimers();
    try {
      await withTimeout(Promise.resolve(1), 60_000);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("does not reject later once resolved, even after the limit passes", async () => {
    vi.useFakeTimers();
    try {
      const result = withTimeout(Promise.resolve("done"), 50);
      await expect(result).resolves.toBe("done");
      await vi.advanceTimersByTimeAsync(100);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
