import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Chunk, chunkDocument } from "../../../src/core/ingest/chunk-markdown.js";
import { parseDocument, type SourceDocument } from "../../../src/core/ingest/load-document.js";
import { cleanMarkdown, documentSections, parseMarkdown } from "../../../src/core/ingest/parse-markdown.js";
import { closesFence, fenceMarker } from "../../../src/core/text/code-fence.js";

const FIXTURES = join(import.meta.dirname, "../../fixtures/markdown");

function doc(markdown: string): SourceDocument {
  return { file: "t.md", title: "T", tags: [], markdown };
}

/** Chunks as a person reads them: position, section, length, text, then the blocks (kind:lang/depth, * when
 * partial, @start-end). */
function formatChunks(chunks: Chunk[]): string {
  return chunks
    .map((c) => {
      const blocks = c.blocks!.map((b) => `${b.kind}${b.lang ? `:${b.lang}` : ""}${b.depth ? `/${b.depth}` : ""}${b.partial ? "*" : ""}@${b.start}-${b.end}`);
      return `=== #${c.position} [${c.section}] ${c.text.length} chars\n${c.text}\n--- ${blocks.join(" ")}\n`;
    })
    .join("\n");
}

function fencesBalanced(text: string): boolean {
  let fence: string | undefined;
  for (const line of text.split("\n")) {
    if (fence !== undefined) {
      if (closesFence(fence, line)) fence = undefined;
    } else fence = fenceMarker(line);
  }
  return fence === undefined;
}

describe("the Markdown torture fixture through ingest", () => {
  const source = readFileSync(join(FIXTURES, "torture.md"));
  const parsed = parseDocument(source, "torture.md", 1e6);

  it("reads the front matter (a --- inside a block scalar does not end it) and the title", () => {
    expect(parsed).toMatchObject({ title: "Torture: every block --- at once", url: "https://docs.example.org/torture", date: "2026-01-05", tags: ["markdown", "torture"] });
  });

  it("gives the chunks a person has read (golden file; UPDATE_GOLDEN=1 rewrites it)", async () => {
    const chunks = await chunkDocument(parsed, 800);
    const golden = join(FIXTURES, "torture.chunks.txt");
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, formatChunks(chunks));
    expect(formatChunks(chunks)).toBe(readFileSync(golden, "utf8"));
  });

  it("keeps every chunk within the size, fences balanced, and every block where its offsets say", async () => {
    for (const maxChars of [200, 300, 500, 800, 1200]) {
      const chunks = await chunkDocument(parsed, maxChars);
      for (const c of chunks) {
        expect(c.text.length).toBeLessThanOrEqual(maxChars);
        expect(fencesBalanced(c.text)).toBe(true);
        expect(c.text).not.toMatch(/an HTML comment|\[\^note\]|<aside|<input/);
        let previousEnd = 0;
        for (const b of c.blocks!) {
          expect(b.start).toBeGreaterThanOrEqual(previousEnd);
          expect(b.end).toBeGreaterThan(b.start);
          const text = c.text.slice(b.start, b.end);
          if (b.kind === "code") {
            expect(fenceMarker(text.split("\n")[0]!)).toBeDefined();
            expect(fencesBalanced(text)).toBe(true);
          }
          if (b.kind === "table") for (const row of text.split("\n")) expect(row).toMatch(/^\|.*\|$/);
          if (b.kind === "table") expect(text.split("\n")[0]).toBe("| Variable | Required | What it does |");
          if (b.kind === "item") expect(text).toMatch(/^\s*(?:- |\d+[.)] )/);
          if (b.kind === "quote") for (const line of text.split("\n")) expect(line).toMatch(/^>/);
          previousEnd = b.end;
        }
      }
    }
  });
});

describe("documentSections and blocks", () => {
  it("cuts a long list between items and a long table between rows, never inside one", async () => {
    const items = Array.from({ length: 30 }, (_, i) => `- Item ${i} says one thing, and then another.`);
    const rows = Array.from({ length: 30 }, (_, i) => `| row ${i} | value ${i} |`);
    const md = `## L\n\n${items.join("\n")}\n\n## T\n\n| name | value |\n|---|---|\n${rows.join("\n")}`;
    const chunks = await chunkDocument(doc(md), 200);
    const list = chunks.filter((c) => c.section === "L");
    const table = chunks.filter((c) => c.section === "T");
    expect(list.length).toBeGreaterThan(3);
    expect(list.flatMap((c) => c.text.split("\n"))).toEqual(items);
    expect(table.length).toBeGreaterThan(3);
    for (const c of table) expect(c.text.split("\n").slice(0, 2)).toEqual(["| name | value |", "| --- | --- |"]);
    expect(table.flatMap((c) => c.text.split("\n").slice(2))).toEqual(rows);
    expect(table.every((c) => c.blocks!.length === 1 && c.blocks![0]!.kind === "table" && c.blocks![0]!.partial)).toBe(true);
  });

  it("lists nested items after their parent, deeper, and code inside an item as a code block of its own", () => {
    const md = "- one\n  - one.a\n\n    ```sh\n    npm ci\n    ```\n- two";
    const [section] = documentSections(parseMarkdown(md), md);
    expect(section!.blocks.map((b) => [b.kind, b.text])).toEqual([
      ["item", "- one"],
      ["item", "  - one.a"],
      ["code", "```sh\nnpm ci\n```"],
      ["item", "- two"],
    ]);
  });

  it("indents a nested list under its parent's text (three spaces under \"1. \")", () => {
    expect(cleanMarkdown("1. one\n   - sub\n     - subsub\n2. two")).toBe("1. one\n   - sub\n     - subsub\n2. two");
  });

  it("keeps the text of HTML blocks (Markdown inside them read as Markdown) and drops comments", () => {
    expect(cleanMarkdown('<aside markdown="1">\n  Said [here](https://x.org).\n</aside>\n\n<!-- hidden -->\n\nAfter.')).toBe("Said here.\n\nAfter.");
  });

  it("turns an HTML checkbox with its label into a task item", () => {
    expect(cleanMarkdown('<div>\n  <input type="checkbox" checked>\n  <label>Has a **license**</label>\n</div>')).toBe("- [x] Has a license");
  });

  it("separates blocks as the source did: next line or blank line", () => {
    expect(cleanMarkdown("Needs:\n- a\n- b\n\nThen.")).toBe("Needs:\n- a\n- b\n\nThen.");
  });
});
