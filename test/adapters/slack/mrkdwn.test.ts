import { describe, expect, it } from "vitest";
import { escapeMrkdwn, markdownToMrkdwn, slackTextToPlain } from "../../../src/adapters/slack/mrkdwn.js";

describe("markdownToMrkdwn", () => {
  it("turns Markdown bold, italics and strike-through into Slack's markers", () => {
    expect(markdownToMrkdwn("Use **bold**, __strong__, *italic* and ~~gone~~.")).toBe("Use *bold*, *strong*, _italic_ and ~gone~.");
  });

  it("turns links and images into <url|label>, and drops unsafe link targets", () => {
    expect(markdownToMrkdwn("See [the guide](https://x.org/a?b=1&c=2) or <https://y.org>.")).toBe(
      "See <https://x.org/a?b=1&amp;c=2|the guide> or <https://y.org>.",
    );
    expect(markdownToMrkdwn("![diagram](https://x.org/d.png)")).toBe("<https://x.org/d.png|diagram>");
    expect(markdownToMrkdwn("[click](javascript:alert(1)) [rel](docs/a.md)")).toBe("click rel");
    expect(markdownToMrkdwn("[a|b](https://x.org/p|q)")).toBe("<https://x.org/p%7Cq|a¦b>");
  });

  it("links citation markers to their sources when a URL is known", () => {
    const urls = new Map([[1, "https://docs.example.org/one"]]);
    expect(markdownToMrkdwn("True [1], maybe [2].", { citationUrls: urls })).toBe("True <https://docs.example.org/one|[1]>, maybe [2].");
  });

  it("turns headings into bold lines and lists into bullets, keeping nesting and numbering", () => {
    expect(markdownToMrkdwn("## Setup\n- one\n  - inner\n* two\n1) first\n2. second")).toBe(
      "*Setup*\n• one\n    ◦ inner\n• two\n1. first\n2. second",
    );
  });

  it("leaves code alone apart from escaping, and drops the language hint Slack would show", () => {
    expect(markdownToMrkdwn("Run `a < b && **c**`:\n```ts\nif (a < b) x = **y**;\n```")).toBe(
      "Run `a &lt; b &amp;&amp; **c**`:\n```\nif (a &lt; b) x = **y**;\n```",
    );
  });

  it("escapes &, < and > everywhere, so no text can become a Slack control sequence", () => {
    const out = markdownToMrkdwn("AT&T says 5 > 3 and <b>hi</b> <@U123> <!subteam^S1>");
    expect(out).toBe("AT&amp;T says 5 &gt; 3 and &lt;b&gt;hi&lt;/b&gt; &lt;@U123&gt; &lt;!subteam^S1&gt;");
  });

  it("keeps a leading > as Slack's quote", () => {
    expect(markdownToMrkdwn("> quoted & kept")).toBe(">quoted &amp; kept");
  });

  it("never leaves a broadcast mention that could notify a channel", () => {
    const out = markdownToMrkdwn("Hey @channel, @here and @everyone: <!channel> <!here|here>");
    expect(out).not.toMatch(/@(channel|here|everyone)\b/);
    expect(out).not.toContain("<!");
    expect(out).toContain("@\u2060channel");
  });

  it("does not mistake arithmetic or snake_case for formatting, and neutralises escaped markers", () => {
    expect(markdownToMrkdwn("2 * 3 * 4 = 24 in snake_case_name")).toBe("2 * 3 * 4 = 24 in snake_case_name");
    expect(markdownToMrkdwn("a \\*literal\\* star")).toBe("a ∗literal∗ star");
  });

  it("leaves no Markdown-only syntax in a typical answer", () => {
    const out = markdownToMrkdwn("# Title\n**Note:** see [docs](https://d.org) [1].\n- **item** one\n---\nEnd");
    expect(out).not.toMatch(/\*\*|\]\(|^#|^-{3}/m);
  });
});

describe("escapeMrkdwn", () => {
  it("escapes only the three reserved characters", () => {
    expect(escapeMrkdwn("<a href='x'>&</a> *b*")).toBe("&lt;a href='x'&gt;&amp;&lt;/a&gt; *b*");
  });
});

describe("slackTextToPlain", () => {
  it("removes the app's mention and turns Slack markup into readable text", () => {
    expect(slackTextToPlain("<@UBOT> how do I use <https://x.org|the site> &amp; <#C1|general>? &lt;tag&gt; <@U2>", "UBOT")).toBe(
      "how do I use the site (https://x.org) & #general? <tag> @U2",
    );
  });

  it("keeps bare links and neutral text as they are", () => {
    expect(slackTextToPlain("see <https://x.org>  now")).toBe("see https://x.org now");
  });
});
