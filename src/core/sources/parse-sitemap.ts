// XML sitemaps (sitemaps.org): a <urlset> lists pages with an optional <lastmod>, a <sitemapindex> lists
// further sitemaps. Malformed XML or another document is a FeedError with the reason.
import { absolute, FeedError, isoDate, list, parseXml, text } from "./parse-feed.js";

export interface SitemapEntry {
  url: string;
  /** ISO date-time, when the sitemap gives one. */
  lastmod?: string;
}

export type Sitemap = { kind: "urlset"; pages: SitemapEntry[] } | { kind: "index"; sitemaps: SitemapEntry[] };

export function parseSitemap(xml: string, sitemapUrl: string): Sitemap {
  const doc = parseXml(xml, "sitemap");
  const entries = (items: unknown) =>
    list(items).flatMap((item) => {
      const record = item as Record<string, unknown>;
      const url = absolute(text(record.loc), sitemapUrl);
      return url ? [{ url, lastmod: isoDate(text(record.lastmod)) }] : [];
    });
  const urlset = doc.urlset as Record<string, unknown> | undefined;
  if (urlset !== undefined) return { kind: "urlset", pages: entries(typeof urlset === "object" ? urlset.url : []) };
  const index = doc.sitemapindex as Record<string, unknown> | undefined;
  if (index !== undefined) return { kind: "index", sitemaps: entries(typeof index === "object" ? index.sitemap : []) };
  const root = Object.keys(doc).find((k) => !k.startsWith("?")) ?? "nothing";
  throw new FeedError(`not a sitemap (the document is <${root}>)`);
}
