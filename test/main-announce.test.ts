// npm start with ANNOUNCE_DISCORD_CHANNELS and ANNOUNCE_SLACK_CHANNELS: the whole process (both adapters against
// the tests' fakes, the announcer over DATA_DIR/docent.sqlite). The index built at start is not announced; a
// post added to the knowledge folder is announced exactly once per channel after /ask-admin reindex, listing the
// post with its link and unable to ping; after a restart over the same files, a re-index announces nothing.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OTHER_CHANNEL_ID, startFakeDiscord, type FakeDiscord } from "./helpers/fake-discord.js";
import { postSigned, slashCommandBody, startFakeSlack, type FakeSlack } from "./helpers/fake-slack.js";
import { makeTempKnowledge, type TempKnowledge } from "./helpers/temp-knowledge.js";
import { expectNoMentionsAnywhere, postIn } from "./adapters/discord/harness.js";
import { freePort, spawnMain, type MainProcess } from "./main-process.js";

const SECRET = "main-announce-signing-secret";
const SLACK_NEWS = "CNEWS";
const ADMIN = "UADMIN";
let discord: FakeDiscord;
let slack: FakeSlack;
let kb: TempKnowledge;
let main: MainProcess | undefined;
let slackPort = 0;
let sequence = 0;

beforeAll(async () => {
  [discord, slack, kb] = await Promise.all([startFakeDiscord(), startFakeSlack(), makeTempKnowledge()]);
});
afterAll(async () => {
  if (main && main.child.exitCode === null) main.child.kill("SIGKILL");
  await Promise.all([discord?.close(), slack?.close(), kb?.cleanup()]);
});

async function start(): Promise<MainProcess> {
  slackPort = await freePort();
  const proc = spawnMain(["--knowledge", kb.knowledgeDir, "--index", kb.indexDir], {
    DATA_DIR: join(kb.root, "data"),
    DISCORD_TOKEN: "announce-test-token",
    DISCORD_APP_ID: "900000000000000002",
    DISCORD_API_URL: discord.apiUrl,
    SLACK_BOT_TOKEN: "xoxb-announce-test",
    SLACK_MODE: "http",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_PORT: String(slackPort),
    SLACK_API_URL: slack.apiUrl,
    SLACK_ADMIN_USER_IDS: ADMIN,
    ANNOUNCE_DISCORD_CHANNELS: OTHER_CHANNEL_ID,
    ANNOUNCE_SLACK_CHANNELS: SLACK_NEWS,
    REINDEX_INTERVAL_MINUTES: "0",
  });
  await proc.until(() => (proc.stderr().includes("Docent is running") ? true : undefined), "Docent to start");
  return proc;
}

async function stop(proc: MainProcess): Promise<void> {
  proc.child.kill("SIGTERM");
  expect(await proc.exited).toBe(0);
}

/** /ask-admin reindex on Slack, signed; resolves to the summary (the second reply, after "re-indexing…"). */
async function reindex(proc: MainProcess): Promise<string> {
  const id = `reindex-${++sequence}`;
  const body = new URLSearchParams(slashCommandBody({ text: "reindex", userId: ADMIN, channelId: "CADMIN", responseUrl: slack.responseUrl(id) }));
  body.set("command", "/ask-admin");
  const ack = await postSigned(`http://127.0.0.1:${slackPort}/slack/events`, body.toString(), "application/x-www-form-urlencoded", { secret: SECRET });
  expect(ack.status).toBe(200);
  const replies = await proc.until(() => {
    const found = slack.responses.filter((r) => r.id === id);
    return found.length >= 2 ? found : undefined;
  }, "the re-index summary");
  return String((replies[1]!.body as { text: string }).text);
}

const slackAnnouncements = () => slack.callsOf("chat.postMessage").filter((c) => c.args.channel === SLACK_NEWS);
const discordAnnouncements = () => discord.requests.filter(postIn(OTHER_CHANNEL_ID));

describe("npm start with announcement channels on Discord and Slack", { timeout: 180_000 }, () => {
  it("announces a new post once per channel, never the first build, and not again after a restart", async () => {
    // No index yet: npm start builds it; that build is recorded as announced, not posted.
    main = await start();
    expect(main.stderr()).toContain("first look at this channel");
    expect(slackAnnouncements()).toHaveLength(0);
    expect(discordAnnouncements()).toHaveLength(0);

    await mkdir(join(kb.knowledgeDir, "blog"), { recursive: true });
    await writeFile(
      join(kb.knowledgeDir, "blog", "release-2.md"),
      `---\ntitle: "Release 2.0: @everyone <!here> please upgrade"\nurl: https://blog.example.org/release-2\ndate: 2025-01-15\n---\n\n# Release 2.0\n\nThis release changes the upgrade steps and the configuration file format.\n`,
    );
    expect(await reindex(main)).toContain("1 added");

    // The re-index's reply comes after its announcements: exactly one message per channel, listing the post.
    expect(slackAnnouncements()).toHaveLength(1);
    const slackPost = slackAnnouncements()[0]!.args as Record<string, any>;
    expect(slackPost.text).toBe("*New in the knowledge base:*\n• <https://blog.example.org/release-2|Release 2.0: @\u2060everyone &lt;!here&gt; please upgrade>");
    expect(JSON.stringify([slackPost.text, slackPost.blocks])).not.toMatch(/<!|<@|@(here|channel|everyone)\b/);
    expect(slackPost).toMatchObject({ unfurl_links: "false", unfurl_media: "false" });

    expect(discordAnnouncements()).toHaveLength(1);
    const discordPost = discordAnnouncements()[0]!.body;
    expect(discordPost.content).toBe("New in the knowledge base:");
    expect(discordPost.embeds[0].description).toBe("• [Release 2.0: \\@everyone \\<!here\\> please upgrade](https://blog.example.org/release-2)");
    expect(discordPost.allowed_mentions).toEqual({ parse: [] });
    expect(expectNoMentionsAnywhere(discord)).toBeGreaterThan(0);

    // A restart over the same DATA_DIR and index, then another re-index: nothing new, nothing posted.
    await stop(main);
    main = await start();
    expect(main.stderr()).not.toContain("first look at this channel");
    expect(await reindex(main)).toContain("index: 0 added, 0 changed, 0 removed");
    expect(slackAnnouncements()).toHaveLength(1);
    expect(discordAnnouncements()).toHaveLength(1);
    await stop(main);
  });
});
