// Brings one web source (feed, sitemap or list of URLs) up to date in knowledge/<source>/:
// 1. Read the listing (conditional GET of the feed or sitemap; URL lists are their own listing).
//    304 → nothing new is listed; malformed XML → reported, nothing lost.
// 2. For each listed page: skip it when the feed entry id and date (or sitemap lastmod) are as last seen and
//    the copy exists; otherwise GET it, conditionally when there is a copy. New or changed text is saved as
//    Markdown; 404/410 deletes the copy (the next index update drops it); any other failure keeps it.
// 3. Pages that are no longer listed are kept (posts don't die when they scroll off a feed), but revalidated
//    every `recheck_days`, so an edit or a removal is still noticed.
// When the run's deadline passes, what was not fetched is listed as skipped and left for the next run.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { renderArticle, sameArticle, slugFor } from "./article-file.js";
import { extractArticle } from "./extract-article.js";
import type { KnowledgeWriter } from "./knowledge-writer.js";
import { FeedError, parseFeed } from "./parse-feed.js";
import { parseSitemap } from "./parse-sitemap.js";
import type { Fetcher, FetchOutcome } from "./polite-fetcher.js";
import type { Source } from "./sources-file.js";
import type { SourcesSummary } from "./sync-report.js";
import type { PageState, SourceState } from "./sync-state.js";
import { createPathFilter } from "./url-patterns.js";

export type WebSource = Extract<Source, { kind: "feed" | "sitemap" | "urls" }>;

export interface SyncContext {
  fetcher: Fetcher;
  knowledgeDir: string;
  writer: KnowledgeWriter;
  summary: SourcesSummary;
  now: Date;
}

interface Candidate {
  url: string;
  entryId?: string;
  listedDate?: string;
  title?: string;
  author?: string;
  published?: string;
}

const MAX_CHILD_SITEMAPS = 50;
// Pages fetched from one source in one run; a huge or hostile listing is read in instalments over later runs.
export const MAX_PAGES_PER_RUN = 500;
const DAY_MS = 86_400_000;

export async function syncWebSource(source: WebSource, previous: SourceState | undefined, ctx: SyncContext): Promise<SourceState> {
  const run = startRun(source, previous, ctx);
  // 1. What the source lists now.
  const candidates = await listedPages(run);
  // 2. Pages to look at: what is listed and passes the patterns, plus saved pages due for a recheck or retry.
  const todo = pagesToLookAt(run, candidates);
  // 3. Look at each page; the fetcher keeps the per-host limit however many run at once.
  const fileFor = fileNamer(run);
  const batch = [...todo.values()].slice(0, MAX_PAGES_PER_RUN);
  if (todo.size > MAX_PAGES_PER_RUN) {
    // Forget the listing's validators, so the next run reads it in full rather than trusting a 304.
    run.state.listings = {};
    ctx.summary.skipped.push({ source: source.name, target: source.kind === "urls" ? source.name : source.url, reason: `${todo.size} pages to look at; the first ${MAX_PAGES_PER_RUN} were, the rest follow on the next runs` });
  }
  const looked = await Promise.all(batch.map((c) => lookAtPage(run, c, fileFor)));
  // Pages the deadline left out are only found again through the listing: the next run must read it in
  // full rather than trust a 304.
  if (looked.includes("stopped")) run.state.listings = {};
  return run.state;
}

/** One source's run: what its steps read, and the state they update. */
interface SourceRun {
  source: WebSource;
  ctx: SyncContext;
  state: SourceState;
  /** The source's settings changed since the last run: old validators and dates prove nothing about the new output. */
  fresh: boolean;
  passes: (url: string) => boolean;
  /** A listing's 304 is only trusted when every copy it led to is still on disk (someone may have deleted one). */
  allCopiesPresent: boolean;
  /** Saved pages last checked at or before this time (ms) are due for a recheck. */
  recheckBefore: number;
}

function startRun(source: WebSource, previous: SourceState | undefined, ctx: SyncContext): SourceRun {
  const settings = JSON.stringify([source.kind, source.kind === "urls" ? source.urls : source.url, source.include, source.exclude, source.tags]);
  // New settings (another URL, patterns, tags): old validators and dates prove nothing about the new output.
  const fresh = previous?.settings !== settings;
  const state: SourceState = { settings, listings: fresh ? {} : { ...previous.listings }, pages: { ...previous?.pages } };
  const allCopiesPresent = Object.values(state.pages).every((p) => p.file === undefined || copyExists(ctx, p));
  return {
    source,
    ctx,
    state,
    fresh,
    passes: createPathFilter(source.include, source.exclude),
    allCopiesPresent,
    recheckBefore: ctx.now.getTime() - source.recheckDays * DAY_MS,
  };
}

function fail(run: SourceRun, target: string, reason: string): void {
  run.ctx.summary.failed.push({ source: run.source.name, target, reason });
}

function copyExists(ctx: SyncContext, page: PageState | undefined): boolean {
  return page?.file !== undefined && existsSync(join(ctx.knowledgeDir, page.file));
}

/** The pages the source lists now: a URL list is its own listing; a feed or sitemap is read (conditionally). */
async function listedPages(run: SourceRun): Promise<Candidate[]> {
  const { source } = run;
  if (source.kind === "urls") return source.urls.map((url) => ({ url }));
  const candidates: Candidate[] = [];
  const body = await listingWithValidators(run, source.url);
  if (body !== undefined) {
    try {
      if (source.kind === "feed")
        for (const e of parseFeed(body.text, source.url))
          candidates.push({ url: e.url, entryId: e.id, listedDate: e.updated ?? e.published, title: e.title, author: e.author, published: e.published });
      else candidates.push(...(await sitemapPages(run, body.text, source.url)));
      remember(run, source.url, body);
    } catch (error) {
      if (!(error instanceof FeedError)) throw error;
      fail(run, source.url, `${error.message}; posts already saved are kept`);
    }
  }
  return candidates;
}

function remember(run: SourceRun, url: string, outcome: { etag?: string; lastModified?: string }): void {
  run.state.listings[url] = { etag: outcome.etag, lastModified: outcome.lastModified };
}

/** A feed or sitemap, fetched conditionally; undefined when it is unchanged or could not be fetched (reported). */
async function listingWithValidators(run: SourceRun, url: string) {
  const { ctx, source } = run;
  const known = run.allCopiesPresent ? run.state.listings[url] : undefined;
  const outcome = await ctx.fetcher.get(url, { expect: "xml", ...known });
  if (outcome.kind === "ok") return { text: outcome.body, etag: outcome.etag, lastModified: outcome.lastModified };
  if (outcome.kind === "not-modified") ctx.summary.notModified++;
  else if (outcome.kind === "disallowed" || outcome.kind === "stopped") ctx.summary.skipped.push({ source: source.name, target: url, reason: outcome.reason });
  else fail(run, url, `${describe(outcome)}; posts already saved are kept`);
  return undefined;
}

/** The pages of a sitemap, or of the sitemaps a sitemap index lists (on the same host, at most MAX_CHILD_SITEMAPS). */
async function sitemapPages(run: SourceRun, xml: string, url: string): Promise<Candidate[]> {
  const sitemap = parseSitemap(xml, url);
  if (sitemap.kind === "urlset") return sitemap.pages.map((p) => ({ url: p.url, listedDate: p.lastmod }));
  const pages: Candidate[] = [];
  const host = new URL(url).host;
  for (const child of sitemap.sitemaps.slice(0, MAX_CHILD_SITEMAPS)) {
    if (new URL(child.url).host !== host) {
      fail(run, child.url, "sitemap index points to another host; list that sitemap in the sources file instead");
      continue;
    }
    const body = await listingWithValidators(run, child.url);
    if (body === undefined) continue;
    try {
      const inner = parseSitemap(body.text, child.url);
      if (inner.kind === "urlset") pages.push(...inner.pages.map((p) => ({ url: p.url, listedDate: p.lastmod })));
      remember(run, child.url, body);
    } catch (error) {
      if (!(error instanceof FeedError)) throw error;
      fail(run, child.url, `${error.message}; posts already saved are kept`);
    }
  }
  if (sitemap.sitemaps.length > MAX_CHILD_SITEMAPS)
    fail(run, url, `sitemap index lists ${sitemap.sitemaps.length} sitemaps; only the first ${MAX_CHILD_SITEMAPS} were read`);
  return pages;
}

/**
 * What is listed and passes the patterns, plus saved pages due for a recheck or retry; saved pages the patterns
 * now exclude leave the knowledge base. A feed or sitemap may only lead to pages on its own host: anyone who can
 * edit a listed feed must not be able to make Docent fetch internal addresses (SSRF) and publish what they
 * return. URL lists are the operator's own choice and are taken as they are.
 */
function pagesToLookAt(run: SourceRun, candidates: Candidate[]): Map<string, Candidate> {
  const { source, ctx, state } = run;
  const listingHost = source.kind === "urls" ? undefined : new URL(source.url).host;
  const todo = new Map<string, Candidate>();
  for (const c of candidates) {
    if (todo.has(c.url) || !run.passes(c.url)) continue;
    if (listingHost !== undefined && !sameHostHttp(c.url, listingHost)) {
      ctx.summary.skipped.push({ source: source.name, target: c.url, reason: `listed page is not on ${listingHost}; list it under urls: to fetch it` });
      continue;
    }
    todo.set(c.url, c);
  }
  for (const [url, page] of Object.entries(state.pages)) {
    if (todo.has(url)) continue;
    if (!run.passes(url)) {
      // The patterns now exclude a page saved earlier: it leaves the knowledge base.
      if (page.file && copyExists(ctx, page)) {
        ctx.writer.remove(page.file);
        ctx.summary.removed.push(page.file);
      }
      delete state.pages[url];
      continue;
    }
    if (page.failure !== undefined || (page.file && (run.fresh || Date.parse(page.checkedAt) <= run.recheckBefore)))
      todo.set(url, { url, entryId: page.entryId, listedDate: page.listedDate });
  }
  return todo;
}

/** Names the file a new page is saved in: its slug in the source's folder, numbered when the slug is taken. */
function fileNamer(run: SourceRun): (url: string) => string {
  const { source, ctx } = run;
  // Files already taken in this source's folder, so two URLs with the same slug get different files.
  const taken = new Set(Object.values(run.state.pages).flatMap((p) => (p.file ? [p.file] : [])));
  const folder = join(ctx.knowledgeDir, source.name);
  const onDisk = new Set(existsSync(folder) ? readdirSync(folder).map((f) => `${source.name}/${f}`) : []);
  return (url) => {
    const slug = slugFor(url);
    for (let n = 1; ; n++) {
      const file = `${source.name}/${slug}${n === 1 ? "" : `-${n}`}.md`;
      if (taken.has(file)) continue;
      // A copy saved before the state was lost: reuse it when it is this URL's.
      if (onDisk.has(file) && frontMatterUrl(join(ctx.knowledgeDir, file)) !== url) continue;
      taken.add(file);
      return file;
    }
  };
}

/** Looks at one page: skipped when listed as last seen, otherwise fetched (conditionally when there is a copy)
 * and saved, removed or reported. "stopped" when the run's deadline kept it from being fetched. */
async function lookAtPage(run: SourceRun, c: Candidate, fileFor: (url: string) => string): Promise<"stopped" | undefined> {
  const { source, ctx, state } = run;
  const page = state.pages[c.url];
  const hasCopy = copyExists(ctx, page);
  const recent = page !== undefined && Date.parse(page.checkedAt) > run.recheckBefore;
  if (!run.fresh && page && page.failure === undefined && c.listedDate !== undefined && page.listedDate === c.listedDate && (hasCopy || page.gone) && recent) {
    ctx.summary.unchanged++;
    return;
  }
  const outcome = await ctx.fetcher.get(c.url, { expect: "html", ...(hasCopy ? { etag: page!.etag, lastModified: page!.lastModified } : {}) });
  const checkedAt = ctx.now.toISOString();
  const seen = { entryId: c.entryId ?? page?.entryId, listedDate: c.listedDate ?? page?.listedDate, checkedAt };
  switch (outcome.kind) {
    case "not-modified":
      ctx.summary.notModified++;
      ctx.summary.unchanged++;
      state.pages[c.url] = { ...page!, ...seen, failure: undefined };
      return;
    case "gone":
      if (hasCopy) {
        ctx.writer.remove(page!.file!);
        ctx.summary.removed.push(page!.file!);
      } else fail(run, c.url, `HTTP ${outcome.status} (${outcome.status === 410 ? "gone" : "not found"})`);
      state.pages[c.url] = { ...seen, gone: true };
      return;
    case "disallowed":
      ctx.summary.skipped.push({ source: source.name, target: c.url, reason: outcome.reason + (hasCopy ? "; previous copy kept" : "") });
      return;
    case "stopped":
      // The page's state stays as it was, so the next run looks at it again.
      ctx.summary.skipped.push({ source: source.name, target: c.url, reason: outcome.reason + (hasCopy ? "; previous copy kept" : "") });
      return "stopped";
    case "failed":
      fail(run, c.url, outcome.reason + (hasCopy ? "; previous copy kept" : ""));
      state.pages[c.url] = { ...(page ?? {}), ...seen, failure: outcome.reason };
      return;
    case "ok": {
      const article = extractArticle(outcome.body, outcome.contentType, outcome.url);
      if (article.markdown.trim() === "") {
        fail(run, c.url, `the page has no text to save${hasCopy ? "; previous copy kept" : ""}`);
        state.pages[c.url] = { ...(page ?? {}), ...seen, failure: "no text" };
        return;
      }
      const file = hasCopy ? page!.file! : (page?.file ?? fileFor(c.url));
      savePage(run, c, file, article);
      state.pages[c.url] = { file, etag: outcome.etag, lastModified: outcome.lastModified, ...seen };
      return;
    }
  }
}

/** Writes a fetched article as Markdown with front matter, unless the copy on disk already says the same. */
function savePage(run: SourceRun, c: Candidate, file: string, article: ReturnType<typeof extractArticle>): void {
  const { source, ctx } = run;
  const content = renderArticle(
    {
      title: c.title ?? article.title,
      url: c.url,
      author: c.author ?? article.author,
      published: c.published ?? article.published,
      fetched: ctx.now,
      source: source.name,
      tags: source.tags,
    },
    article.markdown,
  );
  const path = join(ctx.knowledgeDir, file);
  const existing = existsSync(path) ? readFileSync(path, "utf8") : undefined;
  if (existing !== undefined && sameArticle(existing, content)) ctx.summary.unchanged++;
  else {
    ctx.writer.write(file, content);
    (existing === undefined ? ctx.summary.added : ctx.summary.changed).push(file);
  }
}

function describe(outcome: Exclude<FetchOutcome, { kind: "ok" | "not-modified" }>): string {
  if (outcome.kind === "stopped") return outcome.reason;
  if (outcome.kind === "gone") return `HTTP ${outcome.status} (${outcome.status === 410 ? "gone" : "not found"})`;
  return outcome.reason;
}

function frontMatterUrl(path: string): string | undefined {
  try {
    const head = readFileSync(path, "utf8").slice(0, 4_000);
    return /^url:\s*["']?([^"'\n]+?)["']?\s*$/m.exec(head)?.[1];
  } catch {
    return undefined;
  }
}

function sameHostHttp(url: string, host: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.host === host;
  } catch {
    return false;
  }
}
