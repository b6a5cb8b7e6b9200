import { describe, expect, it } from "vitest";
import type { Answer, Citation } from "../../../src/core/index.js";
import {
  CONTENT_MAX,
  EMBED_DESCRIPTION_MAX,
  EMBEDS_TOTAL_MAX,
  formatAnswer,
  openFenceAtEnd,
  sourceLine,
  splitMessage,
} from "../../../src/adapters/discord/format-answer.js";
import { parseVoteId } from "../../../src/adapters/discord/vote-buttons.js";

const citation = (n: number, extra: Partial<Citation> = {}): Citation => ({
  n,
  title: `Doc ${n}`,
  section: "Intro",
  url: `https://docs.example.org/${n}`,
  file: `doc-${n}.md`,
  score: 0.5,
  ...extra,
});
const answer = (text: string, citations: Citation[] = [citation(1)], grounded = true): Answer => ({
  answer: text,
  citations,
  grounded,
  timings: { retrieveMs: 0, answerMs: 0 },
});
const fences = (part: string) => part.split("\n").filter((l) => /^\s*```/.test(l)).length;

describe("splitMessage", () => {
  it("keeps a short text whole", () => {
    expect(splitMessage("Short answer [1].")).toEqual(["Short answer [1]."]);
  });

  it("splits at sentence ends, keeping [n] markers with their sentence", () => {
    const text = Array.from({ length: 80 }, (_, i) => `Sentence number ${i} is here. [${i}]`).join(" ");
    const parts = splitMessage(text, 300);
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(300);
      expect(part).toMatch(/\[\d+\]$/);
      expect(part).toMatch(/^Sentence/);
    }
    expect(parts.join(" ")).toBe(text);
  });

  it("prefers line breaks, and closes and reopens a code fence across parts", () => {
    const code = Array.from({ length: 100 }, (_, i) => `  line(${i});`).join("\n");
    const text = `Intro.\n\n\`\`\`js\n${code}\n\`\`\`\nOutro.`;
    const parts = splitMessage(text, 400);
    expect(parts.length).toBeGreaterThan(3);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(400);
      expect(fences(part) % 2).toBe(0);
      expect(openFenceAtEnd(part)).toBeUndefined();
    }
    expect(parts[1]!.startsWith("```js\n")).toBe(true);
    // Indentation inside the block survives the split, and no line is lost or cut.
    const lines = parts.join("\n").split("\n");
    for (let i = 0; i < 100; i++) expect(lines).toContain(`  line(${i});`);
    expect(parts.at(-1)).toMatch(/Outro\.$/);
  });

  it("does not open an empty block when a part ends right at the closing fence", () => {
    const text = `\`\`\`\n${"x".repeat(90)}\n\`\`\`\nAfter the block.`;
    const parts = splitMessage(text, 100);
    expect(parts.some((p) => /^```\n```$/.test(p))).toBe(false);
    expect(parts.every((p) => fences(p) % 2 === 0)).toBe(true);
  });

  it("closes a fence the answer itself left open", () => {
    expect(splitMessage("Run:\n```sh\nnpm install")).toEqual(["Run:\n```sh\nnpm install\n```"]);
  });

  it("hard-cuts a very long word without breaking a [n] marker", () => {
    const text = `${"a".repeat(98)}[12]${"b".repeat(50)}`;
    const parts = splitMessage(text, 100); // a cut at 100 falls inside "[12]"
    expect(parts[0]).toBe("a".repeat(98));
    expect(parts[1]!.startsWith("[12]")).toBe(true);
  });
});

describe("formatAnswer", () => {
  it("puts sources in an embed and the vote buttons on the last message", () => {
    const text = Array.from({ length: 200 }, (_, i) => `Fact ${i} holds true.`).join(" ");
    const replies = formatAnswer(answer(text, [citation(1), citation(2, { url: undefined, section: "" })]), "abc123");
    expect(replies.length).toBeGreaterThan(1);
    for (const reply of replies) expect(reply.content!.length).toBeLessThanOrEqual(CONTENT_MAX);
    const last = replies.at(-1)!;
    expect(last.embeds?.[0]?.title).toBe("Sources");
    expect(last.embeds?.[0]?.description).toBe("`[1]` [Doc 1](https://docs.example.org/1) — Intro\n`[2]` **Doc 2**");
    const ids = last.components![0]!.components.map((b) => (b as { custom_id: string }).custom_id);
    expect(ids.map(parseVoteId)).toEqual([
      { answerId: "abc123", vote: "up" },
      { answerId: "abc123", vote: "down" },
    ]);
    expect(replies.slice(0, -1).every((r) => !r.components && !r.embeds)).toBe(true);
  });

  it("labels the closest documents of an ungrounded answer as not used", () => {
    const [reply] = formatAnswer(answer("I couldn't find this.", [citation(1)], false), "id");
    expect(reply!.embeds![0]!.title).toMatch(/not used/);
  });

  it("omits buttons when the answer could not be recorded, and the embed when there are no sources", () => {
    expect(formatAnswer(answer("Plain.", []))).toEqual([{ content: "Plain." }]);
  });

  it("never splits a source line, and keeps each message's embeds within 4,096 / 6,000", () => {
    const many = Array.from({ length: 50 }, (_, i) =>
      citation(i + 1, { title: `T${i} ${"t".repeat(300)}`, section: "s".repeat(300), url: `https://docs.example.org/${"p".repeat(400)}/${i}` }),
    );
    const replies = formatAnswer(answer("Answer.", many), "id");
    const lines: string[] = [];
    for (const reply of replies) {
      const embeds = reply.embeds ?? [];
      expect(embeds.length).toBeLessThanOrEqual(10);
      let total = 0;
      for (const embed of embeds) {
        expect(embed.description!.length).toBeLessThanOrEqual(EMBED_DESCRIPTION_MAX);
        total += embed.description!.length + (embed.title?.length ?? 0);
        lines.push(...embed.description!.split("\n"));
      }
      expect(total).toBeLessThanOrEqual(EMBEDS_TOTAL_MAX);
    }
    expect(lines).toEqual(many.map(sourceLine));
    expect(replies.at(-1)!.components).toHaveLength(1);
  });

  it("escapes markdown in titles and refuses non-http links", () => {
    expect(sourceLine(citation(3, { title: "a [b] *c*", url: "javascript:alert(1)", section: "" }))).toBe("`[3]` **a \\[b\\] \\*c\\***");
    expect(sourceLine(citation(4, { url: "https://x.org/a_(b)", section: "" }))).toBe("`[4]` [Doc 4](https://x.org/a_%28b%29)");
  });
});

describe("splitMessage on Markdown blocks", () => {
  const balanced = (part: string) => openFenceAtEnd(part) === undefined;
  const inFence = (part: string, needle: string) => {
    let open: string | undefined;
    for (const line of part.split("\n")) {
      if (line === needle && open) return true;
      const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (!marker) continue;
      if (!open) open = marker;
      else if (line.trim() === line.trim().replace(/[^`~]/g, "") && marker[0] === open[0] && marker.length >= open.length) open = undefined;
    }
    return false;
  };

  it("a long tilde-fenced block: cut at lines, each part fenced with ~~~~, the citation after it outside code", () => {
    const code = Array.from({ length: 200 }, (_, i) => `run --step ${i} --with "a value"`).join("\n");
    const text = `Deploy with these commands:\n\n~~~~bash\n${code}\n~~~~\n[1]`;
    const parts = splitMessage(text);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(CONTENT_MAX);
      expect(balanced(part)).toBe(true);
      expect(inFence(part, "[1]")).toBe(false);
    }
    expect(parts.slice(1).every((p) => p.startsWith("~~~~bash\n"))).toBe(true);
    expect(parts.at(-1)).toMatch(/\n~~~~\n\[1\]$/);
  });

  it("a table moves whole to the next message, and a long one is cut between rows with its header repeated", () => {
    const row = (i: number) => `| option-${i} | ${"value ".repeat(8)}|`;
    const small = `| name | value |\n|---|---|\n${[0, 1, 2].map(row).join("\n")}`;
    const parts = splitMessage(`${"Lead-in sentence. ".repeat(100).trim()}\n\n${small}\n\n[1]`);
    expect(parts.at(-1)).toBe(`${small}\n\n[1]`);
    const big = `| name | value |\n|---|---|\n${Array.from({ length: 60 }, (_, i) => row(i)).join("\n")}`;
    const bigParts = splitMessage(big);
    expect(bigParts.length).toBeGreaterThan(1);
    for (const part of bigParts) {
      expect(part.startsWith("| name | value |\n|---|---|\n")).toBe(true);
      expect(part.split("\n").every((l) => /^\|.*\|$/.test(l))).toBe(true);
    }
  });

  it("never splits a nested list item, and keeps a fence inside an item closed", () => {
    const items = Array.from({ length: 40 }, (_, i) => `- Step ${i} does one thing. It also does another [1].\n  - Detail ${i}: ${"more words ".repeat(3)}[2]`);
    const text = `Steps:\n${items.join("\n")}\n- Install:\n  \`\`\`sh\n  npm i -g lumen\n  \`\`\``;
    const parts = splitMessage(text, 500);
    const lines = parts.flatMap((p) => p.split("\n"));
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(500);
      expect(balanced(part)).toBe(true);
      // Each part starts at an item (or the lead-in), never in the middle of one.
      expect(part).toMatch(/^(Steps:|- |  - )/);
    }
    for (let i = 0; i < 40; i++) expect(lines).toContain(`- Step ${i} does one thing. It also does another [1].`);
  });

  it("an unclosed fence with a citation after it: CommonMark keeps it code, and the part is closed", () => {
    const parts = splitMessage("Run:\n```sh\nnpm i\n```[1]\nmore");
    expect(parts).toEqual(["Run:\n```sh\nnpm i\n```[1]\nmore\n```"]);
  });
});
