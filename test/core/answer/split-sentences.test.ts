import { describe, expect, it } from "vitest";
import { splitSentences, splitUnits } from "../../../src/core/answer/split-sentences.js";
import { chunkDocument } from "../../../src/core/ingest/chunk-markdown.js";

describe("splitSentences", () => {
  it("joins hard-wrapped lines of a paragraph before splitting", () => {
    expect(splitSentences("Lumen needs Node 20\nor newer. Check your\nversion first.")).toEqual([
      "Lumen needs Node 20 or newer.",
      "Check your version first.",
    ]);
  });

  it("splits at '. ' before a capital letter or a digit", () => {
    expect(splitSentences("Install it. Then run it. 3 people did.")).toEqual(["Install it.", "Then run it.", "3 people did."]);
  });

  it("splits at '!' and '?' too", () => {
    expect(splitSentences("Is it free? Yes! It is.")).toEqual(["Is it free?", "Yes!", "It is."]);
  });

  it("does not split at '. ' before a lower-case word", () => {
    expect(splitSentences("Version 2. then came version 3.")).toEqual(["Version 2. then came version 3."]);
  });

  it("does not split after month abbreviations such as 'Feb. 24'", () => {
    expect(splitSentences("It shipped on Feb. 24 in Berlin. It was late.")).toEqual(["It shipped on Feb. 24 in Berlin.", "It was late."]);
  });

  it("does not split inside decimals such as '$8.8'", () => {
    expect(splitSentences("Revenue reached $8.8 billion. Costs fell.")).toEqual(["Revenue reached $8.8 billion.", "Costs fell."]);
  });

  it("does not split after 'e.g.' or 'i.e.'", () => {
    expect(splitSentences("Use a flag, e.g. this one. Or not, i.e. That one.")).toEqual([
      "Use a flag, e.g. this one.",
      "Or not, i.e. That one.",
    ]);
  });

  it("does not split after titles or single initials", () => {
    expect(splitSentences("Dr. Smith met J. Doe today. They talked.")).toEqual(["Dr. Smith met J. Doe today.", "They talked."]);
  });

  it("splits after a closing quote or parenthesis that follows the full stop", () => {
    expect(splitSentences('He said "stop." Then he left. (It was late.) Next day.')).toEqual([
      'He said "stop."',
      "Then he left.",
      "(It was late.)",
      "Next day.",
    ]);
  });

  it("keeps each list item as a single unit, even with several sentences", () => {
    expect(splitSentences("Steps:\n- Build it. Then test it.\n- Ship it.\n* Star item\n1. First. Second.\n2) Other")).toEqual([
      "Steps:",
      "- Build it. Then test it.",
      "- Ship it.",
      "* Star item",
      "1. First. Second.",
      "2) Other",
    ]);
  });

  it("keeps each table row as a single unit", () => {
    expect(splitSentences("| Key | Default. Note |\n|---|---|\n| port | 4321. Yes |")).toEqual([
      "| Key | Default. Note |",
      "|---|---|",
      "| port | 4321. Yes |",
    ]);
  });

  it("keeps a fenced code block as one unit including its fences and blank lines", () => {
    const text = "Run this. Then that.\n```sh\nnpm ci. Then\n\nnpm test\n```\nDone. Good.";
    expect(splitSentences(text)).toEqual(["Run this.", "Then that.", "```sh\nnpm ci. Then\n\nnpm test\n```", "Done.", "Good."]);
  });

  it("keeps a ~~~ fenced block as one unit", () => {
    expect(splitSentences("~~~\n# comment\nx = 1\n~~~")).toEqual(["~~~\n# comment\nx = 1\n~~~"]);
  });

  it("closes an unterminated fence so the unit is still a complete code block", () => {
    const units = splitSentences("Intro.\n```\nnever_closed()\nstill code. Not prose.");
    expect(units).toEqual(["Intro.", "```\nnever_closed()\nstill code. Not prose.\n```"]);
  });

  it("starts a new paragraph at a blank line", () => {
    expect(splitSentences("First paragraph line\n\nsecond paragraph line")).toEqual(["First paragraph line", "second paragraph line"]);
  });

  it("returns no units for blank text", () => {
    expect(splitSentences("")).toEqual([]);
    expect(splitSentences("\n  \n\n")).toEqual([]);
  });
});

describe("splitSentences: fences", () => {
  it("closes an unterminated block with its bare marker, not its info string", () => {
    expect(splitSentences("Intro.\n```js\nunclosed();").at(-1)).toBe("```js\nunclosed();\n```");
  });

  it("does not close a ``` block at a ~~~ line", () => {
    expect(splitSentences("```md\n~~~\nSome code. More code.\n```")).toEqual(["```md\n~~~\nSome code. More code.\n```"]);
  });
});

describe("splitUnits with the chunk's stored blocks", () => {
  it("follows the blocks parsed at ingest: sentences, one list, rows, code, a wrapped item joined", async () => {
    const markdown =
      "## Setup\n\nInstall it first. Then run it:\n\n```sh\nnpm ci\n\nnpm start\n```\n\n- one item that\n  wraps onto a second line\n\n- a second item of the same loose list\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
    const [chunk] = await chunkDocument({ file: "setup.md", title: "Setup", tags: [], markdown }, 1000);
    const units = splitUnits(chunk!.text, chunk!.blocks);
    expect(units.map((u) => [u.kind, u.text])).toEqual([
      ["sentence", "Install it first."],
      ["sentence", "Then run it:"],
      ["code", "```sh\nnpm ci\n\nnpm start\n```"],
      ["item", "- one item that wraps onto a second line"],
      ["item", "- a second item of the same loose list"],
      ["row", "| a | b |"],
      ["row", "| --- | --- |"],
      ["row", "| 1 | 2 |"],
    ]);
    // The two items are one list; the sentences one paragraph; every other block its own.
    const blockOf = (text: string) => units.find((u) => u.text === text)!.block;
    expect(blockOf("- one item that wraps onto a second line")).toBe(blockOf("- a second item of the same loose list"));
    expect(blockOf("Install it first.")).toBe(blockOf("Then run it:"));
    expect(new Set(units.map((u) => u.block)).size).toBe(4);
  });
});
