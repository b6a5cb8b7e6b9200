import { describe, expect, it } from "vitest";
import { closeOpenFence, closesFence, fenceMarker, openFence, openingFence, scanFences } from "../../../src/core/text/code-fence.js";
import { fitQuote, splitIntoParts, truncateCodeBlock, truncateMarkdown } from "../../../src/core/text/fit-blocks.js";
import { splitBlocks } from "../../../src/core/text/markdown-blocks.js";

/** Every part's fences balanced, by the one rule. */
const balanced = (part: string) => openFence(part) === undefined;

describe("the fence rule (CommonMark)", () => {
  it("opens with ≥3 backticks or tildes indented up to three spaces; a backtick info string holds no backtick", () => {
    expect(openingFence("```ts")).toEqual({ marker: "```", indent: 0, info: "ts" });
    expect(openingFence("   ~~~~ sh title=x")).toEqual({ marker: "~~~~", indent: 3, info: "sh title=x" });
    expect(openingFence("    ```")).toBeUndefined(); // indented code, not a fence
    expect(openingFence("``")).toBeUndefined();
    expect(openingFence("```a``` b")).toBeUndefined(); // inline code
    expect(openingFence("~~~a`b")?.marker).toBe("~~~");
    expect(fenceMarker("\t```")).toBeUndefined();
  });

  it("closes only with a bare fence of the same character, at least as long", () => {
    expect(closesFence("```", "```")).toBe(true);
    expect(closesFence("```", "  `````  ")).toBe(true);
    expect(closesFence("````", "```")).toBe(false);
    expect(closesFence("```", "~~~")).toBe(false);
    expect(closesFence("```", "```[1]")).toBe(false);
    expect(closesFence("```", "```js")).toBe(false);
  });

  it("finds fenced blocks line by line, an unclosed one running to the end", () => {
    const text = "a\n````md\n```\nnot closed yet\n````\nb\n~~~\nrest";
    expect(scanFences(text).map((f) => [text.slice(f.start, f.end), f.closed])).toEqual([
      ["````md\n```\nnot closed yet\n````", true],
      ["~~~\nrest", false],
    ]);
    expect(closeOpenFence("Run:\n~~~~sh\nnpm i")).toBe("Run:\n~~~~sh\nnpm i\n~~~~");
    expect(closeOpenFence("done\n```\nx\n```")).toBe("done\n```\nx\n```");
  });

  it("agrees with remark on which code blocks are fenced, how, and whether they close", () => {
    const md = "```js\nx\n````\n\n~~~~\n~~~\n~~~~\n\n  ```\n  indented\n   ```\n\n```\nopen to the end\n~~~";
    const fromBlocks = splitBlocks(md)
      .filter((b) => b.kind === "code")
      .map((b) => [b.start, b.end, b.fence?.marker, b.closed]);
    const fromLines = scanFences(md).map((f) => [f.start, f.end, f.fence.marker, f.closed]);
    expect(fromBlocks).toEqual(fromLines);
  });
});

describe("splitBlocks", () => {
  it("reads paragraphs, headings, list items (nested ones apart), fences inside items, tables and quotes", () => {
    const md = [
      "# Setup",
      "",
      "Install it [1].",
      "",
      "1. Get the tool:",
      "   ```sh",
      "   npm i -g lumen",
      "   ```",
      "2. Configure it",
      "    - nested item",
      "      ~~~",
      "      code in a nested item",
      "      ~~~",
      "",
      "| a | b |",
      "|---|---|",
      "| 1 | 2 |",
      "",
      "> quoted",
    ].join("\n");
    const blocks = splitBlocks(md);
    expect(blocks.map((b) => [b.kind, b.depth, b.item])).toEqual([
      ["heading", 0, false],
      ["paragraph", 0, false],
      ["paragraph", 1, true],
      ["code", 1, false],
      ["paragraph", 1, true],
      ["paragraph", 2, true],
      ["code", 2, false],
      ["table-head", 0, false],
      ["table-row", 0, false],
      ["paragraph", 0, false],
    ]);
    // An item's own blocks share a group; a nested item has its own; a table's rows share one.
    const g = blocks.map((b) => b.group);
    expect(g[2]).toBe(g[3]);
    expect(g[4]).not.toBe(g[5]);
    expect(g[5]).toBe(g[6]);
    expect(g[7]).toBe(g[8]);
    expect(blocks[3]!.text).toBe("   ```sh\n   npm i -g lumen\n   ```");
    expect(blocks[6]!.fence).toEqual({ marker: "~~~", indent: 0, info: "" });
    expect(blocks[7]!.text).toBe("| a | b |\n|---|---|");
  });

  it("an unclosed fence runs to the end, trailing blank lines left out", () => {
    const blocks = splitBlocks("Run:\n```sh\nnpm i\n[1]\n\n");
    expect(blocks.at(-1)).toMatchObject({ kind: "code", closed: false, text: "```sh\nnpm i\n[1]" });
  });
});

const citationOutsideFences = (part: string) => {
  // Every "[n]" line sits outside code.
  const fenced = scanFences(part);
  for (const m of part.matchAll(/^\[\d+\]$/gm)) expect(fenced.some((f) => m.index > f.start && m.index < f.end)).toBe(false);
};

describe("splitIntoParts", () => {
  it("moves a list item, table or code block whole to the next part rather than cutting it", () => {
    const item = `- ${"word ".repeat(12)}ends here. Second sentence of the same item.`;
    const md = `${"Intro sentence. ".repeat(4).trim()}\n\n${item}\n- short item`;
    expect(item.length).toBeLessThanOrEqual(110);
    const parts = splitIntoParts(md, 110);
    expect(parts).toEqual(["Intro sentence. Intro sentence. Intro sentence. Intro sentence.", item, "- short item"]);
  });

  it("cuts a code block longer than a part at lines, each piece fenced with its own opener and closer", () => {
    const code = Array.from({ length: 30 }, (_, i) => `echo ${i}`).join("\n");
    const md = `Run:\n\n~~~~bash\n${code}\n~~~~\n[1]`;
    const parts = splitIntoParts(md, 80);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(80);
      expect(balanced(part)).toBe(true);
      citationOutsideFences(part);
    }
    expect(parts.slice(1).every((p) => p.startsWith("~~~~bash\n"))).toBe(true);
    expect(parts.at(-1)).toMatch(/\n~~~~\n\[1\]$/);
    const lines = parts.join("\n").split("\n");
    for (let i = 0; i < 30; i++) expect(lines.filter((l) => l === `echo ${i}`)).toHaveLength(1);
  });

  it("cuts a long table between rows and repeats its header", () => {
    const rows = Array.from({ length: 12 }, (_, i) => `| option-${i} | value ${i} |`);
    const md = `| name | value |\n|---|---|\n${rows.join("\n")}\n\n[2]`;
    const parts = splitIntoParts(md, 120);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts.slice(0, -1)) expect(part.startsWith("| name | value |\n|---|---|\n| option-")).toBe(true);
    for (const part of parts) for (const line of part.split("\n")) expect(line === "[2]" || line === "" || /^\|.*\|$/.test(line)).toBe(true);
    expect(parts.join("\n").split("\n").filter((l) => l.startsWith("| option-"))).toEqual(rows);
  });

  it("keeps a nested list's items whole and a fence inside an item with its item when they fit", () => {
    const md = "1. Install:\n   ```sh\n   npm i -g lumen\n   ```\n2. Configure\n   - set `site` in lumen.toml\n   - set `theme`\n3. Build [1]";
    const parts = splitIntoParts(md, 50);
    expect(parts).toEqual(["1. Install:\n   ```sh\n   npm i -g lumen\n   ```", "2. Configure\n   - set `site` in lumen.toml", "   - set `theme`\n3. Build [1]"]);
  });

  it("closes a fence the answer left open, with what follows outside it", () => {
    expect(splitIntoParts("Run:\n```sh\nnpm i", 2000)).toEqual(["Run:\n```sh\nnpm i\n```"]);
    const parts = splitIntoParts(`Run:\n\`\`\`sh\n${"npm run step\n".repeat(20)}`, 100);
    expect(parts.every(balanced)).toBe(true);
  });
});

describe("truncateMarkdown", () => {
  it("ends at a block boundary, with the ellipsis outside any fence or table", () => {
    const md = "Intro [1].\n\n```sh\nnpm i\nnpm run build\n```\n\nMore prose that will not fit in the limit at all [2].";
    const cut = truncateMarkdown(md, 50);
    expect(cut).toBe("Intro [1].\n\n```sh\nnpm i\nnpm run build\n```\n…");
    expect(truncateMarkdown("| a |\n|---|\n| 1 |\n| 2 |\n\nlong tail ".repeat(3), 30)).toMatch(/\|\n…$/);
  });

  it("ends at a sentence when the first block alone is too long, never inside a [n]", () => {
    expect(truncateMarkdown("First sentence here [1]. Second sentence is longer [2]. Third.", 40)).toBe("First sentence here [1].…");
    expect(truncateMarkdown("one two three four", 12)).toBe("one two…");
  });
});

describe("truncateCodeBlock and fitQuote (the extractive answerer's cut)", () => {
  it("cuts code at a line, closing with the block's own fence", () => {
    const block = "~~~~sh\n" + Array.from({ length: 20 }, (_, i) => `step ${i}`).join("\n") + "\n~~~~";
    const cut = truncateCodeBlock(block, 60);
    expect(cut.length).toBeLessThanOrEqual(60);
    expect(cut).toMatch(/^~~~~sh\nstep 0\n[\s\S]*\n…\n~~~~$/);
    expect(truncateCodeBlock("```\nunclosed\n" + "x\n".repeat(40), 30)).toMatch(/\n…\n```$/);
  });

  it("drops a unit that does not fit unless it is the first one", () => {
    expect(fitQuote("- a list item that is long", "item", 10, false)).toBeUndefined();
    expect(fitQuote("- short", "item", 10, false)).toBe("- short");
    expect(fitQuote("A first sentence that is far too long.", "sentence", 20, true)).toBe("A first sentence…");
  });
});
