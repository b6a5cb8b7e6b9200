// A fetched page → its main content as Markdown, through the one HTML path (core/ingest/html-to-markdown.ts:
// Readability where the page is an article, then turndown). Markdown and plain text pass through.
import { htmlToMarkdown } from "../ingest/html-to-markdown.js";

export interface Article {
  title?: string;
  author?: string;
  /** ISO date-time, from the page's metadata. */
  published?: string;
  markdown: string;
}

export function extractArticle(body: string, contentType: string, url: string): Article {
  if (contentType === "text/markdown" || contentType === "text/x-markdown" || contentType === "text/plain") return { markdown: body.trim() };
  const { title, author, published, markdown } = htmlToMarkdown(body, url);
  return { title, author, published, markdown };
}
