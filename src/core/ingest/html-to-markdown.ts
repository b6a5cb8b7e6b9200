// Reduces an HTML page to Markdown-like text that keeps what retrieval and citations need: the title, the
// headings (as # lines, so chunks follow them), paragraphs, list items, code and links' text. Page chrome
// (scripts, styles, navigation, headers and footers) is dropped.
import * as cheerio from "cheerio";
import type { AnyNode, Element } from "domhandler";

export interface HtmlContent {
  title?: string;
  url?: string;
  markdown: string;
}

const DROP = "script, style, noscript, template, svg, iframe, nav, header, footer, aside, form, button, [hidden], [aria-hidden=true]";
const BLOCKS = new Set(["p", "div", "section", "article", "main", "blockquote", "table", "tr", "dl", "dt", "dd", "figure", "figcaption", "br", "hr", "ul", "ol"]);

export function htmlToMarkdown(html: string): HtmlContent {
  const $ = cheerio.load(html);
  const title = clean($("head > title").first().text()) || clean($('meta[property="og:title"]').attr("content") ?? "") || undefined;
  const url = $('link[rel="canonical"]').attr("href") ?? $('meta[property="og:url"]').attr("content") ?? undefined;
  $(DROP).remove();
  const root = $("main").first().length ? $("main").first() : $("article").first().length ? $("article").first() : $("body");
  const lines: string[] = [];
  let inline = "";
  const flush = () => {
    const text = clean(inline);
    if (text) lines.push(text);
    inline = "";
  };
  const walk = (node: AnyNode): void => {
    if (node.type === "text") {
      inline += node.data;
      return;
    }
    if (node.type !== "tag") return;
    const el = node as Element;
    const tag = el.tagName.toLowerCase();
    const heading = /^h([1-6])$/.exec(tag);
    if (heading) {
      flush();
      const text = clean($(el).text());
      if (text) lines.push("", `${"#".repeat(Number(heading[1]))} ${text}`, "");
      return;
    }
    if (tag === "pre") {
      flush();
      lines.push("```", $(el).text().replace(/\n+$/, ""), "```");
      return;
    }
    if (tag === "li") {
      flush();
      const text = clean($(el).text());
      if (text) lines.push(`- ${text}`);
      return;
    }
    const block = BLOCKS.has(tag);
    if (block) flush();
    for (const child of el.children) walk(child);
    if (block) {
      flush();
      if (tag === "p" || tag === "blockquote" || tag === "table") lines.push("");
    }
  };
  for (const child of root.get(0)?.children ?? []) walk(child);
  flush();
  const markdown = lines.join("\n").replace(/\n{3,}/g, "\n\n").trim();
  return { title, url: url && /^https?:\/\//.test(url) ? url : undefined, markdown };
}

function clean(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
