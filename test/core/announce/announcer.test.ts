// The announcer decides what each channel is told after a re-index: nothing on the first look (the indexed
// documents are recorded as announced), then only documents it was never told about — persisted, so a new
// store over the same file (a restart) announces nothing twice; a failed post is tried again next run.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ANNOUNCE_MAX_LISTED, createAnnouncer, openSqliteAnnouncedStore, type AnnouncedDocument, type Announcement } from "../../../src/core/announce/index.js";

const doc = (n: number, url = true): AnnouncedDocument => ({ file: `posts/p${n}.md`, title: `Post ${n}`, ...(url ? { url: `https://blog.example.org/p${n}` } : {}) });

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

function recorder() {
  const posts: { channelId: string; announcement: Announcement }[] = [];
  return { posts, poster: { post: async (channelId: string, announcement: Announcement) => void posts.push({ channelId, announcement }) } };
}

describe("createAnnouncer", () => {
  it("records the first index build without posting, then announces only new documents, once, also after a restart", async () => {
    dir = await mkdtemp(join(tmpdir(), "docent-announce-"));
    const file = join(dir, "docent.sqlite");
    let indexed: AnnouncedDocument[] | undefined; // no index yet
    const start = () => {
      const store = openSqliteAnnouncedStore(file);
      const announcer = createAnnouncer({ indexDir: "unused", store, channels: { discord: ["D1"], slack: ["S1"] }, listDocuments: () => indexed });
      const discord = recorder();
      const slack = recorder();
      announcer.attach("discord", discord.poster);
      announcer.attach("slack", slack.poster);
      return { store, announcer, discord, slack };
    };

    let run = start();
    await run.announcer.prime(); // no index: nothing to record yet
    expect(await run.store.isPrimed("discord:D1")).toBe(false);
    indexed = [doc(1), doc(2)];
    const first = await run.announcer.afterReindex();
    expect(first.primed.map((p) => p.target)).toEqual(["discord:D1", "slack:S1"]);
    expect(run.discord.posts).toEqual([]);

    indexed = [doc(1), doc(2), doc(3)];
    expect((await run.announcer.afterReindex()).posted).toEqual([
      { target: "discord:D1", documents: 1 },
      { target: "slack:S1", documents: 1 },
    ]);
    expect(run.discord.posts).toEqual([{ channelId: "D1", announcement: { documents: [doc(3)], more: 0 } }]);
    expect(run.slack.posts).toEqual([{ channelId: "S1", announcement: { documents: [doc(3)], more: 0 } }]);
    await run.announcer.afterReindex();
    expect(run.discord.posts).toHaveLength(1);
    await run.store.close();

    // A restart: a new store over the same file, a new announcer.
    run = start();
    await run.announcer.prime();
    expect(await run.announcer.afterReindex()).toMatchObject({ posted: [], primed: [] });
    // The same post under a new file name (same url) is not news; a really new one is.
    indexed = [doc(1), doc(2), { ...doc(3), file: "posts/renamed.md" }, doc(4, false)];
    await run.announcer.afterReindex();
    expect(run.discord.posts).toEqual([{ channelId: "D1", announcement: { documents: [doc(4, false)], more: 0 } }]);
    await run.store.close();
  });

  it("tries a failed channel again next run without posting twice to the one that worked; a channel added later starts from then", async () => {
    let indexed = [doc(1)];
    const store = openSqliteAnnouncedStore(":memory:");
    const channels = { discord: ["D1"], slack: ["S1"] };
    const announcer = createAnnouncer({ indexDir: "unused", store, channels, listDocuments: () => indexed });
    const discord = recorder();
    let slackFails = true;
    const slackPosts: Announcement[] = [];
    announcer.attach("discord", discord.poster);
    announcer.attach("slack", {
      post: async (_channel, announcement) => {
        if (slackFails) throw new Error("channel_not_found");
        slackPosts.push(announcement);
      },
    });
    await announcer.prime();
    indexed = [doc(1), doc(2)];
    const report = await announcer.afterReindex();
    expect(report.posted.map((p) => p.target)).toEqual(["discord:D1"]);
    expect(report.failed.map((f) => f.target)).toEqual(["slack:S1"]);
    slackFails = false;
    await announcer.afterReindex();
    expect(discord.posts).toHaveLength(1);
    expect(slackPosts).toEqual([{ documents: [doc(2)], more: 0 }]);

    // A new channel: primed on its first run, not flooded with the backlog.
    const later = createAnnouncer({ indexDir: "unused", store, channels: { discord: ["D1", "D2"], slack: [] }, listDocuments: () => indexed });
    const d2 = recorder();
    later.attach("discord", d2.poster);
    expect((await later.afterReindex()).primed).toEqual([{ target: "discord:D2", documents: 2 }]);
    expect(d2.posts).toEqual([]);
  });

  it("lists at most ANNOUNCE_MAX_LISTED documents and counts the rest; skips platforms that are not running", async () => {
    let indexed = [doc(0)];
    const store = openSqliteAnnouncedStore(":memory:");
    const announcer = createAnnouncer({ indexDir: "unused", store, channels: { discord: ["D1"], slack: ["S1"] }, listDocuments: () => indexed });
    const discord = recorder();
    announcer.attach("discord", discord.poster);
    await announcer.prime();
    indexed = Array.from({ length: 15 }, (_, i) => doc(i));
    const report = await announcer.afterReindex();
    expect(report.skipped).toEqual(["slack:S1"]);
    expect(discord.posts[0]!.announcement.documents).toHaveLength(ANNOUNCE_MAX_LISTED);
    expect(discord.posts[0]!.announcement.more).toBe(14 - ANNOUNCE_MAX_LISTED);
    await announcer.afterReindex();
    expect(discord.posts).toHaveLength(1);
  });
});
