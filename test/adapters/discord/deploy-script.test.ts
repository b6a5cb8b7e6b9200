// npm run discord:deploy as an operator runs it: a refused token ends with one line naming the fix and exit 1.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript } from "../../helpers/run-script.js";
import { startRefusingDiscord, type RefusingDiscord } from "./refusing-discord.js";

let refusing: RefusingDiscord;
beforeAll(async () => {
  refusing = await startRefusingDiscord({ kind: "unauthorized" });
});
afterAll(() => refusing.close());

describe("npm run discord:deploy", () => {
  it("with a refused token: one line saying to reset the token, exit 1", { timeout: 60_000 }, async () => {
    const result = await runScript("scripts/deploy-discord-commands.ts", [], {
      env: { DISCORD_TOKEN: "revoked-token", DISCORD_API_URL: refusing.apiUrl, LOG_LEVEL: "info" },
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split("\n")).toEqual([
      "discord:deploy: Discord refused the bot token (401 Unauthorized): it is wrong, was reset or revoked. Fix: Developer Portal → your application → Bot → Reset Token, and put the new token in DISCORD_TOKEN.",
    ]);
    expect(result.stdout).toBe("");
  });
});
