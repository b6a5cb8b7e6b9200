// Announcements on Discord, end to end: the real re-index runner over a scratch knowledge base, the real
// announcer with its SQLite store under DATA_DIR, and the real discord.js client posting to the fake Discord.
// Nothing is posted on the first index build; a post added later is announced once, in the configured channel,
// after /ask-admin reindex, without pinging anyone; after a restart (new process state over the same files)
// nothing is announced again, and only a newer post is.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { discordAnnouncementPoster } from "../../../src/adapters/discord/announce.js";
import { startDiscordBot } from "../../../src/adapters/discord/start-discord-bot.js";
import { createAnnouncer, openSqliteAnnouncedStore } from "../../../src/core/announce/index.js";
import { createEmbedder, createRateLimiter, createReindexRunner, openRecordStore, type Embedder } from "../../../src/core/index.js";
import { createLogger } from "../../../src/logger.js";
import { APP_ID, OTHER_CHANNEL_ID, startFakeDiscord, type FakeDiscord } from "../../helpers/fake-discord.js";
import { makeTempKnowledge, type TempKnowledge } from "../../helpers/temp-knowledge.js";
import { ALICE, editOf, expectNoMentionsAnywhere, postIn, scriptedAsker } from "./harness.js";

const ADMIN_ROLE = "700000000000000001";
let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

/** One "process": the bot, the announcer over the store file, and the runner the admin command and schedule share. */
async function boot(kb: TempKnowledge, fake: FakeDiscord, embedder: Embedder) {
  const store = openSqliteAnnouncedStore(join(kb.config.dataDir, "docent.sqlite"));
  const announcer = createAnnouncer({ indexDir: kb.indexDir, store, channels: { discord: [OTHER_CHANNEL_ID], slack: [] } });
  await announcer.prime();
  const runner = createReindexRunner(kb.config, embedder, { afterRun: () => announcer.afterReindex() });
  const records = openRecordStore(":memory:");
  const bot = await startDiscordBot({
    config: { token: "test-token", appId: APP_ID, apiUrl: fake.apiUrl, allowedChannels: [], answerMentions: true, threadFollowups: true, adminRoleIds: [ADMIN_ROLE] },
    asker: scriptedAsker(),
    records,
    rateLimiter: createRateLimiter({ limit: 1_000, windowMs: 60_000 }),
    limits: { maxQuestionChars: 1_000, timeoutMs: 10_000, historyMaxTurns: 6 },
    logger: createLogger("discord-announce-test"),
    reindex: runner.run,
  });
  const detach = announcer.attach("discord", discordAnnouncementPoster(bot.client));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    detach();
    await runner.idle();
    await bot.stop();
    records.close();
    await store.close();
  };
  cleanups.push(stop);
  return { runner, stop };
}

const post = (title: string, slug: string) =>
  `---\ntitle: "${title}"\nurl: https://blog.example.org/${slug}\ndate: 2025-01-15\n---\n\n# ${title}\n\nThis release changes the upgrade steps and the configuration file format.\n`;

describe("announcements on Discord", { timeout: 60_000 }, () => {
  it("announces a new post once, in the configured channel, never on the first build, and not again after a restart", async () => {
    const kb = await makeTempKnowledge();
    cleanups.push(() => kb.cleanup());
    const fake = await startFakeDiscord();
    cleanups.push(() => fake.close());
    const embedder = await createEmbedder(kb.config.embeddings);
    const announcements = () => fake.requests.filter(postIn(OTHER_CHANNEL_ID));

    let proc = await boot(kb, fake, embedder);
    // The very first index build (there was no index): everything recorded, nothing posted.
    await proc.runner.run();
    expect(announcements()).toHaveLength(0);

    // A new post, then /ask-admin reindex: one message listing it, linked, with mentions disabled.
    await mkdir(join(kb.knowledgeDir, "blog"), { recursive: true });
    await writeFile(join(kb.knowledgeDir, "blog", "release-2.md"), post("Release 2.0: @everyone please upgrade", "release-2"));
    const command = fake.sendCommand({ user: ALICE, name: "ask-admin", options: [{ name: "reindex", type: 1, options: [] }], roles: [ADMIN_ROLE] });
    const summary = await fake.waitForRequest(editOf(command));
    expect(summary.body.content).toContain("1 added");
    expect(announcements()).toHaveLength(1);
    const [first] = announcements();
    expect(first!.body.content).toBe("New in the knowledge base:");
    expect(first!.body.embeds[0].description).toBe("• [Release 2.0: \\@everyone please upgrade](https://blog.example.org/release-2)");
    expect(first!.body.allowed_mentions).toEqual({ parse: [] });

    // A restart: new runner, announcer, store handle and bot over the same DATA_DIR and index.
    await proc.stop();
    proc = await boot(kb, fake, embedder);
    await proc.runner.run(); // nothing new: the scheduled run announces nothing
    expect(announcements()).toHaveLength(1);

    await writeFile(join(kb.knowledgeDir, "blog", "release-3.md"), post("Release 3.0", "release-3"));
    await proc.runner.run();
    expect(announcements()).toHaveLength(2);
    expect(announcements()[1]!.body.embeds[0].description).toBe("• [Release 3.0](https://blog.example.org/release-3)");
    expect(expectNoMentionsAnywhere(fake)).toBeGreaterThan(0);
  });
});
