// The report's Markdown and HTML: every section present, typed text escaped (no pinging people from an
// issue, no markup from a question), no personal data beyond the question, and an HTML page that loads nothing.
import { describe, expect, it } from "vitest";
import { buildReport, renderHtml, renderMarkdown } from "../../../src/core/index.js";
import { mdText } from "../../../src/core/report/escape.js";
import { answerAt, sampleInput, voteOn } from "./sample-records.js";

const report = buildReport(sampleInput());

describe("renderMarkdown", () => {
  const md = renderMarkdown(report);

  it("has the headline and every section, with the figures", () => {
    expect(md).toMatch(/^# Docent quality report, 2025-06-01 to 2025-06-07\n/);
    expect(md).toContain("7 questions from 6 people (discord 4, slack 2, cli 1); answered 3 (43%); median latency 90 ms; votes 👍 2 / 👎 3.");
    for (const heading of [
      "## Questions the bot could not answer (4)",
      "## Answers voted down (2)",
      "## Most-asked topics",
      "## Most-cited documents",
      "## Never-cited documents",
      "## Answer rate and latency per day",
    ])
      expect(md).toContain(heading);
  });

  it("lists the unanswered groups with their wordings, and down-voted answers with linked sources", () => {
    expect(md).toMatch(/- \*\*[^*]+\*\*: asked 3 times, last 2025-06-04\n {2}- How do I upgrade Lumen to version 3\? \(×2\)/);
    expect(md).toContain("- **Which port does the dev server use?** (👎 2, 👍 0, 2025-06-01)");
    expect(md).toContain("Sources: [Title of config.mdx](<https://docs.example.org/config.mdx>) (`config.mdx`)");
    expect(md).toContain("| [Title of install.md](<https://docs.example.org/install.md>) | install.md | 2 |");
    expect(md).toContain("1 of 4 indexed documents were not cited by any answer:\n\n- [Deploy to Netlify](<https://docs.example.org/netlify>) (deploy/netlify.md)");
    expect(md).toContain("| 2025-06-03 | 0 | 0 | – | – | 0 | 0 |");
    expect(md).toContain("| 2025-06-04 | 3 | 0 | 0% | 70 ms | 0 | 0 |");
  });

  it("contains no user hash and no channel id", () => {
    expect(md).not.toContain("hash-");
    expect(md).not.toContain("C-SECRET-CHANNEL");
  });

  it("defuses mentions and markup in questions", () => {
    const hostile = answerAt("2025-06-02T10:00:00.000Z", "@everyone <img src=x onerror=alert(1)> | *bold* [link](http://evil)", { grounded: false });
    const md2 = renderMarkdown(buildReport({ ...sampleInput(), answers: [hostile], votes: [voteOn(hostile, "down", "2025-06-02T11:00:00.000Z")] }));
    expect(md2).not.toContain("@everyone");
    expect(md2).toContain("@\u200beveryone");
    expect(md2).not.toContain("<img");
    expect(md2).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(md2).toContain("\\*bold\\* \\[link\\](http://evil)");
    expect(mdText("a | b\nc")).toBe("a \\| b c");
  });

  it("says so when there is nothing to report", () => {
    const empty = renderMarkdown(buildReport({ ...sampleInput(), answers: [], votes: [], documents: undefined }));
    expect(empty).toContain("0 questions from 0 people");
    expect(empty.match(/None in this period\./g)).toHaveLength(2);
    expect(empty).toContain("The index could not be read");
  });
});

describe("renderHtml", () => {
  const page = renderHtml(report);

  it("is one self-contained page: no scripts, no external resources, and a CSP that forbids loading any", () => {
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).not.toMatch(/<script|<link|@import|url\(/i);
    expect(page).not.toMatch(/\bsrc=/i);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    // The only URLs are the citations' own links.
    const urls = [...page.matchAll(/https?:\/\/[^"'<\s]+/g)].map((m) => m[0]);
    expect(urls.every((u) => u.startsWith("https://docs.example.org/"))).toBe(true);
  });

  it("draws the three charts as inline SVG, with a bar per day that had questions", () => {
    expect(page.match(/<svg /g)).toHaveLength(3);
    for (const title of ["Questions per day", "Answer rate", "Votes per day"]) expect(page).toContain(`aria-label="${title}"`);
    // Questions: answered bars on 2 days (06-01, 06-07), unanswered bars on 2 days (06-02, 06-04).
    expect(page.match(/<rect [^>]*fill="#2563eb"/g)).toHaveLength(2);
    expect(page.match(/<rect [^>]*fill="#f59e0b"/g)).toHaveLength(2);
    // Answer rate: a dot for each of the 4 days with questions.
    expect(page.match(/<circle [^>]*fill="#16a34a"/g)).toHaveLength(4);
  });

  it("escapes questions and drops non-http links", () => {
    const hostile = answerAt("2025-06-02T10:00:00.000Z", '<script>alert("x")</script>', { grounded: false });
    const linked = answerAt("2025-06-02T10:00:00.000Z", "ok?");
    linked.citations[0]!.url = "javascript:alert(1)";
    const html = renderHtml(buildReport({ ...sampleInput(), answers: [hostile, linked], votes: [voteOn(linked, "down", "2025-06-02T11:00:00.000Z")] }));
    expect(html).not.toContain("<script>");
    expect(html).toContain("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;");
    expect(html).not.toContain("javascript:");
    expect(html).not.toContain("hash-");
    expect(html).not.toContain("C-SECRET-CHANNEL");
  });
});
