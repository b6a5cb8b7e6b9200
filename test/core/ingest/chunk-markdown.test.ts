import { describe, expect, it } from "vitest";
import { chunkDocument, cleanMarkdown, SECTION_SEPARATOR } from "../../../src/core/ingest/chunk-markdown.js";
import type { SourceDocument } from "../../../src/core/ingest/load-document.js";

function doc(markdown: string, overrides: Partial<SourceDocument> = {}): SourceDocument {
  return { file: "guides/setup.md", title: "Setup guide", url: "https://docs.example.org/setup", tags: [], markdown, ...overrides };
}

const NESTED = `Intro text before any heading.

# Setup guide

Text under the title.

## Install

Install text.

### Tokens

Token text.

### Scopes

Scope text.

## Usage

Usage text.
`;

describe("chunkDocument: sections follow headings", () => {
  it("joins nested heading paths with ' › ' and pops deeper headings when a sibling ## starts", async () => {
    const chunks = await chunkDocument(doc(NESTED), 500);
    expect(SECTION_SEPARATOR).toBe(" › ");
    expect(chunks.map((c) => [c.section, c.text])).toEqual([
      ["", "Intro text before any heading."],
      ["", "Text under the title."],
      ["Install", "Install text."],
      ["Install › Tokens", "Token text."],
      ["Install › Scopes", "Scope text."],
      ["Usage", "Usage text."],
    ]);
  });

  it("gives text before the first heading the empty section", async () => {
    const chunks = await chunkDocument(doc("Preamble paragraph.\n\n## Later\n\nLater text."), 500);
    expect(chunks[0]).toMatchObject({ section: "", text: "Preamble paragraph." });
    expect(chunks[1]).toMatchObject({ section: "Later", text: "Later text." });
  });

  it("does not repeat the document's own title (as H1) in the paths", async () => {
    const chunks = await chunkDocument(doc("# Setup guide\n\n## Install\n\n### Tokens\n\nToken text."), 500);
    expect(chunks.map((c) => c.section)).toEqual(["Install › Tokens"]);
  });

  it("keeps an H1 that differs from the title at the root of the path", async () => {
    const chunks = await chunkDocument(doc("# Another topic\n\n## Install\n\nInstall text."), 500);
    expect(chunks.map((c) => c.section)).toEqual(["Another topic › Install"]);
  });

  it("a higher-level heading resets deeper ones (### then ## then ###)", async () => {
    const md = "## A\n\n### A1\n\na1.\n\n## B\n\nb.\n\n### B1\n\nb1.\n\n#### B1x\n\nb1x.\n\n## C\n\nc.";
    const chunks = await chunkDocument(doc(md), 500);
    expect(chunks.map((c) => c.section)).toEqual(["A › A1", "B", "B › B1", "B › B1 › B1x", "C"]);
  });

  it("does not treat a '#' line inside a ``` code fence as a heading", async () => {
    const md = "## Shell\n\nRun this:\n\n```sh\n# install the CLI\nnpm install -g lumen-cli\n```\n\nDone.";
    const chunks = await chunkDocument(doc(md), 500);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.section).toBe("Shell");
    expect(chunks[0]!.text).toContain("# install the CLI");
    expect(chunks[0]!.text).toContain("```sh");
    expect(chunks.map((c) => c.section)).not.toContain("install the CLI");
  });

  it("does not treat a '#' line inside a ~~~ fence as a heading, and sees headings again after the fence closes", async () => {
    const md = "## One\n\n~~~\n# comment\n~~~\n\n## Two\n\nTwo text.";
    const chunks = await chunkDocument(doc(md), 500);
    expect(chunks.map((c) => c.section)).toEqual(["One", "Two"]);
    expect(chunks[0]!.text).toContain("# comment");
  });

  it("cleans Markdown in heading text used for the path", async () => {
    const chunks = await chunkDocument(doc("## The [config](./config.md) **file**\n\nBody."), 500);
    expect(chunks[0]!.section).toBe("The config file");
  });

  it("produces no chunk for empty sections", async () => {
    const md = "## Empty\n\n### Also empty\n\n\n## Full\n\nSome text.\n\n## Trailing empty\n";
    const chunks = await chunkDocument(doc(md), 500);
    expect(chunks.map((c) => c.section)).toEqual(["Full"]);
  });

  it("produces no chunk for a section whose only content is markup that cleans away", async () => {
    const chunks = await chunkDocument(doc("## Markup only\n\n<div>\n</div>\n\n## Real\n\nReal text."), 500);
    expect(chunks.map((c) => c.section)).toEqual(["Real"]);
  });
});

describe("chunkDocument: chunk metadata and sizes", () => {
  it("every chunk carries the document's file, title and url, and positions 0..n-1 in order", async () => {
    const chunks = await chunkDocument(doc(NESTED), 500);
    expect(chunks.length).toBeGreaterThan(1);
    chunks.forEach((c, i) => {
      expect(c.file).toBe("guides/setup.md");
      expect(c.title).toBe("Setup guide");
      expect(c.url).toBe("https://docs.example.org/setup");
      expect(c.position).toBe(i);
    });
  });

  it("leaves url undefined when the document has none", async () => {
    const chunks = await chunkDocument(doc("Some text.", { url: undefined }), 500);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.url).toBeUndefined();
  });

  it("splits a long section into several chunks, each within maxChars and in the same section", async () => {
    const sentences = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} explains one more detail of the topic.`);
    const md = `## Long section\n\n${sentences.join(" ")}\n\n## Short\n\nShort text.`;
    const maxChars = 200;
    const chunks = await chunkDocument(doc(md), maxChars);
    const long = chunks.filter((c) => c.section === "Long section");
    expect(long.length).toBeGreaterThan(5);
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(maxChars);
      expect(c.text).toBe(c.text.trim());
      expect(c.text).not.toBe("");
    }
    // Nothing is lost: the words of every sentence appear in some chunk of its section.
    for (const s of sentences) expect(long.some((c) => c.text.includes(s.slice(0, -1)))).toBe(true);
    expect(chunks.at(-1)).toMatchObject({ section: "Short", text: "Short text.", position: chunks.length - 1 });
    expect(chunks.map((c) => c.position)).toEqual(chunks.map((_, i) => i));
  });

  it("keeps every chunk within maxChars even for a single very long word", async () => {
    const chunks = await chunkDocument(doc(`## Blob\n\n${"x".repeat(1000)}`), 120);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.text.length).toBeLessThanOrEqual(120);
  });

  it("keeps a short section as one chunk", async () => {
    const chunks = await chunkDocument(doc("## Small\n\nFirst paragraph.\n\nSecond paragraph."), 500);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.text).toBe("First paragraph.\n\nSecond paragraph.");
  });

  it("cleans the chunk text (links keep their words, emphasis and tags go)", async () => {
    const chunks = await chunkDocument(doc("## Links\n\nSee [the guide](https://x.org/g) and **read** <em>it</em>."), 500);
    expect(chunks[0]!.text).toBe("See the guide and read it.");
  });

  it("returns no chunks for a document with no text", async () => {
    expect(await chunkDocument(doc("# Setup guide\n\n## Nothing\n\n"), 500)).toEqual([]);
  });
});

describe("cleanMarkdown", () => {
  it("keeps the words of links and images and drops their targets", () => {
    expect(cleanMarkdown("Read [the install guide](https://x.org/install) now.")).toBe("Read the install guide now.");
    expect(cleanMarkdown("![Architecture diagram](img/arch.png)")).toBe("Architecture diagram");
    expect(cleanMarkdown("An image ![](x.png) without alt.")).toBe("An image  without alt.");
  });

  it("removes bold and italic markers with * and _", () => {
    expect(cleanMarkdown("This is **important** and __also bold__.")).toBe("This is important and also bold.");
    expect(cleanMarkdown("This is *emphasised* and _this too_.")).toBe("This is emphasised and this too.");
  });

  it("does not treat underscores inside words as emphasis", () => {
    expect(cleanMarkdown("Set max_file_bytes in snake_case_config.")).toBe("Set max_file_bytes in snake_case_config.");
  });

  it("removes HTML tags but keeps their text", () => {
    expect(cleanMarkdown('Press <kbd>Ctrl</kbd> and <span class="x">go</span>.<br/>')).toBe("Press Ctrl and go.");
  });

  it("keeps inline code", () => {
    expect(cleanMarkdown("Run `lumen serve --port 4321` to start.")).toBe("Run `lumen serve --port 4321` to start.");
    expect(cleanMarkdown("Set `theme: aurora` in `lumen.config.yaml`.")).toBe("Set `theme: aurora` in `lumen.config.yaml`.");
  });

  it("turns * and + bullets into - bullets", () => {
    expect(cleanMarkdown("* one\n+ two\n- three")).toBe("- one\n- two\n- three");
  });

  it("keeps fence lines untouched", () => {
    expect(cleanMarkdown("```sh\nnpm ci\n```")).toBe("```sh\nnpm ci\n```");
  });

  it("collapses runs of blank lines and trims the result", () => {
    expect(cleanMarkdown("\n\nFirst.\n\n\n\n\nSecond.   \n\n")).toBe("First.\n\nSecond.");
  });
});

describe("chunkDocument and cleanMarkdown: punctuation and code survive", () => {
  it("ends split chunks with their own full stop instead of starting the next one with it", async () => {
    const body = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} explains one more detail of the topic.`).join(" ");
    const chunks = await chunkDocument(doc(`## Long\n\n${body}`), 200);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) {
      expect(c.text).not.toMatch(/^[.?!;,]/);
      expect(c.text).toMatch(/\.$/);
    }
  });

  it("keeps inline code and fenced code byte for byte", () => {
    expect(cleanMarkdown("Use `__init__.py` or `Map<string, number>` **now**.")).toBe("Use `__init__.py` or `Map<string, number>` now.");
    const fenced = '```html\n<div class="note">**Hi**</div>\n* item\n```';
    expect(cleanMarkdown(`${fenced}\n\nAfter <b>bold</b>.`)).toBe(`${fenced}\n\nAfter bold.`);
  });
});
