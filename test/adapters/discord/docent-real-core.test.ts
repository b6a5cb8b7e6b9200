// /docent on Discord against the real core: the fixture knowledge base indexed offline, the Docent's own
// TaskService, the real discord.js client and the fake Discord.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDiscordBot } from "../../../src/adapters/discord/start-discord-bot.js";
import { createRateLimiter, openRecordStore } from "../../../src/core/index.js";
import { createLogger } from "../../../src/logger.js";
import { openFixtureDocent, type FixtureDocent } from "../../helpers/docent-fixture.js";
import { APP_ID, startFakeDiscord, type FakeDiscord } from "../../helpers/fake-discord.js";
import { ALICE, editOf, expectNoMentionsAnywhere } from "./harness.js";

let fixture: FixtureDocent;
let fake: FakeDiscord;
let stop: () => Promise<void>;
beforeAll(async () => {
  fixture = await openFixtureDocent();
  fake = await startFakeDiscord();
  const records = openRecordStore(":memory:");
  const bot = await startDiscordBot({
    config: { token: "test-token", appId: APP_ID, apiUrl: fake.apiUrl, allowedChannels: [], answerMentions: true, threadFollowups: true, adminRoleIds: [] },
    asker: fixture.docent,
    tasks: fixture.docent.tasks,
    records,
    rateLimiter: createRateLimiter({ limit: 1_000, windowMs: 60_000 }),
    limits: { maxQuestionChars: 1_000, timeoutMs: 20_000, historyMaxTurns: 6 },
    logger: createLogger("discord-docent-core-test"),
  });
  stop = async () => {
    await bot.stop();
    records.close();
  };
});
afterAll(async () => {
  expectNoMentionsAnywhere(fake);
  await stop();
  await fake.close();
  await fixture.close();
});

const docent = (sub: string, options: { name: string; type: number; value: string | number }[] = []) =>
  fake.waitForRequest(editOf(fake.sendCommand({ user: ALICE, name: "docent", options: [{ name: sub, type: 1, options }] })));

describe("/docent on Discord with the real core", { timeout: 60_000 }, () => {
  it("latest lists the fixture's documents, newest first, with the front-matter date and link", async () => {
    const edit = await docent("latest", [{ name: "n", type: 4, value: 5 }]);
    expect(edit.body.content).toBe("Newest documents:");
    expect(edit.body.embeds[0].description).toContain("[Installing Lumen](https://lumen.example.org/docs/install) · 2025-11-03");
  });

  it("search ranks the Netlify guide first for 'netlify deploy'", async () => {
    const edit = await docent("search", [{ name: "words", type: 3, value: "netlify deploy" }]);
    expect(edit.body.content).toMatch(/^Documents matching “netlify deploy” — page 1 of \d+ \(\d+ documents?\):$/);
    expect(edit.body.embeds[0].description).toMatch(/^\*\*1\.\*\* (\[|\*\*)Deploying a Lumen site to Netlify/);
  });

  it("summarize names the document, its sections and cited sources; an unknown one gets the closest titles", async () => {
    const edit = await docent("summarize", [{ name: "target", type: 3, value: "Installing Lumen" }]);
    const embed = edit.body.embeds[0];
    expect(embed).toMatchObject({ title: "Installing Lumen", url: "https://lumen.example.org/docs/install" });
    expect(embed.description).toMatch(/\[1\]/);
    expect(embed.fields.map((f: { name: string }) => f.name)).toEqual(["Sections", "Sources"]);
    const missing = await docent("summarize", [{ name: "target", type: 3, value: "the kubernetes operator handbook" }]);
    expect(missing.body.content).toMatch(/^I couldn't find a document matching “the kubernetes operator handbook”\./);
  });
});
