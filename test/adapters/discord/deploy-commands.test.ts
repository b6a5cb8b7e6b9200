import { afterEach, describe, expect, it } from "vitest";
import { deployCommands } from "../../../src/adapters/discord/deploy-commands.js";
import { APP_ID, GUILD_ID, startFakeDiscord, type FakeDiscord } from "../../helpers/fake-discord.js";

let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const base = { token: "test-token", allowedChannels: [], answerMentions: true, threadFollowups: true, adminRoleIds: [] };

describe("deployCommands", { timeout: 20_000 }, () => {
  it("registers /ask, /ask-admin and /docent in the configured guild, looking up the application id when not configured", async () => {
    fake = await startFakeDiscord();
    const result = await deployCommands({ ...base, apiUrl: fake.apiUrl, guildId: GUILD_ID });
    expect(result).toEqual({ scope: "guild", appId: APP_ID, names: ["ask", "ask-admin", "docent"] });
    expect(fake.requests.some((r) => r.method === "GET" && r.path === "/applications/@me")).toBe(true);
    const put = fake.requests.find((r) => r.method === "PUT");
    expect(put?.path).toBe(`/applications/${APP_ID}/guilds/${GUILD_ID}/commands`);
    expect(put?.body[0]).toMatchObject({ name: "ask", options: [{ name: "question", required: true }, { name: "private" }] });
    // Hidden by default from members without Manage Server (0x20); the admin roles remain the real check.
    expect(put?.body[1]).toMatchObject({ name: "ask-admin", contexts: [0], default_member_permissions: "32", options: [{ name: "reindex", type: 1 }] });
    // One /docent command; its tasks are subcommands (type 1) with their own options.
    expect(put?.body[2]).toMatchObject({
      name: "docent",
      options: [
        { name: "latest", type: 1, options: [{ name: "n", type: 4, min_value: 1, max_value: 25 }, { name: "topic", type: 3 }, { name: "private", type: 5 }] },
        { name: "search", type: 1, options: [{ name: "words", type: 3, required: true }, { name: "page", type: 4 }, { name: "private", type: 5 }] },
        { name: "summarize", type: 1, options: [{ name: "target", type: 3, required: true }, { name: "private", type: 5 }] },
      ],
    });
  });

  it("registers globally when no guild is configured", async () => {
    fake = await startFakeDiscord();
    const result = await deployCommands({ ...base, apiUrl: fake.apiUrl, appId: "123456789012345678" });
    expect(result.scope).toBe("global");
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["PUT /applications/123456789012345678/commands"]);
  });
});
