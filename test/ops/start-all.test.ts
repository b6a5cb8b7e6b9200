// The start-up policy: all configured services start, or those that did are stopped again and the start
// fails with one line per failed service.
import { describe, expect, it } from "vitest";
import { AppError, isAppError } from "../../src/errors.js";
import { createLogger } from "../../src/logger.js";
import { startAll } from "../../src/ops/start-all.js";

const options = { logger: createLogger("start-all-test"), stopTimeoutMs: 1_000 };

function service(name: string, outcome: "ok" | Error, stopped: string[]) {
  return {
    name,
    async start() {
      if (outcome !== "ok") throw outcome;
      return { stop: async () => void stopped.push(name) };
    },
  };
}

async function failure(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (error) {
    return error as AppError;
  }
  throw new Error("expected the start to fail");
}

describe("startAll", () => {
  it("returns every handle when all start", async () => {
    const stopped: string[] = [];
    const handles = await startAll([service("discord", "ok", stopped), service("slack", "ok", stopped)], options);
    expect(handles).toHaveLength(2);
    expect(stopped).toEqual([]);
  });

  it("stops the ones that started when one fails, and rejects with that failure", async () => {
    const stopped: string[] = [];
    const refused = new AppError("platform_auth_failed", "slack: the bot token was rejected (invalid_auth): check SLACK_BOT_TOKEN");
    const error = await failure(startAll([service("discord", "ok", stopped), service("slack", refused, stopped)], options));
    expect(error).toBe(refused);
    expect(stopped).toEqual(["discord"]);
  });

  it("names every failure, one line each, and turns an unexpected error into one line", async () => {
    const stopped: string[] = [];
    const error = await failure(
      startAll(
        [service("discord", new AppError("platform_unreachable", "discord: cannot reach the Discord API"), stopped), service("slack", new TypeError("x is not a function\n    at y"), stopped)],
        options,
      ),
    );
    expect(isAppError(error, "platform_unreachable")).toBe(true);
    expect(error.message).toBe("discord: cannot reach the Discord API\nslack: could not start: x is not a function");
  });
});
