// Bad input never costs knowledge: a malformed feed, a non-HTML response, a timeout, a redirect to another
// host, a page over the size limit — each is reported with its source and reason, the other sources and
// pages proceed, and a post saved earlier keeps its previous copy. robots.txt is obeyed.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { postHtml, publish, type Post } from "../../helpers/fake-site.js";
import { makeSourcesKb, type SourcesKb } from "./sources-kb.js";

let kb: SourcesKb;
beforeEach(async () => {
  kb = await makeSourcesKb();
});
afterEach(() => kb.cleanup());

const post = (slug: string, text: string): Post => ({ path: `/posts/${slug}`, title: slug, date: "2026-03-01T00:00:00Z", text });
const alpha = post("alpha", "Alpha explains how Lumen caches rendered pages between builds to save time.");
const beta = post("beta", "Beta explains how Lumen themes are packaged and shared in the gallery.");
const gamma = post("gamma", "Gamma explains how Lumen deploys to static hosts with a single command.");

async function twoSources() {
  publish(kb.site, "/a/feed.xml", [alpha]);
  publish(kb.site, "/b/feed.xml", [beta, gamma]);
  await kb.writeSources(
    `sources:\n  - name: a\n    feed: ${kb.site.url("/a/feed.xml")}\n  - name: b\n    feed: ${kb.site.url("/b/feed.xml")}\n`,
  );
  const first = await kb.sync();
  expect(first.added).toHaveLength(3);
}

describe("bad input", () => {
  it("reports a malformed feed with its source and reason, keeps its posts, and syncs the other sources", async () => {
    await twoSources();
    const before = await kb.read("a/posts-alpha.md");
    kb.site.set("/a/feed.xml", { body: "<rss><channel><item><title>broken</channel></rss>", type: "application/rss+xml" });
    const delta = post("delta", "Delta explains how Lumen handles translations of documentation pages.");
    publish(kb.site, "/b/feed.xml", [beta, gamma, delta]);
    const summary = await kb.sync();
    expect(summary.failed).toEqual([
      { source: "a", target: kb.site.url("/a/feed.xml"), reason: expect.stringMatching(/^feed is not valid XML \(line 1: .+\); posts already saved are kept$/) },
    ]);
    expect(summary.added).toEqual(["b/posts-delta.md"]);
    expect(await kb.read("a/posts-alpha.md")).toBe(before);
  });

  it("reports a document that is not a feed", async () => {
    kb.site.set("/feed.xml", { body: "<?xml version='1.0'?><html><body>hi</body></html>", type: "text/xml" });
    await kb.writeSources(`sources:\n  - name: a\n    feed: ${kb.site.url("/feed.xml")}\n`);
    const summary = await kb.sync();
    expect(summary.failed[0]?.reason).toMatch(/^not an RSS or Atom feed \(the document is <html>\)/);
  });

  it("reports a non-HTML response and keeps the previous copy of the post", async () => {
    await twoSources();
    const before = await kb.read("b/posts-beta.md");
    // A changed feed date makes the sync refetch the page.
    publish(kb.site, "/b/feed.xml", [{ ...beta, date: "2026-03-02T00:00:00Z" }, gamma]);
    kb.site.set(beta.path, { body: "%PDF-1.7 binary", type: "application/pdf" });
    const summary = await kb.sync();
    expect(summary.failed).toEqual([
      { source: "b", target: kb.site.url(beta.path), reason: "not an HTML page (content-type application/pdf); previous copy kept" },
    ]);
    expect(summary.removed).toEqual([]);
    expect(await kb.read("b/posts-beta.md")).toBe(before);
  });

  it("reports a timeout, keeps the previous copy, and finishes the other pages", async () => {
    await twoSources();
    const before = await kb.read("b/posts-beta.md");
    const delta = post("delta", "Delta explains how Lumen handles translations of documentation pages.");
    publish(kb.site, "/b/feed.xml", [{ ...beta, date: "2026-03-02T00:00:00Z" }, gamma, delta]);
    kb.site.set(beta.path, { hang: true });
    const summary = await kb.sync();
    expect(summary.failed).toEqual([{ source: "b", target: kb.site.url(beta.path), reason: "timed out after 500 ms (FETCH_TIMEOUT_MS); previous copy kept" }]);
    expect(summary.added).toEqual(["b/posts-delta.md"]);
    expect(await kb.read("b/posts-beta.md")).toBe(before);
  });

  it("retries 429 and 5xx with backoff, then saves the page", async () => {
    await kb.cleanup();
    kb = await makeSourcesKb({ FETCH_RETRIES: "2" });
    publish(kb.site, "/feed.xml", [alpha]);
    kb.site.set(alpha.path, { body: postHtml(alpha), failFirst: [503, 429] });
    await kb.writeSources(`sources:\n  - name: a\n    feed: ${kb.site.url("/feed.xml")}\n`);
    const summary = await kb.sync();
    expect(summary.failed).toEqual([]);
    expect(summary.added).toEqual(["a/posts-alpha.md"]);
    expect(kb.site.requests.filter((r) => r.path === alpha.path).map((r) => r.status)).toEqual([503, 429, 200]);
  });

  it("refuses a redirect to another host and follows one within the host", async () => {
    kb.site.set("/moved", { status: 301, location: `${kb.site.otherOrigin}/posts/alpha` });
    kb.site.set("/renamed", { status: 308, location: "/posts/alpha" });
    kb.site.set("/posts/alpha", { body: postHtml(alpha) });
    await kb.writeSources(`sources:\n  - name: pages\n    urls:\n      - ${kb.site.url("/moved")}\n      - ${kb.site.url("/renamed")}\n`);
    const summary = await kb.sync();
    expect(summary.failed).toEqual([
      {
        source: "pages",
        target: kb.site.url("/moved"),
        reason: `redirected to another host (${kb.site.otherOrigin}/posts/alpha); list that URL in the sources file instead`,
      },
    ]);
    expect(summary.added).toEqual(["pages/renamed.md"]);
    expect(kb.site.requests.some((r) => r.headers.host?.startsWith("localhost"))).toBe(false);
  });

  it("reports a page over FETCH_MAX_BYTES without saving it", async () => {
    await kb.cleanup();
    kb = await makeSourcesKb({ FETCH_MAX_BYTES: "10000" });
    kb.site.set("/big", { body: `<html><body><p>${"big ".repeat(5_000)}</p></body></html>` });
    await kb.writeSources(`sources:\n  - name: pages\n    url: ${kb.site.url("/big")}\n`);
    const summary = await kb.sync();
    expect(summary.failed[0]?.reason).toMatch(/over the limit of 10000/);
    expect(summary.added).toEqual([]);
  });
});

describe("robots.txt", () => {
  it("is obeyed: a disallowed page is never requested, and is reported as skipped", async () => {
    kb.site.set("/robots.txt", { body: "User-agent: *\nDisallow: /private/\n", type: "text/plain" });
    const secret = { ...alpha, path: "/private/secret", title: "secret" };
    publish(kb.site, "/feed.xml", [secret, beta]);
    await kb.writeSources(`sources:\n  - name: blog\n    feed: ${kb.site.url("/feed.xml")}\n`);
    const summary = await kb.sync();
    expect(kb.site.requests.some((r) => r.path.startsWith("/private/"))).toBe(false);
    expect(summary.skipped).toEqual([{ source: "blog", target: kb.site.url("/private/secret"), reason: expect.stringMatching(/^disallowed by robots\.txt/) }]);
    expect(summary.added).toEqual(["blog/posts-beta.md"]);
    expect(summary.failed).toEqual([]);
  });

  it("applies the group for the bot's own product token", async () => {
    kb.site.set("/robots.txt", { body: "User-agent: DocentBot\nDisallow: /\n\nUser-agent: *\nAllow: /\n", type: "text/plain" });
    publish(kb.site, "/feed.xml", [beta]);
    await kb.writeSources(`sources:\n  - name: blog\n    feed: ${kb.site.url("/feed.xml")}\n`);
    const summary = await kb.sync();
    expect(summary.skipped.map((s) => s.target)).toEqual([kb.site.url("/feed.xml")]);
    expect(kb.site.requests.map((r) => r.path)).toEqual(["/robots.txt"]);
  });

  it("that cannot be read (5xx) stops fetching from the host, reported as a failure that keeps saved posts", async () => {
    kb.site.set("/robots.txt", { status: 500, body: "oops" });
    publish(kb.site, "/feed.xml", [beta]);
    await kb.writeSources(`sources:\n  - name: blog\n    feed: ${kb.site.url("/feed.xml")}\n`);
    const summary = await kb.sync();
    expect(summary.failed).toEqual([
      { source: "blog", target: kb.site.url("/feed.xml"), reason: "robots.txt could not be read (HTTP 500); not fetching until it can; posts already saved are kept" },
    ]);
    expect(kb.site.requests.map((r) => r.path)).toEqual(["/robots.txt"]);
  });
});
