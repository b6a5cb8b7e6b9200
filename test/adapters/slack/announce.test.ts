// Announcements on Slack, end to end: the real re-index runner over a scratch knowledge base, the real
// announcer with its SQLite store under DATA_DIR, and the real Bolt app's client posting (chat.postMessage) to
// the fake Slack. Nothing on the first index build; a post added later is announced once after
// /ask-admin reindex, escaped and unable to ping; after a restart nothing is announced again, only a newer post.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { slackAnnouncementPoster } from "../../../src/adapters/slack/announce.js";
import { createAnnouncer, openSqliteAnnouncedStore } from "../../../src/core/announce/index.js";
import { createEmbedder, createReindexRunner, type Embedder } from "../../../src/core/index.js";
import { makeTempKnowledge, type TempKnowledge } from "../../helpers/temp-knowledge.js";
import { startDocentSlack } from "./docent-harness.js";

const ANNOUNCE_CHANNEL = "CNEWS";
let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function boot(kb: TempKnowledge, embedder: Embedder) {
  const store = openSqliteAnnouncedStore(join(kb.config.dataDir, "docent.sqlite"));
  const announcer = createAnnouncer({ indexDir: kb.indexDir, store, channels: { discord: [], slack: [ANNOUNCE_CHANNEL] } });
  await announcer.prime();
  const runner = createReindexRunner(kb.config, embedder, { afterRun: () => announcer.afterReindex() });
  const slack = await startDocentSlack({ reindex: runner.run, adminUserIds: ["UADMIN"] });
  const detach = announcer.attach("slack", slackAnnouncementPoster(slack.handle.app.client));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    detach();
    await runner.idle();
    await slack.close();
    await store.close();
  };
  cleanups.push(stop);
  return { runner, slack, stop };
}

const post = (title: string, slug: string) =>
  `---\ntitle: "${title}"\nurl: https://blog.example.org/${slug}\ndate: 2025-01-15\n---\n\n# ${title}\n\nThis release changes the upgrade steps and the configuration file format.\n`;

describe("announcements on Slack", { timeout: 60_000 }, () => {
  it("announces a new post once, never on the first build, and not again after a restart", async () => {
    const kb = await makeTempKnowledge();
    cleanups.push(() => kb.cleanup());
    const embedder = await createEmbedder(kb.config.embeddings);

    let proc = await boot(kb, embedder);
    const posted = () => proc.slack.fake.callsOf("chat.postMessage").filter((c) => c.args.channel === ANNOUNCE_CHANNEL);
    await proc.runner.run(); // the very first index build
    expect(posted()).toHaveLength(0);

    await mkdir(join(kb.knowledgeDir, "blog"), { recursive: true });
    await writeFile(join(kb.knowledgeDir, "blog", "release-2.md"), post("Release 2.0 <!here> & @channel *upgrade*", "release-2"));
    const command = await proc.slack.slash("/ask-admin", "reindex", { userId: "UADMIN" });
    const [, summary] = await proc.slack.replies(command.responseId, 2);
    expect(summary!.text).toContain("1 added");
    expect(posted()).toHaveLength(1);
    const args = posted()[0]!.args as Record<string, any>;
    expect(args).toMatchObject({ unfurl_links: "false", unfurl_media: "false" }); // form-encoded by the Web API client
    expect(args.text).toBe("*New in the knowledge base:*\n• <https://blog.example.org/release-2|Release 2.0 &lt;!here&gt; &amp; @\u2060channel ∗upgrade∗>");
    expect(JSON.stringify([args.text, args.blocks])).not.toMatch(/<!|@(here|channel|everyone)\b/);

    // A restart: a new app, announcer and store handle over the same DATA_DIR (the fake Slack is new too).
    await proc.stop();
    proc = await boot(kb, embedder);
    await proc.runner.run();
    expect(posted()).toHaveLength(0);

    await writeFile(join(kb.knowledgeDir, "blog", "release-3.md"), post("Release 3.0", "release-3"));
    await proc.runner.run();
    expect(posted()).toHaveLength(1);
    expect((posted()[0]!.args as Record<string, any>).text).toBe("*New in the knowledge base:*\n• <https://blog.example.org/release-3|Release 3.0>");
  });
});
