// The one HTML path, for knowledge files and fetched pages alike: the page is read into a linkedom DOM; where
// it is an article (an <article> element, or text Readability's own test takes for one) Mozilla's Readability
// (the Firefox Reader View) keeps the article and drops the site's navigation, sidebars and footers; other
// pages (a short docs page) keep their <main>, <article> or <body> minus page chrome. Then one converter,
// turndown, writes Markdown with # headings, so chunks follow the page's sections, and the Markdown goes
// through the same parser as every other document (parse-markdown.ts).
import { isProbablyReaderable, Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import TurndownService from "turndown";

export interface HtmlContent {
  title?: string;
  /** The page's canonical http(s) URL, when it names one. */
  url?: string;
  author?: string;
  /** ISO date-time, from the page's metadata. */
  published?: string;
  markdown: string;
}

const CHROME = "script, style, noscript, template, svg, iframe, nav, header, footer, aside, form, button, [hidden], [aria-hidden=true]";

const turndown = new TurndownService({ headingStyle: "atx", codeBlockStyle: "fenced", bulletListMarker: "-", emDelimiter: "*" });
// Images carry no text to answer from; added rules run before turndown's own rules.
turndown.addRule("drop-images", { filter: ["img", "picture"], replacement: () => "" });
// A <pre> without a <code> inside is code all the same.
turndown.addRule("bare-pre", {
  filter: (node) => node.nodeName === "PRE" && node.firstElementChild?.nodeName !== "CODE",
  replacement: (_content, node) => `\n\n\`\`\`\n${(node.textContent ?? "").replace(/\n+$/, "")}\n\`\`\`\n\n`,
});

/** HTML → Markdown and the page's metadata. `url` (where the page was fetched from) makes relative links
 * absolute, so links in answers work. */
export function htmlToMarkdown(html: string, url?: string): HtmlContent {
  const source = url ? withBase(html, url) : html;
  let { document } = parseHTML(source);
  const meta = (selector: string, attribute = "content") => document.querySelector(selector)?.getAttribute(attribute)?.trim() || undefined;
  const metaTitle = document.querySelector("title")?.textContent?.trim() || meta('meta[property="og:title"]');
  const canonical = meta('link[rel="canonical"]', "href") ?? meta('meta[property="og:url"]');

  let article: ReturnType<Readability["parse"]> = null;
  const isArticle = document.querySelector("article") !== null || isProbablyReaderable(document as unknown as Parameters<typeof isProbablyReaderable>[0]);
  if (isArticle) {
    try {
      article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: 200 }).parse();
    } catch {
      article = null;
    }
  }
  let markdown: string;
  if (article?.content) markdown = toMarkdown(article.content);
  else {
    // Readability works on the DOM it is given: a page it gave up on is read afresh.
    if (isArticle) ({ document } = parseHTML(source));
    if (url) absoluteLinks(document, url);
    for (const el of document.querySelectorAll(CHROME)) el.remove();
    const main = document.querySelector("main") ?? document.querySelector("article") ?? document.querySelector("body");
    markdown = toMarkdown(main?.innerHTML ?? "");
  }
  return {
    title: article?.title?.trim() || metaTitle,
    url: canonical && /^https?:\/\//.test(canonical) ? canonical : undefined,
    author: article?.byline?.trim() || undefined,
    published: article?.publishedTime ? isoOrUndefined(article.publishedTime) : undefined,
    markdown,
  };
}

function toMarkdown(html: string): string {
  return turndown
    .turndown(html)
    .replace(/^(\s*)-\s{2,}/gm, "$1- ")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** A <base> makes Readability resolve relative links itself. */
function withBase(html: string, url: string): string {
  const base = `<base href="${url.replace(/&/g, "&amp;").replace(/"/g, "&quot;")}">`;
  return /<head[\s>]/i.test(html) ? html.replace(/<head(\s[^>]*)?>/i, (m) => `${m}${base}`) : `<head>${base}</head>${html}`;
}

/** Links resolved against the page's URL, for pages that do not go through Readability. */
function absoluteLinks(document: ReturnType<typeof parseHTML>["document"], url: string): void {
  for (const a of document.querySelectorAll("a[href]")) {
    const href = a.getAttribute("href")!;
    if (href.startsWith("#")) continue;
    try {
      a.setAttribute("href", new URL(href, url).href);
    } catch {
      // an unparsable href stays as it was
    }
  }
}

function isoOrUndefined(value: string): string | undefined {
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
