// How a fetched post is saved: Markdown with front matter (title, url, author, published date, fetched
// date, source, tags) under knowledge/<source>/<slug>.md, so the corpus can be reviewed and diffed in git.
// A refetch that changes nothing but the fetched date is not a change: the file is left alone.
import { stringify } from "yaml";

export interface ArticleMeta {
  title?: string;
  url: string;
  author?: string;
  /** ISO date-time. */
  published?: string;
  fetched: Date;
  source: string;
  tags: string[];
}

export function renderArticle(meta: ArticleMeta, markdown: string): string {
  const front: Record<string, unknown> = {};
  if (meta.title) front.title = meta.title;
  front.url = meta.url;
  if (meta.author) front.author = meta.author;
  // "date" is the published date; ingest reads it under that name.
  if (meta.published) front.date = meta.published.slice(0, 10);
  front.fetched = meta.fetched.toISOString().slice(0, 10);
  front.source = meta.source;
  if (meta.tags.length > 0) front.tags = meta.tags;
  return `---\n${stringify(front, { lineWidth: 0 }).trimEnd()}\n---\n\n${markdown.trim()}\n`;
}

/** Equal apart from the fetched date. */
export function sameArticle(a: string, b: string): boolean {
  const strip = (text: string) => text.replace(/^fetched: .*$/m, "");
  return strip(a) === strip(b);
}

/** A file name from the URL's path: "/2026/03/new-release/" → "2026-03-new-release". */
export function slugFor(url: string): string {
  const { pathname, search } = new URL(url);
  const path = decodeURIComponentSafe(pathname)
    .replace(/\.(html?|php|aspx?|md)$/i, "")
    .replace(/\/index$/i, "");
  const slug = `${path}${search ? `-${search.slice(1)}` : ""}`
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  return slug === "" ? "index" : slug;
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
