import { describe, expect, it } from "vitest";
import { chunkDocument } from "../../../src/core/ingest/chunk-markdown.js";
import { htmlToMarkdown } from "../../../src/core/ingest/html-to-markdown.js";
import { parseDocument } from "../../../src/core/ingest/load-document.js";
import { extractArticle } from "../../../src/core/sources/extract-article.js";

const paragraph = (i: number) =>
  `<p>Paragraph ${i} of the post explains, at the length real articles have, how Lumen builds a site from Markdown files, ` +
  `which plugins it loads, and how the cache keeps rebuilds fast when only one page changed since the last build.</p>`;

const ARTICLE = `<html><head><title>Fast rebuilds | Lumen blog</title><link rel="canonical" href="https://blog.example.org/fast"></head>
<body><div class="sidebar"><a href="/">Home</a> <a href="/tags">Tags</a> <a href="/archive">Archive</a></div>
<article><h1>Fast rebuilds</h1>${[1, 2, 3, 4].map(paragraph).join("\n")}
<h2>Settings</h2><table><thead><tr><th>Setting</th><th>Default</th></tr></thead>
<tbody><tr><td><code>cache</code></td><td>on</td></tr><tr><td>workers</td><td>4 | auto</td></tr></tbody></table>
<p>Read <a href="/docs/cache">the cache guide</a>.</p></article></body></html>`;

describe("one HTML path: Readability for articles, turndown, then the Markdown parser", () => {
  it("reads an article page with Readability: the article's text, headings and a GFM table, not the page chrome", () => {
    const page = htmlToMarkdown(ARTICLE, "https://blog.example.org/posts/fast");
    expect(page.title).toBe("Fast rebuilds | Lumen blog");
    expect(page.url).toBe("https://blog.example.org/fast");
    expect(page.markdown).toContain("Paragraph 4 of the post");
    expect(page.markdown).toContain("## Settings");
    expect(page.markdown).toContain("| Setting | Default |\n| --- | --- |\n| `cache` | on |\n| workers | 4 \\| auto |");
    expect(page.markdown).toContain("[the cache guide](https://blog.example.org/docs/cache)");
    expect(page.markdown).not.toMatch(/Archive|Tags/);
  });

  it("gives a knowledge .html file and a fetched page the same Markdown", () => {
    const file = parseDocument(Buffer.from(ARTICLE), "fast.html", 1e6);
    expect(file.markdown).toBe(htmlToMarkdown(ARTICLE).markdown);
    expect(extractArticle(ARTICLE, "text/html", "https://blog.example.org/posts/fast").markdown).toBe(htmlToMarkdown(ARTICLE, "https://blog.example.org/posts/fast").markdown);
  });

  it("keeps the whole main content of a short page, links made absolute against the page's URL", () => {
    const page = htmlToMarkdown('<html><body><nav>Menu</nav><main><h1>Install</h1><p>See <a href="../cli">the CLI</a>.</p><pre>npm ci</pre></main></body></html>', "https://docs.example.org/guide/install");
    expect(page.markdown).toBe("# Install\n\nSee [the CLI](https://docs.example.org/cli).\n\n```\nnpm ci\n```");
  });

  it("chunks an HTML table as a table block", async () => {
    const doc = parseDocument(Buffer.from(ARTICLE), "fast.html", 1e6);
    const chunks = await chunkDocument(doc, 2000);
    const settings = chunks.find((c) => c.section === "Settings")!;
    expect(settings.blocks!.map((b) => b.kind)).toEqual(["table", "paragraph"]);
    expect(settings.text).toContain("Read the cache guide.");
  });
});
