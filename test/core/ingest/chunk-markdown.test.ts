import { describe, expect, it } from "vitest";
import { chunkDocument, cleanMarkdown, SECTION_SEPARATOR } from "../../../src/core/ingest/chunk-markdown.js";
import type { SourceDocument } from "../../../src/core/ingest/load-document.js";
import { closesFence, fenceMarker } from "../../../src/core/text/code-fence.js";

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

/** Whether every fence the text opens is closed again, by the codebase's one fence rule. */
function fencesBalanced(text: string): boolean {
  let fence: string | undefined;
  for (const line of text.split("\n")) {
    const marker = fenceMarker(line);
    if (fence !== undefined) {
      if (closesFence(fence, line)) fence = undefined;
    } else if (marker) fence = marker;
  }
  return fence === undefined;
}

/** The lines inside the fenced blocks of a text, in order. */
function codeLines(text: string): string[] {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of text.split("\n")) {
    if (fence !== undefined) {
      if (closesFence(fence, line)) fence = undefined;
      else out.push(line);
    } else if (fenceMarker(line)) fence = fenceMarker(line);
  }
  return out;
}

describe("chunkDocument: code blocks are never cut inside a fence", () => {
  const codeBody = Array.from({ length: 80 }, (_, i) => `lumen deploy --target site-${String(i).padStart(2, "0")} --verbose`);

  it("cuts a 3,000-character block into fenced pieces: balanced, reopened with ```sh, lines back in order", async () => {
    const block = ["```sh", ...codeBody, "```"].join("\n");
    expect(block.length).toBeGreaterThanOrEqual(3000);
    const chunks = await chunkDocument(doc(`## Deploy\n\n${block}`), 800);
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(800);
      expect(c.section).toBe("Deploy");
      expect(fencesBalanced(c.text)).toBe(true);
      expect(c.text.split("\n")[0]).toBe("```sh");
      expect(c.text.split("\n").at(-1)).toBe("```");
    }
    expect(chunks.flatMap((c) => codeLines(c.text))).toEqual(codeBody);
  });

  it("reopens with the whole opening line (~~~ fences and info strings included) and keeps the long fence", async () => {
    const block = ['~~~~python title="deploy.py"', ...codeBody.map((l) => `run("${l}")`), "~~~~"].join("\n");
    const chunks = await chunkDocument(doc(`## Py\n\n${block}`), 500);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(500);
      expect(c.text.startsWith('~~~~python title="deploy.py"\n')).toBe(true);
      expect(c.text.endsWith("\n~~~~")).toBe(true);
    }
    expect(chunks.flatMap((c) => codeLines(c.text))).toEqual(codeBody.map((l) => `run("${l}")`));
  });

  it("closes a block the section never closed, in every piece", async () => {
    const chunks = await chunkDocument(doc(["## Open", "", "```", ...codeBody].join("\n")), 600);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(fencesBalanced(c.text)).toBe(true);
    expect(chunks.flatMap((c) => codeLines(c.text))).toEqual(codeBody);
  });

  it("keeps a block that fits whole in one chunk, even when the prose around it makes the section long", async () => {
    const prose = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} says one more useful thing about deploying the site safely.`);
    // Blank lines inside the block: a paragraph splitter would take them for paragraph breaks.
    const block = ["```yaml", "site:", "  name: docs", "", "  # a comment, not a heading", "  targets: [eu, us]", "", "deploy:", "  when: nightly", "```"].join("\n");
    const md = `## Deploy\n\n${prose.slice(0, 6).join("\n\n")}\n\n${block}\n\n${prose.slice(6).join("\n\n")}`;
    for (let maxChars = 120; maxChars <= 500; maxChars += 20) {
      const chunks = await chunkDocument(doc(md), maxChars);
      expect(chunks.length).toBeGreaterThan(2);
      const holding = chunks.filter((c) => c.text.includes("```"));
      expect(holding).toHaveLength(1);
      expect(holding[0]!.text).toContain(block);
      for (const c of chunks) {
        expect(c.text.length).toBeLessThanOrEqual(maxChars);
        expect(fencesBalanced(c.text)).toBe(true);
      }
    }
  });

  it("never starts a chunk (or its overlap) inside a code block", async () => {
    const body = ["const first = load();", "", "const second = transform(first);", "", "save(second);"];
    const block = ["```js", ...body, "```"].join("\n");
    const para = (i: number) => `Step ${i} explains what the code does, in plain words.`;
    const md = `## Steps\n\n${para(1)}\n\n${block}\n\n${para(2)}\n\n${para(3)}\n\n${block}\n\n${para(4)}`;
    for (let maxChars = 100; maxChars <= 400; maxChars += 10) {
      const chunks = await chunkDocument(doc(md), maxChars);
      for (const c of chunks) {
        expect(fencesBalanced(c.text)).toBe(true);
        expect(body.filter((l) => l !== "")).not.toContain(c.text.split("\n")[0]);
      }
      // Both blocks whole, and code never repeated as overlap.
      expect(chunks.reduce((n, c) => n + c.text.split(block).length - 1, 0)).toBe(2);
      expect(chunks.reduce((n, c) => n + c.text.split("save(second);").length - 1, 0)).toBe(2);
    }
  });

  it("still overlaps long prose a little from one chunk to the next", async () => {
    const sentences = Array.from({ length: 30 }, (_, i) => `Fact ${i} is short.`);
    const chunks = await chunkDocument(doc(`## Facts\n\n${sentences.join(" ")}`), 200);
    expect(chunks.length).toBeGreaterThan(2);
    const [first, second] = [chunks[0]!.text, chunks[1]!.text];
    const firstTail = first.split(". ").at(-1)!;
    expect(second.startsWith(firstTail)).toBe(true);
  });

  it("keeps a list with its lead-in sentence when they fit together", async () => {
    const filler = Array.from({ length: 3 }, (_, i) => `Filler paragraph ${i} talks about something else entirely, at some length.`).join("\n\n");
    const list = "- Node.js 20 or later, from nodejs.org\n- npm 10, which ships with Node.js\n- git 2.40 or later";
    const md = `## Needs\n\n${filler}\n\nBefore you start, install these tools:\n\n${list}`;
    const chunks = await chunkDocument(doc(md), 300);
    expect(chunks.length).toBe(2);
    expect(chunks[1]!.text).toBe(`Before you start, install these tools:\n\n${list}`);
    expect(chunks[0]!.text).not.toContain("install these tools");
  });

  it("keeps a code block with the \"…:\" sentence that introduces it when they fit together", async () => {
    const filler = Array.from({ length: 3 }, (_, i) => `Filler paragraph ${i} talks about something else entirely, at some length.`).join("\n\n");
    const block = "```sh\nnpm install -g lumen-cli\nlumen serve --port 4321\n```";
    const chunks = await chunkDocument(doc(`## Run\n\n${filler}\n\nThen run this:\n\n${block}`), 280);
    expect(chunks.map((c) => c.text).at(-1)).toBe(`Then run this:\n\n${block}`);
  });

  it("cuts between list items rather than inside one", async () => {
    const items = Array.from({ length: 20 }, (_, i) => `- Item ${i} is a list entry, with a comma, and more words.`);
    const chunks = await chunkDocument(doc(`## List\n\n${items.join("\n")}`), 200);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) for (const line of c.text.split("\n")) expect(items).toContain(line);
  });
});

describe("cleanMarkdown: the source's own footnote markers go", () => {
  it("removes Wikipedia-style numeric markers attached to a word or punctuation", () => {
    expect(cleanMarkdown("The company was founded in 2019.[3] It grew fast.")).toBe("The company was founded in 2019. It grew fast.");
    expect(cleanMarkdown("Paris[12] is large, and Lyon[3][4] too.")).toBe("Paris is large, and Lyon too.");
    expect(cleanMarkdown("A claim,[7] and (born 1990)[2] and a word<sup>[5]</sup> end.")).toBe("A claim, and (born 1990) and a word end.");
    expect(cleanMarkdown("Some **bold claim**[4].")).toBe("Some bold claim.");
  });

  it("removes [^label] references, with the space before them", () => {
    expect(cleanMarkdown("A note[^2] and a named one[^long-note].")).toBe("A note and a named one.");
    expect(cleanMarkdown("A spaced note [^1].")).toBe("A spaced note.");
  });

  it("keeps a footnote definition's text as prose, without its label", () => {
    expect(cleanMarkdown("Body.[^1]\n\n[^1]: Founded by Ada Lovelace in 2019.")).toBe("Body.\n\nFounded by Ada Lovelace in 2019.");
  });

  it("keeps markers inside inline code and fenced code", () => {
    expect(cleanMarkdown("Use `items[3]` and `note[^1]` as is.")).toBe("Use `items[3]` and `note[^1]` as is.");
    const fenced = "```py\nx = arr[3]  # see note[^1]\nprint(rows)[2]\n```";
    expect(cleanMarkdown(`${fenced}\n\nAfter.[5]`)).toBe(`${fenced}\n\nAfter.`);
  });

  it("leaves task boxes, links, reference links and unattached brackets alone", () => {
    expect(cleanMarkdown("- [x] done\n- [ ] todo\n- [X] also done")).toBe("- [x] done\n- [ ] todo\n- [X] also done");
    expect(cleanMarkdown("See [the guide](https://x.org/g) and [docs][1] and [3](https://x.org/3).")).toBe("See the guide and [docs][1] and 3.");
    expect(cleanMarkdown("See [1] for details.\n[2] starts a line.")).toBe("See [1] for details.\n[2] starts a line.");
  });

  it("leaves array-like code in prose alone", () => {
    const code = "Read items[0], a[1], argv_list[2], obj.rows[1], f(x)[1] and $arr[2]; then arr[3] = 5 and total[2] += 1.";
    expect(cleanMarkdown(code)).toBe(code);
  });

  it("removes markers from chunk text too, and keeps the code in the chunk byte for byte", async () => {
    const md = "## History\n\nDocent was founded in 2019.[3] It answers from docs.[^a]\n\n```text\nref[3] stays\n\n\nafter two blank lines\n```";
    const chunks = await chunkDocument(doc(md), 500);
    expect(chunks.map((c) => c.text)).toEqual([
      "Docent was founded in 2019. It answers from docs.\n\n```text\nref[3] stays\n\n\nafter two blank lines\n```",
    ]);
  });
});
