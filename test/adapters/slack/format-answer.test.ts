import { describe, expect, it } from "vitest";
import {
  ACTION_SHARE,
  ACTION_VOTE_DOWN,
  ACTION_VOTE_UP,
  ANSWER_SECTIONS_MAX,
  BLOCKS_BUILT_MAX,
  BLOCKS_MAX,
  BUTTON_TEXT_MAX,
  CONTEXT_TEXT_MAX,
  MESSAGE_TEXT_MAX,
  SECTION_TEXT_MAX,
  formatAnswer,
  splitMrkdwn,
  truncateAt,
} from "../../../src/adapters/slack/format-answer.js";
import type { Citation } from "../../../src/core/index.js";
import { markdownToMrkdwn } from "../../../src/adapters/slack/mrkdwn.js";

type AnyBlock = {
  type: string;
  text?: { text: string };
  elements?: Array<{ type: string; text?: string | { text: string }; action_id?: string; value?: string }>;
};

const citation = (n: number, extra: Partial<Citation> = {}): Citation => ({
  n,
  title: `Doc ${n}`,
  section: "Part",
  url: `https://docs.example.org/${n}`,
  file: `doc-${n}.md`,
  score: 0.8,
  ...extra,
});

function sectionsOf(blocks: AnyBlock[]) {
  return blocks.filter((b) => b.type === "section").map((b) => b.text!.text);
}

describe("formatAnswer", () => {
  it("builds answer sections, a numbered sources context and vote buttons carrying the answer id", () => {
    const { text, blocks } = formatAnswer(
      { answer: "Do **this** [1].", citations: [citation(1), citation(2, { url: undefined })], grounded: true },
      { answerId: "abc123" },
    ) as { text: string; blocks: AnyBlock[] };
    expect(text).toBe("Do *this* <https://docs.example.org/1|[1]>.");
    expect(sectionsOf(blocks)).toEqual(["Do *this* <https://docs.example.org/1|[1]>."]);
    const context = blocks.find((b) => b.type === "context");
    expect(context?.elements?.[0]?.text).toBe("*Sources*\n[1] <https://docs.example.org/1|Doc 1 › Part>\n[2] Doc 2 › Part");
    const buttons = blocks.find((b) => b.type === "actions")?.elements ?? [];
    expect(buttons.map((b) => b.value)).toEqual(["abc123", "abc123"]);
    expect(buttons.every((b) => (b.text as { text: string }).text.length <= BUTTON_TEXT_MAX)).toBe(true);
  });

  it("labels the documents of an ungrounded answer as not used, and adds Share only when asked", () => {
    const { blocks } = formatAnswer({ answer: "Not covered.", citations: [citation(1)], grounded: false }, { answerId: "x", share: true }) as {
      blocks: AnyBlock[];
    };
    expect(JSON.stringify(blocks)).toContain("*Closest documents* (not used for this answer)");
    expect(blocks.find((b) => b.type === "actions")?.elements?.map((e) => e.action_id)).toContain(ACTION_SHARE);
  });

  it("has no buttons when the answer could not be recorded", () => {
    const { blocks } = formatAnswer({ answer: "Hi", citations: [], grounded: true }, {}) as { blocks: AnyBlock[] };
    expect(blocks.map((b) => b.type)).toEqual(["section"]);
  });

  it("escapes the echoed question and keeps broadcasts out of it", () => {
    const { blocks } = formatAnswer(
      { answer: "A", citations: [], grounded: true },
      { answerId: "x", askedBy: { userId: "U1", question: "why <!channel> & @here?" } },
    ) as { blocks: AnyBlock[] };
    const echo = blocks[0]!.elements![0]!.text as string;
    expect(echo).toBe("<@U1> asked: why &lt;!channel&gt; &amp; @\u2060here?");
  });

  it("keeps an over-long answer inside every Slack limit and says it was shortened", () => {
    const answer = Array.from({ length: 2_000 }, (_, i) => `Sentence ${i} with a [link](https://x.org/${i}) and **bold**.`).join(" ");
    const many = Array.from({ length: 200 }, (_, i) => citation(i + 1, { title: `A rather long document title number ${i}` }));
    const { text, blocks } = formatAnswer({ answer, citations: many, grounded: true }, { answerId: "x", share: true }) as {
      text: string;
      blocks: AnyBlock[];
    };
    expect(blocks.length).toBeLessThanOrEqual(BLOCKS_MAX);
    expect(text.length).toBeLessThanOrEqual(MESSAGE_TEXT_MAX);
    const sections = sectionsOf(blocks);
    expect(sections).toHaveLength(ANSWER_SECTIONS_MAX);
    for (const s of sections) expect(s.length).toBeLessThanOrEqual(SECTION_TEXT_MAX);
    expect(sections.at(-1)).toContain("shortened to fit in Slack");
    // Every link is whole: as many openers as closers in every section.
    for (const s of sections) expect(s.split("<").length).toBe(s.split(">").length);
    const sources = blocks.find((b) => b.type === "context")!.elements![0]!.text as string;
    expect(sources.length).toBeLessThanOrEqual(CONTEXT_TEXT_MAX);
    expect(sources).toMatch(/…and \d+ more$/);
  });

  it("keeps the shortened note inside the section limit when the first source has a huge title", () => {
    const answer = Array.from({ length: 2_000 }, (_, i) => `Sentence ${i} is here.`).join(" ");
    const huge = citation(1, { title: `T${"itle ".repeat(800)}`, url: "https://docs.example.org/a|b>c" });
    const { blocks } = formatAnswer({ answer, citations: [huge], grounded: true }, { answerId: "x" }) as { blocks: AnyBlock[] };
    const sections = sectionsOf(blocks);
    expect(sections).toHaveLength(ANSWER_SECTIONS_MAX);
    for (const s of sections) expect(s.length).toBeLessThanOrEqual(SECTION_TEXT_MAX);
    const last = sections.at(-1)!;
    expect(last).toContain("shortened to fit in Slack");
    // The URL is encoded as in the sources list, the title capped.
    const label = last.slice(last.lastIndexOf("|") + 1, -1);
    expect(label.length).toBeLessThanOrEqual(200);
    expect(last).toMatch(/<https:\/\/docs\.example\.org\/a%7Cb%3Ec\|Title( itle)+…>$/);
    expect(last.length).toBeGreaterThan(SECTION_TEXT_MAX - 500); // the answer still uses the room left
  });

  it("shortens a single over-long source line instead of hiding it as “…and 1 more”", () => {
    const long = citation(1, { title: "x".repeat(4_000), section: "Part" });
    const { blocks } = formatAnswer({ answer: "A [1].", citations: [long], grounded: true }, { answerId: "x" }) as { blocks: AnyBlock[] };
    const sources = blocks.find((b) => b.type === "context")!.elements![0]!.text as string;
    expect(sources.length).toBeLessThanOrEqual(CONTEXT_TEXT_MAX);
    expect(sources).not.toContain("more");
    expect(sources).toMatch(/^\*Sources\*\n\[1\] <https:\/\/docs\.example\.org\/1\|x+…>$/);
  });

  it("never has more than BLOCKS_MAX blocks, and always keeps the buttons last", () => {
    expect(BLOCKS_BUILT_MAX).toBeLessThanOrEqual(BLOCKS_MAX);
    const answer = Array.from({ length: 5_000 }, (_, i) => `Paragraph ${i}.\n\n`).join("");
    const many = Array.from({ length: 300 }, (_, i) => citation(i + 1));
    const { blocks } = formatAnswer(
      { answer, citations: many, grounded: true },
      { answerId: "x", share: true, askedBy: { userId: "U1", question: "q" } },
    ) as { blocks: AnyBlock[] };
    expect(blocks.length).toBeLessThanOrEqual(BLOCKS_MAX);
    expect(blocks).toHaveLength(BLOCKS_BUILT_MAX);
    expect(blocks.at(-1)!.elements!.map((e) => e.action_id)).toEqual([ACTION_VOTE_UP, ACTION_VOTE_DOWN, ACTION_SHARE]);
  });
});

describe("splitMrkdwn", () => {
  it("prefers paragraph breaks and never exceeds the limit", () => {
    const text = `${"a".repeat(60)}\n\n${"b".repeat(60)}`;
    expect(splitMrkdwn(text, 100)).toEqual(["a".repeat(60), "b".repeat(60)]);
  });

  it("closes and reopens a code block cut in two", () => {
    const text = "```\n" + Array.from({ length: 40 }, (_, i) => `line ${i}`).join("\n") + "\n```";
    const pieces = splitMrkdwn(text, 120);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(120);
      expect((p.match(/```/g) ?? []).length % 2).toBe(0);
    }
  });

  it("does not cut inside a link or an entity", () => {
    const link = `<https://example.org/${"p".repeat(60)}|label>`;
    expect(splitMrkdwn(`${"x".repeat(30)} ${link}`, 100)).toEqual(["x".repeat(30), link]);
    // A cut at 100 falls inside "&amp;".
    expect(splitMrkdwn(`${"y".repeat(97)}&amp;${"z".repeat(20)}`, 100)[0]).toBe("y".repeat(97));
  });
});

describe("truncateAt", () => {
  it("cuts at a word and marks the cut", () => {
    expect(truncateAt("one two three four", 12, "…")).toBe("one two…");
    expect(truncateAt("short", 12, "…")).toBe("short");
  });
});

describe("answers on Markdown blocks", () => {
  const fencesBalanced = (s: string) => s.split("\n").filter((l) => l.startsWith("```")).length % 2 === 0;

  it("a long code block is cut at lines into sections, each fenced; the citation after it stays outside code", () => {
    const code = Array.from({ length: 300 }, (_, i) => `kubectl apply -f step-${i}.yaml && echo "<done ${i}>"`).join("\n");
    const { blocks } = formatAnswer(
      { answer: `Apply the manifests:\n\n~~~bash\n${code}\n~~~\n[1]`, citations: [citation(1)], grounded: true },
      {},
    ) as { blocks: AnyBlock[] };
    const sections = sectionsOf(blocks);
    expect(sections.length).toBeGreaterThan(3);
    for (const s of sections) {
      expect(s.length).toBeLessThanOrEqual(SECTION_TEXT_MAX);
      expect(fencesBalanced(s)).toBe(true);
      // Escaped inside code, never cut inside an entity.
      expect(s).not.toMatch(/&(?![a-z]+;)/);
    }
    expect(sections.slice(1).every((s) => s.startsWith("```\n"))).toBe(true);
    expect(sections.at(-1)).toMatch(/\n```\n<https:\/\/docs\.example\.org\/1\|\[1\]>$/);
  });

  it("a tilde fence and an unclosed fence become Slack code blocks, untouched by inline conversion", () => {
    expect(markdownToMrkdwn("Try:\n~~~sh\necho **not bold** ~~x~~\n~~~\nThen **go** [1].", { citationUrls: new Map([[1, "https://d.org"]]) })).toBe(
      "Try:\n```\necho **not bold** ~~x~~\n```\nThen *go* <https://d.org|[1]>.",
    );
    expect(markdownToMrkdwn("Run:\n```sh\nnpm i <pkg>")).toBe("Run:\n```\nnpm i &lt;pkg&gt;\n```");
    // A longer fence holds a shorter one as code.
    expect(markdownToMrkdwn("````md\n```\ninner\n```\n````\nafter *it*")).toBe("```\n```\ninner\n```\n```\nafter _it_");
  });

  it("a fence inside a list item is a code block of its own, out of the item's indentation", () => {
    expect(markdownToMrkdwn("1. Install:\n   ```sh\n   npm i -g lumen\n   ```\n2. Build\n    - nested **item**")).toBe(
      "1. Install:\n```\nnpm i -g lumen\n```\n2. Build\n    ◦ nested *item*",
    );
  });

  it("tables stay row per line and a long one is cut between rows", () => {
    const rows = Array.from({ length: 200 }, (_, i) => `| option-${i} | ${"value ".repeat(4)}[1] |`);
    const { blocks } = formatAnswer({ answer: `| name | value |\n|---|---|\n${rows.join("\n")}`, citations: [citation(1, { url: undefined })], grounded: true }, {}) as {
      blocks: AnyBlock[];
    };
    const sections = sectionsOf(blocks);
    expect(sections.length).toBeGreaterThan(1);
    for (const s of sections) {
      expect(s.startsWith("| name | value |\n|---|---|\n")).toBe(true);
      expect(s.split("\n").every((l) => /^\|.*\|$/.test(l))).toBe(true);
    }
  });

  it("the shortened answer and the text fallback end between blocks, their fences closed", () => {
    const para = (i: number) => `Paragraph ${i} says something useful [1].`;
    const code = (i: number) => "```\n" + Array.from({ length: 30 }, (_, k) => `line ${i}.${k}`).join("\n") + "\n```";
    const answer = Array.from({ length: 60 }, (_, i) => `${para(i)}\n\n${code(i)}\n\n- item ${i} one\n  - nested ${i}`).join("\n\n");
    const { text, blocks } = formatAnswer({ answer, citations: [citation(1)], grounded: true }, { answerId: "x" }) as { text: string; blocks: AnyBlock[] };
    const sections = sectionsOf(blocks);
    expect(sections).toHaveLength(ANSWER_SECTIONS_MAX);
    for (const s of sections) {
      expect(s.length).toBeLessThanOrEqual(SECTION_TEXT_MAX);
      expect(fencesBalanced(s)).toBe(true);
    }
    expect(sections.at(-1)).toMatch(/\n_…the answer was shortened/);
    expect(text.length).toBeLessThanOrEqual(MESSAGE_TEXT_MAX);
    expect(fencesBalanced(text)).toBe(true);
    expect(text).toMatch(/(```|<https:\/\/docs\.example\.org\/1\|\[1\]>\.|one|nested \d+)\n?…$/);
  });
});

describe("truncateAt on blocks", () => {
  it("closes a code block it ends in and puts the ellipsis outside it", () => {
    const mrkdwn = "Intro.\n```\n" + Array.from({ length: 50 }, (_, i) => `line ${i}`).join("\n") + "\n```\nAfter.";
    const cut = truncateAt(mrkdwn, 120, "…");
    expect(cut.length).toBeLessThanOrEqual(120);
    expect(cut).toMatch(/\n```\n…$/);
    expect(cut.split("\n").filter((l) => l === "```")).toHaveLength(2);
  });
});
