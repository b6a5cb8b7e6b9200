// A small website on 127.0.0.1 that the source-sync tests own: posts as HTML, an RSS feed, an Atom feed, a
// sitemap and robots.txt, each a scriptable route. Responses carry an ETag (a hash of the body) and honour
// If-None-Match with 304, like a real static host; a route can instead answer 404/410, hang (for timeouts),
// redirect (to "localhost", which is another host than "127.0.0.1"), or serve anything with any type.
// Every request is recorded with the status it got, so tests can tell what was downloaded.
import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Route {
  status?: number;
  body?: string;
  type?: string;
  /** false: no ETag (then Last-Modified decides, when set). */
  etag?: false;
  lastModified?: string;
  location?: string;
  /** Never answer: the client's timeout has to end the request. */
  hang?: boolean;
  /** Answer with these statuses first (e.g. [503]), then normally. */
  failFirst?: number[];
  headers?: Record<string, string>;
}

export interface SiteRequest {
  path: string;
  headers: IncomingHttpHeaders;
  status: number;
}

export interface Post {
  path: string;
  title: string;
  text: string;
  author?: string;
  /** ISO date-time. */
  date?: string;
  updated?: string;
  id?: string;
}

export interface FakeSite {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** The same server under another host name (http://localhost:<port>). */
  otherOrigin: string;
  url(path: string): string;
  set(path: string, route: Route): void;
  remove(path: string): void;
  requests: SiteRequest[];
  /** Requests for `path` that were answered 200 (downloads). */
  downloads(path?: string): SiteRequest[];
  clearRequests(): void;
  close(): Promise<void>;
}

export async function startFakeSite(): Promise<FakeSite> {
  const routes = new Map<string, Route>();
  const failures = new Map<string, number[]>();
  const requests: SiteRequest[] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("#")[0]!;
    const route = routes.get(path) ?? routes.get(path.split("?")[0]!);
    const answer = (status: number, headers: Record<string, string> = {}, body?: string) => {
      requests.push({ path, headers: req.headers, status });
      res.writeHead(status, headers);
      res.end(body);
    };
    if (!route) return answer(404, { "content-type": "text/plain" }, "not found");
    if (route.hang) {
      requests.push({ path, headers: req.headers, status: 0 });
      return; // the socket stays open until the client gives up or the server closes
    }
    const pending = failures.get(path);
    if (pending && pending.length > 0) return answer(pending.shift()!, { "content-type": "text/plain" }, "try later");
    const status = route.status ?? 200;
    if (status >= 300 && status < 400) return answer(status, { location: route.location ?? "/" });
    const body = route.body ?? "";
    const etag = route.etag === false ? undefined : `"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"`;
    const headers: Record<string, string> = { "content-type": route.type ?? "text/html; charset=utf-8", ...route.headers };
    if (etag) headers.etag = etag;
    if (route.lastModified) headers["last-modified"] = route.lastModified;
    if (status === 200) {
      if (etag && req.headers["if-none-match"] === etag) return answer(304, headers);
      if (!etag && route.lastModified && req.headers["if-modified-since"] === route.lastModified) return answer(304, headers);
    }
    answer(status, headers, body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    otherOrigin: `http://localhost:${port}`,
    url: (path) => `${origin}${path}`,
    set(path, route) {
      routes.set(path, route);
      if (route.failFirst) failures.set(path, [...route.failFirst]);
    },
    remove: (path) => void routes.delete(path),
    requests,
    downloads: (path) => requests.filter((r) => r.status === 200 && (path === undefined || r.path === path)),
    clearRequests: () => void requests.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A blog post page with site chrome around the article, as real blogs have. */
export function postHtml(post: Pick<Post, "title" | "text" | "author" | "date">): string {
  const paragraphs = post.text.split("\n\n").map((p) => `<p>${escape(p)}</p>`).join("\n");
  return `<!doctype html>
<html><head><title>${escape(post.title)} | Lumen blog</title>
${post.author ? `<meta name="author" content="${escape(post.author)}">` : ""}
${post.date ? `<meta property="article:published_time" content="${post.date}">` : ""}
</head><body>
<header><nav><a href="/">Home</a> <a href="/about">About the site navigation menu</a></nav></header>
<main><article><h1>${escape(post.title)}</h1>
${paragraphs}
<h2>More details</h2>
<p>See <a href="/docs/install">the install guide</a> for more about this topic and related setup steps.</p>
</article></main>
<footer><p>Copyright Lumen footer text that must not be saved.</p></footer>
</body></html>`;
}

export function rssFeed(site: FakeSite, posts: Post[]): string {
  const items = posts
    .map(
      (p) => `<item><title>${escape(p.title)}</title><link>${site.url(p.path)}</link><guid>${p.id ?? site.url(p.path)}</guid>` +
        `${p.date ? `<pubDate>${new Date(p.date).toUTCString()}</pubDate>` : ""}${p.author ? `<dc:creator>${escape(p.author)}</dc:creator>` : ""}</item>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Lumen blog</title><link>${site.origin}/</link>
${items}
</channel></rss>`;
}

export function atomFeed(site: FakeSite, posts: Post[]): string {
  const entries = posts
    .map(
      (p) => `<entry><id>${p.id ?? `urn:post:${p.path}`}</id><title>${escape(p.title)}</title><link rel="alternate" href="${p.path}"/>` +
        `${p.date ? `<published>${p.date}</published>` : ""}<updated>${p.updated ?? p.date ?? "2026-01-01T00:00:00Z"}</updated>` +
        `${p.author ? `<author><name>${escape(p.author)}</name></author>` : ""}</entry>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Lumen news</title><id>urn:lumen:news</id><updated>2026-01-01T00:00:00Z</updated>
<link href="${site.origin}/"/>
${entries}
</feed>`;
}

export function sitemapXml(site: FakeSite, pages: { path: string; lastmod?: string }[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${pages.map((p) => `<url><loc>${site.url(p.path)}</loc>${p.lastmod ? `<lastmod>${p.lastmod}</lastmod>` : ""}</url>`).join("\n")}
</urlset>`;
}

/** Serves each post's page and the RSS feed listing them. */
export function publish(site: FakeSite, feedPath: string, posts: Post[], format: "rss" | "atom" = "rss"): void {
  for (const p of posts) site.set(p.path, { body: postHtml(p) });
  site.set(feedPath, { body: format === "rss" ? rssFeed(site, posts) : atomFeed(site, posts), type: format === "rss" ? "application/rss+xml" : "application/atom+xml" });
}
