// A fetched page → its main content as Markdown. Mozilla's Readability (the Firefox Reader View) finds the
// article on a linkedom DOM and drops the site's navigation, sidebars and footers; turndown writes Markdown
// with # headings, so chunks follow the post's sections. Pages Readability does not see as an article
// (a short docs page) fall back to the whole body minus page chrome. Markdown and plain text pass through.
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import TurndownService from "turndown";

export interface Article {
  title?: string;
  author?: string;
  /** ISO date-time, from the page's metadata. */
  published?: string;
  markdown: string;
}

const CHROME = "script, style, noscript, template, svg, iframe, nav, header, footer, aside, form, button";

const turndown = new TurndownService({ headingStyle: "atx", codeBlockStyle: "fenced", bulletListMarker: "-", emDelimiter: "*" });
// Images carry no text to answer from; added rules run before turndown's own image rule.
turndown.addRule("drop-images", { filter: ["img", "picture"], replacement: () => "" });

export function extractArticle(body: string, contentType: string, url: string): Article {
  if (contentType === "text/markdown" || contentType === "text/x-markdown" || contentType === "text/plain") return { markdown: body.trim() };
  // A <base> makes Readability turn relative links into absolute ones, so citations in the Markdown work.
  const html = /<head[\s>]/i.test(body) ? body.replace(/<head(\s[^>]*)?>/i, (m) => `${m}<base href="${escapeAttr(url)}">`) : `<head><base href="${escapeAttr(url)}"></head>${body}`;
  const { document } = parseHTML(html);
  const metaTitle = document.querySelector("title")?.textContent?.trim() || undefined;
  let article: ReturnType<Readability["parse"]> = null;
  try {
    article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: 200 }).parse();
  } catch {
    article = null;
  }
  let markdown: string;
  if (article?.content) markdown = toMarkdown(article.content);
  else {
    const { document: fresh } = parseHTML(html);
    for (const el of fresh.querySelectorAll(CHROME)) el.remove();
    const main = fresh.querySelector("main") ?? fresh.querySelector("article") ?? fresh.querySelector("body");
    markdown = toMarkdown(main?.innerHTML ?? "");
  }
  return {
    title: article?.title?.trim() || metaTitle,
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

function isoOrUndefined(value: string): string | undefined {
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
}
