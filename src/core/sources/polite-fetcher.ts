// HTTP GET for the source sync, polite and bounded: a clear User-Agent, robots.txt honoured, a per-host
// concurrency limit, a timeout covering the whole response, retries with exponential backoff (and
// Retry-After) on timeouts, 429 and 5xx, a size cap, a content-type check, conditional GET (ETag /
// Last-Modified → 304), and redirects followed only within the same host — a page that moved to another
// host is reported, since following it would quietly change which site the knowledge comes from. When the
// run's `stop` signal fires (its deadline passed), nothing new is sent and requests in flight are aborted:
// both come back as "stopped", with the signal's reason.
import type { SourcesConfig } from "../../config.js";
import { parseRetryAfter } from "../retry-after.js";
import { createHostLimiter, type HostLimiter } from "./host-limiter.js";
import { createRobotsRules, type RobotsRules } from "./robots-rules.js";

export interface FetcherOptions extends Omit<SourcesConfig, "file"> {
  /** First retry delay; doubled for each further attempt. */
  retryDelayMs?: number;
  /** Upper bound for any one retry delay, including a server's Retry-After. */
  maxRetryDelayMs?: number;
  /** Aborted when the run must stop fetching (its deadline); the abort reason says why. */
  stop?: AbortSignal;
}

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export interface GetOptions extends Validators {
  /** What the caller can use, e.g. "html" pages or "xml" feeds; anything else is reported. */
  expect: "html" | "xml";
}

export type FetchOutcome =
  | ({ kind: "ok"; url: string; contentType: string; body: string } & Validators)
  | { kind: "not-modified" }
  | { kind: "gone"; status: number }
  | { kind: "disallowed"; reason: string }
  | { kind: "failed"; reason: string }
  | { kind: "stopped"; reason: string };

export interface Fetcher {
  get(url: string, options: GetOptions): Promise<FetchOutcome>;
  /** Responses downloaded in full (200s), for the summary. */
  readonly downloads: number;
}

const MAX_REDIRECTS = 5;
const ACCEPT = {
  html: "text/html,application/xhtml+xml;q=0.9,text/markdown;q=0.8,text/plain;q=0.5",
  xml: "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9",
} as const;

/** A failure with the HTTP status when there was one (robots.txt needs it). */
type Failed = { kind: "failed"; reason: string; status?: number };
type Retry = { kind: "retry"; reason: string; retryAfterMs?: number };
type Attempt = Exclude<FetchOutcome, { kind: "failed" }> | Failed | Retry;

export function createFetcher(options: FetcherOptions, limiter: HostLimiter = createHostLimiter(options.concurrencyPerHost)): Fetcher {
  const retryDelayMs = options.retryDelayMs ?? 1_000;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
  const stop = options.stop;
  const stopped = () => stoppedBy(stop);
  let downloads = 0;

  const robots: RobotsRules = createRobotsRules(options.userAgent, async (url) => {
    const outcome = await withRetries(() => attempt(url, { expect: "text" }));
    if (outcome.kind === "stopped") return { error: outcome.reason };
    if (outcome.kind === "ok") return { status: 200, body: outcome.body };
    if (outcome.kind === "gone") return { status: outcome.status, body: "" };
    if (outcome.kind === "failed" && outcome.status !== undefined) return { status: outcome.status, body: "" };
    return { error: outcome.kind === "failed" ? outcome.reason : outcome.kind };
  });

  async function withRetries(once: () => Promise<Attempt>): Promise<Exclude<Attempt, Retry>> {
    for (let n = 0; ; n++) {
      const result = await once();
      if (result.kind !== "retry") return result;
      const retry = result;
      if (n >= options.retries) return { kind: "failed", reason: retry.reason };
      const backoff = retryDelayMs * 2 ** n * (0.75 + Math.random() * 0.5);
      await sleep(Math.min(maxRetryDelayMs, Math.max(backoff, retry.retryAfterMs ?? 0)), stop);
      const halt = stopped();
      if (halt) return halt;
    }
  }

  /** One try, following same-host redirects. `expect: "text"` is robots.txt: any text, no robots check. */
  async function attempt(startUrl: string, request: Request): Promise<Attempt> {
    const host = new URL(startUrl).host;
    let url = startUrl;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (request.expect !== "text" && hop > 0) {
        const verdict = await robots.check(url);
        if (!verdict.allowed) return verdict.unreachable ? { kind: "failed", reason: verdict.reason } : { kind: "disallowed", reason: verdict.reason };
      }
      const result = await limiter.run(host, () => exchange(url, request, options));
      if (result.kind === "ok") downloads++;
      if (result.kind !== "redirect") return result;
      const next = new URL(result.location, url);
      if (next.host !== host) return { kind: "failed", reason: `redirected to another host (${next.href}); list that URL in the sources file instead` };
      if (next.protocol !== "http:" && next.protocol !== "https:") return { kind: "failed", reason: `redirected to ${next.protocol} URL` };
      url = next.href;
    }
    return { kind: "failed", reason: `more than ${MAX_REDIRECTS} redirects` };
  }

  return {
    get downloads() {
      return downloads;
    },
    async get(url, request) {
      const before = stopped();
      if (before) return before;
      const verdict = await robots.check(url);
      const halt = stopped();
      if (halt) return halt;
      if (!verdict.allowed) return verdict.unreachable ? { kind: "failed", reason: verdict.reason } : { kind: "disallowed", reason: verdict.reason };
      const outcome = await withRetries(() => attempt(url, request));
      if (outcome.kind === "failed") return { kind: "failed", reason: outcome.reason };
      return outcome as FetchOutcome;
    },
  };
}

function stoppedBy(stop: AbortSignal | undefined): { kind: "stopped"; reason: string } | undefined {
  return stop?.aborted ? { kind: "stopped", reason: String(stop.reason ?? "the run was stopped") } : undefined;
}

type Request = Validators & { expect: GetOptions["expect"] | "text" };

/** One request, no redirect followed (one comes back as such): the response read into what it means. */
async function exchange(url: string, request: Request, options: FetcherOptions): Promise<Attempt | { kind: "redirect"; location: string }> {
  // Waited for a free slot past the deadline: not sent at all.
  const halt = stoppedBy(options.stop);
  if (halt) return halt;
  let response: Response;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.stop ? AbortSignal.any([timeout, options.stop]) : timeout;
  try {
    response = await fetch(url, { headers: requestHeaders(request, options.userAgent), redirect: "manual", signal });
  } catch (error) {
    return stoppedBy(options.stop) ?? { kind: "retry", reason: networkReason(error, options.timeoutMs) };
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    return statusOutcome(response, request);
  }
  return readPage(url, response, request, options);
}

function requestHeaders(request: Request, userAgent: string): Record<string, string> {
  const headers: Record<string, string> = { "user-agent": userAgent, accept: request.expect === "text" ? "text/plain" : ACCEPT[request.expect] };
  if (request.etag) headers["if-none-match"] = request.etag;
  if (request.lastModified) headers["if-modified-since"] = request.lastModified;
  return headers;
}

/** What a response other than 200 means: a redirect, not modified, retry later, gone, or a failure. */
function statusOutcome(response: Response, request: Request): Attempt | { kind: "redirect"; location: string } {
  const status = response.status;
  if (status >= 300 && status < 400 && status !== 304) {
    const location = response.headers.get("location");
    return location ? { kind: "redirect", location } : { kind: "failed", reason: `HTTP ${status} without a Location`, status };
  }
  if (status === 304) return request.etag || request.lastModified ? { kind: "not-modified" } : { kind: "failed", reason: "HTTP 304 to an unconditional request", status };
  if (status === 429 || status >= 500) return { kind: "retry", reason: `HTTP ${status}`, retryAfterMs: parseRetryAfter(response.headers.get("retry-after")) };
  if (status === 404 || status === 410) return { kind: "gone", status };
  return { kind: "failed", reason: `HTTP ${status}`, status };
}

/** A 200 response's body, when its type is what the caller can use and it is within FETCH_MAX_BYTES. */
async function readPage(url: string, response: Response, request: Request, options: FetcherOptions): Promise<Attempt> {
  const contentType = (response.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!acceptable(request.expect, contentType)) {
    await response.body?.cancel();
    const what = request.expect === "html" ? "not an HTML page" : "not a feed or sitemap";
    return { kind: "failed", reason: `${what} (content-type ${contentType || "missing"})` };
  }
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    await response.body?.cancel();
    return { kind: "failed", reason: `response is ${declared} bytes, over the limit of ${options.maxBytes} (FETCH_MAX_BYTES)` };
  }
  let bytes: Uint8Array;
  try {
    bytes = await readCapped(response, options.maxBytes);
  } catch (error) {
    if (error instanceof TooLarge) return { kind: "failed", reason: `response is over the limit of ${options.maxBytes} bytes (FETCH_MAX_BYTES)` };
    return stoppedBy(options.stop) ?? { kind: "retry", reason: networkReason(error, options.timeoutMs) };
  }
  return {
    kind: "ok",
    url,
    contentType,
    body: decode(bytes, response.headers.get("content-type")),
    etag: response.headers.get("etag") ?? undefined,
    lastModified: response.headers.get("last-modified") ?? undefined,
  };
}

function acceptable(expect: GetOptions["expect"] | "text", contentType: string): boolean {
  if (expect === "text") return true;
  if (expect === "html") return ["text/html", "application/xhtml+xml", "text/markdown", "text/x-markdown", "text/plain"].includes(contentType);
  // Feeds come with many types in the wild; anything XML-ish is tried (the parser reports what is not a feed).
  return contentType === "" || /xml|rss|atom/.test(contentType) || contentType === "text/plain";
}

class TooLarge extends Error {}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array();
  const parts: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new TooLarge();
    }
    parts.push(value);
  }
  return Buffer.concat(parts);
}

function decode(bytes: Uint8Array, contentType: string | null): string {
  const charset = /charset=["']?([\w-]+)/i.exec(contentType ?? "")?.[1];
  try {
    return new TextDecoder(charset ?? "utf-8").decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

function networkReason(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: string } | null)?.name;
  if (name === "TimeoutError" || name === "AbortError") return `timed out after ${timeoutMs} ms (FETCH_TIMEOUT_MS)`;
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  return `network error: ${cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error)}`;
}

/** Waits `ms`, or less when `stop` fires meanwhile. */
function sleep(ms: number, stop?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (stop?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      stop?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    stop?.addEventListener("abort", done, { once: true });
  });
}
