// The sources file: every kind of source, defaults, and mistakes reported with the file and line.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { parseSourcesFile, sourcesFilePath } from "../../../src/core/sources/sources-file.js";
import { isAppError } from "../../../src/errors.js";
import { createPathFilter } from "../../../src/core/sources/url-patterns.js";

const parse = (text: string) => parseSourcesFile(text, "knowledge/sources.yml", "knowledge");

function problemsOf(text: string): string {
  try {
    parse(text);
  } catch (error) {
    if (isAppError(error, "config_invalid")) return error.message;
    throw error;
  }
  throw new Error("expected the file to be refused");
}

describe("sources file", () => {
  it("reads every kind of source with its options", () => {
    const sources = parse(`sources:
  - name: blog
    feed: https://blog.example.org/feed.xml
    include: ["/posts/**"]
    exclude: "/posts/drafts/**"
    tags: [blog]
  - sitemap: https://www.docs.example.org/sitemap.xml
    recheck_days: 1
  - name: pages
    urls:
      - https://example.org/a
      - https://example.org/b
  - name: one
    url: https://example.org/c
  - name: handbook
    folder: /srv/handbook/docs
`);
    expect(sources).toEqual([
      expect.objectContaining({ kind: "feed", name: "blog", url: "https://blog.example.org/feed.xml", include: ["/posts/**"], exclude: ["/posts/drafts/**"], tags: ["blog"], line: 2 }),
      expect.objectContaining({ kind: "sitemap", name: "docs-example-org", recheckDays: 1, line: 7 }),
      expect.objectContaining({ kind: "urls", name: "pages", urls: ["https://example.org/a", "https://example.org/b"] }),
      expect.objectContaining({ kind: "urls", name: "one", urls: ["https://example.org/c"] }),
      expect.objectContaining({ kind: "folder", name: "handbook", path: "/srv/handbook/docs" }),
    ]);
  });

  it("accepts a file whose sources are all commented out", () => {
    expect(parse("# sources:\n#   - feed: https://example.org/feed.xml\n")).toEqual([]);
    expect(parse("sources:\n#  - feed: https://example.org/feed.xml\n")).toEqual([]);
  });

  it("lists every problem with its file and line", () => {
    const message = problemsOf(`sources:
  - feed: ftp://example.org/feed.xml
  - name: x
    sitemap: https://example.org/s.xml
    url: https://example.org/
  - name: dup
    feed: https://example.org/a.xml
  - name: dup
    feed: https://example.org/b.xml
    colour: blue
  - folder: ./inside
`);
    expect(message).toContain("knowledge/sources.yml:2: \"feed\" is not an http(s) URL: ftp://example.org/feed.xml");
    expect(message).toContain("knowledge/sources.yml:3: a source has exactly one of feed, sitemap, url, urls, folder; this one has sitemap and url");
    expect(message).toContain('knowledge/sources.yml:10: unknown key "colour"');
    expect(message).toContain('knowledge/sources.yml:11: "folder" ./inside is inside the knowledge directory');
    expect(message).toMatch(/4 problem\(s\)/);
  });

  it("reports broken YAML with its line", () => {
    expect(problemsOf("sources:\n  - feed: https://example.org/feed.xml\n    tags: [a, b\n")).toMatch(/knowledge\/sources\.yml:\d: not valid YAML/);
  });

  it("reports a duplicate name", () => {
    expect(problemsOf("sources:\n  - name: a\n    feed: https://a.org/f\n  - name: a\n    feed: https://b.org/f\n")).toContain(
      'knowledge/sources.yml:4: source name "a" is already used on line 2',
    );
  });

  it("lives beside the knowledge directory unless SOURCES_FILE says otherwise", () => {
    expect(sourcesFilePath(loadConfig({}, { knowledgeDir: "/srv/kb" }))).toBe("/srv/kb/sources.yml");
    expect(sourcesFilePath(loadConfig({}))).toBe("knowledge/sources.yml");
    expect(sourcesFilePath(loadConfig({ SOURCES_FILE: "/etc/docent/sources.yml" }, { knowledgeDir: "/srv/kb" }))).toBe("/etc/docent/sources.yml");
  });
});

describe("include/exclude patterns", () => {
  it("match URL paths with globs, or whole URLs when the pattern has a scheme", () => {
    const docs = createPathFilter(["/docs/**"], ["**/drafts/**", "*.pdf"]);
    expect(docs("https://x.org/docs/a/b")).toBe(true);
    expect(docs("https://x.org/docs/drafts/a")).toBe(false);
    expect(docs("https://x.org/blog/a")).toBe(false);
    const hosts = createPathFilter(["https://x.org/*"], []);
    expect(hosts("https://x.org/a")).toBe(true);
    expect(hosts("https://x.org/a/b")).toBe(false);
    expect(createPathFilter([], [])("guides/a.md")).toBe(true);
  });
});

describe("the shipped knowledge/sources.yml", () => {
  const text = readFileSync(new URL("../../../knowledge/sources.yml", import.meta.url), "utf8");
  it("fetches nothing on a fresh checkout", () => {
    expect(parseSourcesFile(text, "knowledge/sources.yml", "knowledge")).toEqual([]);
  });
  it("shows every kind of source, each valid once uncommented", () => {
    const uncommented = text.replace(/^ {2}# (- | {2})/gm, "  $1").replace(/^ {2}# {3}# /gm, "    # ");
    expect(parseSourcesFile(uncommented, "knowledge/sources.yml", "knowledge").map((s) => s.kind)).toEqual(["feed", "sitemap", "urls", "folder"]);
  });
});
