// A sources sync has an overall deadline: once it passes, no new page is requested and pages in flight are
// abandoned; what was fetched is kept and indexed, the rest is listed as "skipped: deadline" and fetched by
// the next run.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmbedder, formatSourcesSummary, ingestKnowledge, reindex } from "../../../src/core/index.js";
import { postHtml, publish, type Post } from "../../helpers/fake-site.js";
import { makeSourcesKb, type SourcesKb } from "./sources-kb.js";

let kb: SourcesKb;
beforeEach(async () => {
  // Pages time out only after 20 s, so anything that ends sooner was ended by the deadline.
  kb = await makeSourcesKb({ FETCH_TIMEOUT_MS: "20000", FETCH_CONCURRENCY_PER_HOST: "2" });
});
afterEach(() => kb.cleanup());

const posts: Post[] = Array.from({ length: 6 }, (_, i) => ({
  path: `/blog/post-${i + 1}`,
  title: `Post ${i + 1}`,
  date: `2026-03-0${i + 1}T00:00:00Z`,
  text: `Post ${i + 1} says the release train number ${i + 1} is called wombat${i + 1}.`,
}));
const DEADLINE_MS = 1_500;

describe("the re-index deadline", () => {
  it("stops fetching when it passes, indexes what was fetched, lists the rest as skipped, and the next run gets them", async () => {
    publish(kb.site, "/feed.xml", posts);
    // The first two pages answer; the others trickle (never answer) until the deadline ends them.
    for (const p of posts.slice(2)) kb.site.set(p.path, { hang: true });
    await kb.writeSources(`sources:\n  - name: blog\n    feed: ${kb.site.url("/feed.xml")}\n`);
    const embedder = await createEmbedder(kb.config.embeddings);
    await ingestKnowledge(kb.config, embedder);

    const summary = await reindex(kb.config, embedder, { deadlineMs: DEADLINE_MS, fetcher: { retryDelayMs: 5 } });
    const sources = summary.sources!;
    expect(sources.added).toEqual(["blog/blog-post-1.md", "blog/blog-post-2.md"]);
    expect(sources.failed).toEqual([]);
    expect(sources.skipped.map((s) => s.target).sort()).toEqual(posts.slice(2).map((p) => kb.site.url(p.path)).sort());
    for (const s of sources.skipped) expect(s.reason).toMatch(/^deadline: .*REINDEX_DEADLINE_MINUTES, 1500 ms\) passed/);
    // Two pages were in flight when it passed (the per-host limit); the last two were never requested.
    expect(kb.site.requests.filter((r) => r.path.startsWith("/blog/post-")).map((r) => r.path).sort()).toEqual(
      ["/blog/post-1", "/blog/post-2", "/blog/post-3", "/blog/post-4"],
    );
    expect(summary.ingest?.added).toEqual(["blog/blog-post-1.md", "blog/blog-post-2.md"]);
    const text = formatSourcesSummary(sources);
    expect(text).toMatch(/4 skipped; /);
    expect(text).toContain("4 skipped at the deadline: the run's time limit (REINDEX_DEADLINE_MINUTES, 1500 ms) passed");
    expect(text).toContain(`  skipped: deadline: blog: ${kb.site.url("/blog/post-6")}`);

    for (const p of posts.slice(2)) kb.site.set(p.path, { body: postHtml(p) });
    const next = await reindex(kb.config, embedder, { deadlineMs: 60_000, fetcher: { retryDelayMs: 5 } });
    expect(next.sources?.added).toEqual(["blog/blog-post-3.md", "blog/blog-post-4.md", "blog/blog-post-5.md", "blog/blog-post-6.md"]);
    expect(next.sources?.skipped).toEqual([]);
    expect(next.ingest?.added).toHaveLength(4);
  });

  it("REINDEX_DEADLINE_MINUTES configures it, 30 minutes by default, 0 for none", async () => {
    expect(kb.config.reindexDeadlineMinutes).toBe(30);
    const { loadConfig } = await import("../../../src/config.js");
    expect(loadConfig({ REINDEX_DEADLINE_MINUTES: "0" }).reindexDeadlineMinutes).toBe(0);
    expect(() => loadConfig({ REINDEX_DEADLINE_MINUTES: "-1" })).toThrow(/REINDEX_DEADLINE_MINUTES/);
  });
});
