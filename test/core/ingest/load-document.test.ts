import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DocumentError, parseDocument, type SourceDocument } from "../../../src/core/ingest/load-document.js";
import { cleanMarkdown } from "../../../src/core/ingest/parse-markdown.js";

const FIXTURES = join(import.meta.dirname, "../../fixtures");
const LIMIT = 100_000;

function parse(text: string | Buffer, file = "doc.md", maxBytes = LIMIT): SourceDocument {
  return parseDocument(typeof text === "string" ? Buffer.from(text, "utf8") : text, file, maxBytes);
}

function errorOf(text: string | Buffer, file = "doc.md", maxBytes = LIMIT): DocumentError {
  try {
    parse(text, file, maxBytes);
  } catch (error) {
    expect(error).toBeInstanceOf(DocumentError);
    return error as DocumentError;
  }
  throw new Error(`expected a DocumentError for ${file}`);
}

function fixture(path: string): Buffer {
  return readFileSync(join(FIXTURES, path));
}

describe("parseDocument: unusable files", () => {
  it("rejects a 0-byte file as empty", () => {
    expect(errorOf(Buffer.alloc(0)).message).toBe("file is empty");
  });

  it("rejects a whitespace-only file as empty", () => {
    expect(errorOf("  \n\t\n   \r\n").message).toBe("file is empty");
  });

  it("rejects the empty fixture", () => {
    expect(errorOf(fixture("knowledge-bad/empty.md"), "empty.md").message).toBe("file is empty");
  });

  it("rejects a file with NUL bytes as binary", () => {
    expect(errorOf(Buffer.from("text\u0000more text"), "notes.txt").message).toBe("file is binary, not text");
    expect(errorOf(fixture("knowledge-bad/binary.txt"), "binary.txt").message).toBe("file is binary, not text");
  });

  it("rejects invalid UTF-8", () => {
    const bytes = Buffer.from([0x61, 0x62, 0xc3, 0x28, 0x63, 0x0a]); // 0xC3 followed by a non-continuation byte
    expect(errorOf(bytes).message).toBe("file is not valid UTF-8 text");
    expect(errorOf(Buffer.from([0x68, 0x69, 0xff, 0xfe])).message).toBe("file is not valid UTF-8 text");
  });

  it("rejects a file over maxBytes, naming the size, the limit and MAX_FILE_BYTES", () => {
    const message = errorOf("x".repeat(101), "big.md", 100).message;
    expect(message).toContain("MAX_FILE_BYTES");
    expect(message).toContain("101");
    expect(message).toContain("100");
  });

  it("accepts a file of exactly maxBytes", () => {
    expect(parse("abcde", "five.md", 5).markdown).toBe("abcde");
  });

  it("names the line of the file (not of the YAML block) for broken front matter", () => {
    // Line 1 is the opening ---, line 2 is fine, line 3 has an unterminated quote.
    const message = errorOf('---\ntitle: Fine\nsummary: "never closed\n---\n\nBody text.\n').message;
    expect(message).toMatch(/^front matter is not valid YAML \(line 3\): /);
  });

  it("reports line 3 for the broken-front-matter fixture (the unclosed flow sequence)", () => {
    const message = errorOf(fixture("knowledge-bad/broken-front-matter.md"), "broken-front-matter.md").message;
    expect(message).toMatch(/^front matter is not valid YAML \(line 3\): /);
  });

  it("names a later line when the YAML error is further down", () => {
    const message = errorOf('---\ntitle: Fine\ntags: [a]\ndate: 2025-01-01\nsummary: "open\n---\nBody\n').message;
    expect(message).toMatch(/^front matter is not valid YAML \(line 5\): /);
  });

  it("rejects front matter that is never closed", () => {
    expect(errorOf("---\ntitle: Open\n\n# Body\n\nText.\n").message).toBe(
      "front matter is not closed: add a line with --- after it",
    );
  });

  it("rejects front matter that is a list rather than a mapping", () => {
    expect(errorOf("---\n- one\n- two\n---\n\nBody.\n").message).toBe(
      "front matter must be a YAML mapping (key: value lines)",
    );
  });

  it("rejects front matter that is a bare scalar", () => {
    expect(errorOf("---\njust a string\n---\n\nBody.\n").message).toBe(
      "front matter must be a YAML mapping (key: value lines)",
    );
  });

  it("rejects a file with nothing but front matter", () => {
    expect(errorOf("---\ntitle: Only metadata\n---\n\n   \n").message).toBe(
      "file has no text besides its front matter or markup",
    );
  });

  it("rejects an HTML page whose only text is page chrome", () => {
    const html = "<html><head><title>T</title></head><body><nav>Home</nav><script>x()</script><footer>(c)</footer></body></html>";
    expect(errorOf(html, "page.html").message).toBe("file has no text besides its front matter or markup");
  });

  it("accepts empty front matter (--- immediately followed by ---)", () => {
    const doc = parse("---\n---\n# Heading\n\nText.\n");
    expect(doc.title).toBe("Heading");
    expect(doc.tags).toEqual([]);
  });

  it("accepts CRLF line endings and a byte-order mark before the front matter", () => {
    const doc = parse("\uFEFF---\r\ntitle: Windows file\r\n---\r\n\r\nBody text.\r\n");
    expect(doc.title).toBe("Windows file");
    expect(doc.markdown).toContain("Body text.");
    expect(doc.markdown).not.toContain("title:");
  });
});

describe("parseDocument: title precedence", () => {
  it("prefers the front matter title over the first # heading", () => {
    expect(parse("---\ntitle: From front matter\n---\n\n# From heading\n\nText.\n").title).toBe("From front matter");
  });

  it("uses the HTML <title> over the page's first heading", () => {
    const html = "<html><head><title>Page title</title></head><body><h1>Heading title</h1><p>Text.</p></body></html>";
    expect(parse(html, "page.html").title).toBe("Page title");
  });

  it("falls back to og:title when an HTML page has no <title>", () => {
    const html = '<html><head><meta property="og:title" content="Open Graph title"></head><body><p>Text.</p></body></html>';
    expect(parse(html, "page.html").title).toBe("Open Graph title");
  });

  it("uses the first # heading of an HTML page without <title>", () => {
    expect(parse("<html><body><h1>Heading title</h1><p>Text.</p></body></html>", "page.html").title).toBe("Heading title");
  });

  it("uses the first # heading when there is no front matter title", () => {
    expect(parse("Intro line.\n\n## Not this\n\n# The heading #\n\nText.\n").title).toBe("The heading");
  });

  it("ignores an empty front matter title", () => {
    expect(parse("---\ntitle: ''\n---\n# Heading\n\nText.\n").title).toBe("Heading");
  });

  it("turns a numeric front matter title into a string", () => {
    expect(parse("---\ntitle: 2024\n---\nText.\n").title).toBe("2024");
  });

  it("uses a .txt file's short, standalone first line", () => {
    expect(parse("Release notes\n\nThe first release.\n", "notes.txt").title).toBe("Release notes");
    expect(parse(fixture("knowledge/faq.txt"), "faq.txt").title).toBe("Lumen frequently asked questions");
  });

  it("does not take a .txt first line that ends like a sentence, or that is not followed by a blank line", () => {
    expect(parse("This is a sentence.\n\nMore.\n", "release-notes.txt").title).toBe("Release notes");
    expect(parse("First line\nsecond line\n", "release-notes.txt").title).toBe("Release notes");
  });

  it("does not use the first line of a .md file as its title", () => {
    expect(parse("Release notes\n\nThe first release.\n", "release_notes.md").title).toBe("Release notes");
    expect(parse("Some words\n\nThe first release.\n", "change-log.md").title).toBe("Change log");
  });

  it("falls back to the file name, dashes and underscores as spaces, first letter capitalised", () => {
    expect(parse("Just text, nothing else.\n", "guides/getting-started_fast.md").title).toBe("Getting started fast");
  });
});

describe("parseDocument: front matter fields", () => {
  it("keeps an https url", () => {
    expect(parse("---\nurl: https://docs.example.org/a\n---\nText.\n").url).toBe("https://docs.example.org/a");
  });

  it("keeps an http canonical_url when there is no url", () => {
    expect(parse("---\ncanonical_url: http://docs.example.org/c\n---\nText.\n").url).toBe("http://docs.example.org/c");
  });

  it("drops a url that is not http(s) or not a URL at all", () => {
    expect(parse("---\nurl: ftp://files.example.org/a\n---\nText.\n").url).toBeUndefined();
    expect(parse("---\nurl: javascript:alert(1)\n---\nText.\n").url).toBeUndefined();
    expect(parse("---\nurl: not a url\n---\nText.\n").url).toBeUndefined();
    expect(parse("---\nurl: /docs/relative\n---\nText.\n").url).toBeUndefined();
  });

  it("has no url without front matter", () => {
    expect(parse("# Title\n\nText.\n").url).toBeUndefined();
  });

  it("reads tags from a YAML list", () => {
    expect(parse("---\ntags: [install, getting-started]\n---\nText.\n").tags).toEqual(["install", "getting-started"]);
    expect(parse("---\ntags:\n  - a\n  - 2\n---\nText.\n").tags).toEqual(["a", "2"]);
  });

  it("reads tags from a comma-separated string, trimmed", () => {
    expect(parse("---\ntags: deploy,  netlify , hosting\n---\nText.\n").tags).toEqual(["deploy", "netlify", "hosting"]);
  });

  it("has no tags when there are none", () => {
    expect(parse("Text.\n").tags).toEqual([]);
  });

  it("gives a YAML date as YYYY-MM-DD", () => {
    expect(parse("---\ndate: 2025-11-03\n---\nText.\n").date).toBe("2025-11-03");
  });

  it("has no date when there is none", () => {
    expect(parse("---\ntitle: T\n---\nText.\n").date).toBeUndefined();
  });

  it("strips the front matter from the body", () => {
    const doc = parse("---\ntitle: T\n---\n# T\n\nText.\n");
    expect(doc.markdown).toBe("# T\n\nText.\n");
  });

  it("reads the install.md fixture", () => {
    const doc = parse(fixture("knowledge/install.md"), "install.md");
    expect(doc).toMatchObject({
      file: "install.md",
      title: "Installing Lumen",
      url: "https://lumen.example.org/docs/install",
      date: "2025-11-03",
      tags: ["install", "getting-started"],
    });
    expect(doc.markdown).toContain("## Requirements");
    expect(doc.markdown).not.toContain("tags:");
  });
});

describe("parseDocument: HTML", () => {
  const html = fixture("knowledge/community.html");

  it("drops script, style, nav and footer text", () => {
    const doc = parse(html, "community.html");
    expect(doc.markdown).not.toContain("LUMEN-TRACKING-12345");
    expect(doc.markdown).not.toContain("this script text must not be indexed");
    expect(doc.markdown).not.toContain("Blog");
    expect(doc.markdown).not.toContain("2025 The Lumen");

    const page = parse(
      "<html><head><style>.x { color: red }</style></head><body><header>HEADER</header><nav>NAV</nav><p>Kept text.</p><aside>ASIDE</aside><footer>FOOTER</footer><script>SCRIPT()</script></body></html>",
      "page.html",
    );
    expect(page.markdown).toBe("Kept text.");
  });

  it("keeps headings as # lines at their level", () => {
    const doc = parse(html, "community.html");
    expect(doc.title).toBe("Lumen Community");
    const headings = doc.markdown.split("\n").filter((l) => l.startsWith("#"));
    expect(headings).toEqual(["# Lumen Community", "## Code of conduct", "## Where to ask questions", "## Release cadence"]);
  });

  it("keeps list items as '- ' lines", () => {
    const doc = parse(html, "community.html");
    expect(doc.markdown).toContain("- Bug reports: the issue tracker on GitHub.");
    expect(doc.markdown.split("\n").filter((l) => l.startsWith("- "))).toHaveLength(3);
  });

  it("joins the text of a paragraph onto one line and keeps link text", () => {
    const doc = parse(html, "community.html");
    expect(doc.markdown).toContain("Report problems privately to [conduct@lumen.example.org](mailto:conduct@lumen.example.org); reports are answered within two working days.");
    expect(cleanMarkdown(doc.markdown)).toContain("Report problems privately to conduct@lumen.example.org; reports are answered within two working days.");
    expect(doc.markdown).toContain("Lumen is built in the open by volunteers and users like you. This page explains how to take part.");
  });

  it("keeps <pre> blocks as fenced code", () => {
    const doc = parse("<html><body><p>Run:</p><pre><code>npm ci\nnpm test\n</code></pre></body></html>", "page.htm");
    expect(doc.markdown).toBe("Run:\n\n```\nnpm ci\nnpm test\n```");
  });

  it("takes an http(s) canonical link as the url and ignores a relative one", () => {
    const withCanonical = '<html><head><link rel="canonical" href="https://site.example/page"></head><body><p>T.</p></body></html>';
    expect(parse(withCanonical, "page.html").url).toBe("https://site.example/page");
    const relative = '<html><head><link rel="canonical" href="/page"></head><body><p>T.</p></body></html>';
    expect(parse(relative, "page.html").url).toBeUndefined();
  });

  it("does not read front matter from an HTML file", () => {
    const doc = parse("<html><head><title>Real</title></head><body><p>Body.</p></body></html>", "page.html");
    expect(doc.tags).toEqual([]);
    expect(doc.date).toBeUndefined();
  });
});

describe("parseDocument: MDX", () => {
  it("strips import/export lines and JSX tags but keeps the text inside them", () => {
    const mdx = [
      "---",
      "title: Components",
      "---",
      "import { Callout } from '../components/Callout'",
      "export const meta = { draft: false }",
      "",
      "# Components",
      "",
      '<Callout type="tip">',
      "  Inner tip text.",
      "</Callout>",
      "",
      "Before <Badge.Small label=\"new\" /> after.",
    ].join("\n");
    const doc = parse(mdx, "components.mdx");
    expect(doc.title).toBe("Components");
    expect(doc.markdown).not.toMatch(/import|export|Callout|Badge/);
    expect(doc.markdown).toContain("Inner tip text.");
    expect(doc.markdown).toContain("Before  after.");
    expect(doc.markdown).toContain("# Components");
  });

  it("reads the config.mdx fixture: front matter fields, no import, callout text kept", () => {
    const doc = parse(fixture("knowledge/config.mdx"), "config.mdx");
    expect(doc.title).toBe("Configuring Lumen");
    expect(doc.tags).toEqual(["configuration"]);
    expect(doc.markdown).not.toContain("import");
    expect(doc.markdown).not.toContain("<Callout");
    expect(doc.markdown).not.toContain("</Callout>");
    expect(doc.markdown).toContain("Run `lumen config check` to validate the file before you build.");
  });

  it("leaves import-like lines alone in a plain .md file", () => {
    const doc = parse("import this from that\n\nText.\n", "plain.md");
    expect(doc.markdown).toContain("import this from that");
  });
});

describe("parseDocument: code fences and dates", () => {
  it("does not take a comment inside a code fence for the title", () => {
    const text = "Install it:\n\n```sh\n# install the CLI\nnpm i -g x\n```\n\nMore text.\n";
    expect(parseDocument(Buffer.from(text), "getting-started.md", 1e6).title).toBe("Getting started");
  });

  it("keeps the calendar date of a full timestamp", () => {
    const text = "---\ndate: 2025-11-03T10:00:00Z\n---\n# T\n\nBody.\n";
    expect(parseDocument(Buffer.from(text), "t.md", 1e6).date).toBe("2025-11-03");
  });
});
