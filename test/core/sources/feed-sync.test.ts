// Feeds into the knowledge directory: new posts saved as Markdown with front matter, unchanged feeds cost
// one 304, edits rewrite the file, a post that scrolls off the feed is kept, a 404 deletes it.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { atomFeed, publish, rssFeed, type Post } from "../../helpers/fake-site.js";
import { parseFrontMatter } from "../../../src/core/ingest/parse-front-matter.js";
import { makeSourcesKb, type SourcesKb } from "./sources-kb.js";

let kb: SourcesKb;
beforeEach(async () => {
  kb = await makeSourcesKb();
});
afterEach(() => kb.cleanup());

const release: Post = {
  path: "/blog/2026/lumen-3-release/",
  title: "Lumen 3.0 is out",
  author: "Ada Example",
  date: "2026-03-01T10:00:00Z",
  text: "Lumen 3.0 ships a plugin called Starlight that adds offline search to every site.\n\nUpgrading takes one command and keeps your configuration as it is.",
};
const meetup: Post = {
  path: "/blog/2026/meetup/",
  title: "Community meetup in Lisbon",
  date: "2026-02-10T09:00:00Z",
  text: "The Lumen community meets in Lisbon every second Tuesday of the month at the public library.",
};

describe("feed sources", () => {
  it("saves each new post as Markdown with front matter, the article text only", async () => {
    publish(kb.site, "/feed.xml", [release, meetup]);
    await kb.writeSources(`sources:\n  - name: blog\n    feed: ${kb.site.url("/feed.xml")}\n    tags: [blog, news]\n`);
    const summary = await kb.sync();
    expect(summary.added).toEqual(["blog/blog-2026-lumen-3-release.md", "blog/blog-2026-meetup.md"]);
    expect(summary.failed).toEqual([]);
    const text = await kb.read("blog/blog-2026-lumen-3-release.md");
    const { data, body } = parseFrontMatter(text);
    expect(data).toMatchObject({
      title: "Lumen 3.0 is out",
      url: kb.site.url(release.path),
      author: "Ada Example",
      date: "2026-03-01",
      source: "blog",
      tags: ["blog", "news"],
    });
    expect(String(data.fetched)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(body).toContain("plugin called Starlight");
    expect(body).toContain("## More details");
    expect(body).toContain(`[the install guide](${kb.site.url("/docs/install")})`);
    expect(body).not.toContain("footer text");
    expect(body).not.toContain("navigation menu");
    const ua = kb.site.requests.find((r) => r.path === release.path)?.headers["user-agent"];
    expect(ua).toBe(kb.config.sources.userAgent);
  });

  it("re-downloads nothing when the feed answers 304", async () => {
    publish(kb.site, "/feed.xml", [release, meetup]);
    await kb.writeSources(`sources:\n  - name: blog\n    feed: ${kb.site.url("/feed.xml")}\n`);
    await kb.sync();
    kb.site.clearRequests();
    const again = await kb.sync();
    expect(kb.site.requests.map((r) => `${r.path} ${r.status}`)).toEqual(["/robots.txt 404", "/feed.xml 304"]);
    expect(kb.site.requests.find((r) => r.path === "/feed.xml")?.headers["if-none-match"]).toBeTruthy();
    expect(again).toMatchObject({ fetched: 0, notModified: 1, added: [], changed: [], removed: [], failed: [] });
  });

  it("rewrites an edited post (the feed says it was updated) and only that one", async () => {
    const atomRelease = { ...release, updated: "2026-03-01T10:00:00Z" };
    publish(kb.site, "/atom.xml", [atomRelease, meetup], "atom");
    await kb.writeSources(`sources:\n  - name: news\n    feed: ${kb.site.url("/atom.xml")}\n`);
    await kb.sync();
    kb.site.clearRequests();
    const edited = { ...atomRelease, updated: "2026-03-05T10:00:00Z", text: "Lumen 3.0 ships a plugin called Moonbeam that adds offline search to every site." };
    publish(kb.site, "/atom.xml", [edited, meetup], "atom");
    const summary = await kb.sync();
    expect(summary.changed).toEqual(["news/blog-2026-lumen-3-release.md"]);
    expect(kb.site.downloads(meetup.path)).toEqual([]);
    const text = await kb.read("news/blog-2026-lumen-3-release.md");
    expect(text).toContain("Moonbeam");
    expect(text).not.toContain("Starlight");
  });

  it("keeps a post that left the feed, and deletes one that answers 404 or 410 when it is next checked", async () => {
    const third: Post = { ...meetup, path: "/blog/2026/third/", title: "Third", text: "A third post about the Lumen theme gallery and its contributors." };
    publish(kb.site, "/feed.xml", [release, meetup, third]);
    await kb.writeSources(`sources:\n  - name: blog\n    feed: ${kb.site.url("/feed.xml")}\n`);
    await kb.sync();
    // The release scrolls off the feed; the meetup page is deleted from the site, the third post is gone for good.
    publish(kb.site, "/feed.xml", [meetup, third]);
    kb.site.set(meetup.path, { status: 404 });
    kb.site.set(third.path, { status: 410 });
    // Listed posts whose feed date has not moved are revalidated every recheck_days (default 7), not every run.
    expect((await kb.sync()).removed).toEqual([]);
    const summary = await kb.sync({ now: new Date(Date.now() + 8 * 86_400_000) });
    expect(summary.removed).toEqual(["blog/blog-2026-meetup.md", "blog/blog-2026-third.md"]);
    expect(summary.failed).toEqual([]);
    expect(existsSync(join(kb.knowledgeDir, "blog/blog-2026-meetup.md"))).toBe(false);
    expect(existsSync(join(kb.knowledgeDir, "blog/blog-2026-lumen-3-release.md"))).toBe(true);
  });

  it("checks single URLs on every run: a 404 removes the copy at once", async () => {
    publish(kb.site, "/feed.xml", [release]);
    await kb.writeSources(`sources:\n  - name: pages\n    urls:\n      - ${kb.site.url(release.path)}\n`);
    expect((await kb.sync()).added).toEqual(["pages/blog-2026-lumen-3-release.md"]);
    expect((await kb.sync())).toMatchObject({ notModified: 1, unchanged: 1, added: [], changed: [] });
    kb.site.set(release.path, { status: 404 });
    const summary = await kb.sync();
    expect(summary.removed).toEqual(["pages/blog-2026-lumen-3-release.md"]);
    expect(existsSync(join(kb.knowledgeDir, "pages/blog-2026-lumen-3-release.md"))).toBe(false);
  });

  it("parses Atom feeds with relative links", async () => {
    kb.site.set("/atom.xml", { body: atomFeed(kb.site, [release]), type: "application/atom+xml" });
    publish(kb.site, "/unused.xml", [release]);
    await kb.writeSources(`sources:\n  - feed: ${kb.site.url("/atom.xml")}\n`);
    const summary = await kb.sync();
    expect(summary.added).toEqual(["127-0-0-1/blog-2026-lumen-3-release.md"]);
  });
});

describe("feed sources: pages on other hosts", () => {
  it("does not fetch a page a feed lists on another host (no SSRF through a feed: an internal address stays unfetched)", async () => {
    publish(kb.site, "/feed.xml", [release]);
    const feed = rssFeed(kb.site, [release]).replace(
      "</channel>",
      "<item><title>Metadata</title><link>http://127.0.0.2:9/internal/admin</link><guid>meta</guid></item></channel>",
    );
    kb.site.set("/feed.xml", { body: feed, type: "application/rss+xml" });
    await kb.writeSources(`sources:\n  - name: blog\n    feed: ${kb.site.url("/feed.xml")}\n`);
    const summary = await kb.sync();
    expect(summary.added).toEqual(["blog/blog-2026-lumen-3-release.md"]);
    expect(summary.skipped).toContainEqual(
      expect.objectContaining({ target: "http://127.0.0.2:9/internal/admin", reason: expect.stringContaining("not on") }),
    );
    expect(summary.failed).toEqual([]);
  });
});
