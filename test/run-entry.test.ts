// The line an operator reads when an entry point fails: an AppError's own message, a usage hint for a bad
// option, and for anything unexpected one plain line naming the command and the error (never a bare JSON record).
import { parseArgs } from "node:util";
import { describe, expect, it } from "vitest";
import { AppError } from "../src/errors.js";
import { failureLine } from "../src/run-entry.js";

describe("failureLine", () => {
  it("prints an AppError's message as it is", () => {
    expect(failureLine(new AppError("platform_auth_failed", "discord: Discord refused the bot token. Fix: reset it."), "npm start")).toBe(
      "discord: Discord refused the bot token. Fix: reset it.",
    );
  });

  it("turns a bad command-line option into a usage hint", () => {
    let error: unknown;
    try {
      parseArgs({ args: ["--nope"], options: {}, strict: true });
    } catch (caught) {
      error = caught;
    }
    expect(failureLine(error, "npm start")).toBe("Unknown option '--nope' (see --help)");
  });

  it("gives an unexpected error one line naming the command and the error's first line", () => {
    const error = new TypeError("files is not iterable\nmore detail");
    expect(failureLine(error, "npm start")).toBe("npm start: unexpected failure: files is not iterable (the log has the details; please report it if it persists)");
  });
});
