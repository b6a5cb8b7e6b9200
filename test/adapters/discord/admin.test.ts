// /ask-admin reindex on Discord: refused (ephemerally, without running anything) for members without an
// admin role; for admins, deferred privately and answered with the re-index summary. Driven end to end with
// the real core: a post published after the bot started is answerable right after the command.
import { afterEach, describe, expect, it } from "vitest";
import { startDiscordBot } from "../../../src/adapters/discord/start-discord-bot.js";
import { ADMIN_ONLY, REINDEX_UNAVAILABLE } from "../../../src/adapters/discord/notices.js";
import { cut } from "../../../src/adapters/discord/commands/ask-admin.js";
import type { DiscordBotDeps } from "../../../src/adapters/discord/deps.js";
import { createEmbedder, createRateLimiter, createReindexRunner, ingestKnowledge, openDocent, openRecordStore, type Docent } from "../../../src/core/index.js";
import { AppError } from "../../../src/errors.js";
import { createLogger } from "../../../src/logger.js";
import { publish } from "../../helpers/fake-site.js";
import { APP_ID, startFakeDiscord, type FakeDiscord, type FakeUser } from "../../helpers/fake-discord.js";
import { makeSourcesKb, type SourcesKb } from "../../core/sources/sources-kb.js";
import { ALICE, callbackOf, editOf, expectNoMentionsAnywhere, scriptedAsker } from "./harness.js";

const ADMIN_ROLE = "700000000000000001";
const OTHER_ROLE = "700000000000000002";

let fake: FakeDiscord | undefined;
let stop: (() => Promise<void>) | undefined;
let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  if (fake) expectNoMentionsAnywhere(fake);
  await stop?.();
  await fake?.close();
  for (const c of cleanups.reverse()) await c();
  fake = undefined;
  stop = undefined;
  cleanups = [];
});

async function startBot(overrides: Partial<DiscordBotDeps> = {}, adminRoleIds = [ADMIN_ROLE]) {
  fake = await startFakeDiscord();
  const records = openRecordStore(":memory:");
  cleanups.push(async () => records.close());
  const bot = await startDiscordBot({
    config: { token: "test-token", appId: APP_ID, apiUrl: fake.apiUrl, allowedChannels: [], answerMentions: true, threadFollowups: true, adminRoleIds },
    asker: scriptedAsker(),
    records,
    rateLimiter: createRateLimiter({ limit: 1_000, windowMs: 60_000 }),
    limits: { maxQuestionChars: 1_000, timeoutMs: 10_000, historyMaxTurns: 6 },
    logger: createLogger("discord-admin-test"),
    ...overrides,
  });
  stop = bot.stop;
  return fake;
}

const reindexCommand = (user: FakeUser, roles: string[]) =>
  fake!.sendCommand({ user, name: "ask-admin", options: [{ name: "reindex", type: 1, options: [] }], roles });

function recordingReindex(result: () => Promise<string>) {
  const calls: number[] = [];
  return { calls, reindex: () => (calls.push(1), result()) };
}

describe("/ask-admin reindex (Discord)", { timeout: 30_000 }, () => {
  it("refuses members without an admin role, privately, and runs nothing", async () => {
    const spy = recordingReindex(async () => "summary");
    await startBot({ reindex: spy.reindex });
    for (const roles of [[], [OTHER_ROLE]]) {
      const interaction = reindexCommand(ALICE, roles);
      const callback = await fake!.waitForRequest(callbackOf(interaction));
      expect(callback.body).toMatchObject({ type: 4, data: { flags: 64, content: ADMIN_ONLY } });
    }
    expect(spy.calls).toHaveLength(0);
  });

  it("refuses everyone when no admin role is configured", async () => {
    const spy = recordingReindex(async () => "summary");
    await startBot({ reindex: spy.reindex }, []);
    const interaction = reindexCommand(ALICE, [ADMIN_ROLE]);
    expect((await fake!.waitForRequest(callbackOf(interaction))).body.data.content).toBe(ADMIN_ONLY);
    expect(spy.calls).toHaveLength(0);
  });

  it("defers privately for an admin, runs the re-index, and edits in the summary", async () => {
    const spy = recordingReindex(async () => "sources: 1 source, 2 fetched\nindex: 1 added");
    await startBot({ reindex: spy.reindex });
    const interaction = reindexCommand(ALICE, [OTHER_ROLE, ADMIN_ROLE]);
    const edit = await fake!.waitForRequest(editOf(interaction));
    expect(fake!.requests.find(callbackOf(interaction))?.body).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(edit.body.content).toBe("```\nsources: 1 source, 2 fetched\nindex: 1 added\n```");
    expect(spy.calls).toHaveLength(1);
  });

  it("keeps a long or fenced summary inside one code block of at most 2,000 characters", async () => {
    const summary = `sources: 1 source\n\`\`\`\nfailed: ${"https://x.example.org/a-very-long-path/".repeat(100)}\nindex: 1 added`;
    await startBot({ reindex: async () => summary });
    const edit = await fake!.waitForRequest(editOf(reindexCommand(ALICE, [ADMIN_ROLE])));
    const content = edit.body.content as string;
    expect(content.length).toBeLessThanOrEqual(2_000);
    expect(content.match(/```/g)).toHaveLength(2); // the block's own fences only
    expect(content.startsWith("```\nsources: 1 source\nˋˋˋ\nfailed: https://x.example.org/a-very-long-path/")).toBe(true);
    expect(content).toMatch(/…\n… 1 more line\(s\) in the bot's log\n```$/);
  });

  it("says why a re-index could not run, and when this process cannot re-index at all", async () => {
    await startBot({ reindex: async () => Promise.reject(new AppError("config_invalid", "sources: 1 problem(s) in knowledge/sources.yml")) });
    const failing = reindexCommand(ALICE, [ADMIN_ROLE]);
    expect((await fake!.waitForRequest(editOf(failing))).body.content).toContain("Re-index failed: sources: 1 problem(s) in knowledge/sources.yml");
    await stop!();
    await fake!.close();
    await startBot({});
    const unavailable = reindexCommand(ALICE, [ADMIN_ROLE]);
    expect((await fake!.waitForRequest(callbackOf(unavailable))).body).toMatchObject({ type: 4, data: { flags: 64, content: REINDEX_UNAVAILABLE } });
  });

  it("makes a post published after the bot started answerable, with the real core", async () => {
    const kb: SourcesKb = await makeSourcesKb();
    cleanups.push(() => kb.cleanup());
    const embedder = await createEmbedder(kb.config.embeddings);
    await ingestKnowledge(kb.config, embedder);
    publish(kb.site, "/feed.xml", []);
    await kb.writeSources(`sources:\n  - name: blog\n    feed: ${kb.site.url("/feed.xml")}\n`);
    const docent: Docent = await openDocent(kb.config, { embedder, watch: true });
    cleanups.push(() => docent.close());
    const runner = createReindexRunner(kb.config, embedder, { docent, reindexOptions: { fetcher: { retryDelayMs: 5 } } });
    await startBot({ asker: docent, reindex: runner.run });

    const question = "What is the name of the Lumen mascot?";
    const before = fake!.sendSlashCommand({ user: ALICE, question });
    expect((await fake!.waitForRequest(editOf(before))).body.content).not.toContain("Glim");

    publish(kb.site, "/feed.xml", [{ path: "/blog/mascot", title: "Mascot", date: "2026-03-01T00:00:00Z", text: "The Lumen mascot is a firefly named Glim." }]);
    const command = reindexCommand(ALICE, [ADMIN_ROLE]);
    const summary = (await fake!.waitForRequest(editOf(command))).body.content as string;
    expect(summary).toMatch(/sources: 1 source, 2 fetched, 0 not modified; 1 added/);
    expect(summary).toMatch(/index: 1 added, 0 changed, 0 removed, 5 unchanged/);

    const after = fake!.sendSlashCommand({ user: ALICE, question });
    const answer = await fake!.waitForRequest(editOf(after));
    expect(answer.body.content).toContain("firefly named Glim");
  });
});

describe("cut (the summary's shortening)", () => {
  it("shows the start of a single line too long to fit instead of only “1 more line”", () => {
    const out = cut("x".repeat(5_000), 1_850);
    expect(out.length).toBeLessThanOrEqual(1_850);
    expect(out).toMatch(/^x{1000,}…\n… the full text is in the bot's log$/);
  });

  it("neutralises fences even when nothing needs cutting", () => {
    expect(cut("a ``` b", 1_850)).toBe("a ˋˋˋ b");
  });
});
