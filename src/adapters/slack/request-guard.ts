// HTTP mode: every request to /slack/events passes this guard before Bolt sees it.
//  - The signature is checked here (Bolt checks it again), and so is the timestamp, in BOTH directions: Bolt
//    rejects one more than 5 minutes old but accepts one years in the future, so a request signed for a later
//    time (a leaked signature, a sender with a wrong clock) stayed usable until then. Slack's rule is "within
//    5 minutes of now".
//  - A request seen before (same timestamp and signature) is a replay and is refused: Slack signs each
//    delivery, retries included, afresh. Pairs are remembered until their timestamp leaves the 5-minute
//    window, after which the timestamp check refuses them anyway; so memory is bounded by the traffic of
//    about ten minutes (and by a hard cap). They are claimed in the SharedState the app is given, so with
//    replicas on one database a request replayed to another replica is refused there too.
//  - The body must parse to a JSON object the way Bolt will parse it. Bolt reads fields of whatever
//    JSON.parse returns, outside any try/catch, so a signed `null` (or `payload=null`) body used to be an
//    unhandled rejection that took the whole process down. It gets 400 here.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { parse as parseQuery } from "node:querystring";
import type { HTTPReceiver } from "@slack/bolt";
import { createMemorySharedState, type SharedState } from "../../core/index.js";
import type { Logger } from "../../logger.js";

/** Slack's rule: a request's timestamp must be within five minutes of the receiver's clock. */
export const MAX_CLOCK_SKEW_S = 5 * 60;
/** Bolt's own default body limit; Slack's payloads are far smaller. */
const BODY_LIMIT_BYTES = 4 * 1024 * 1024;
/** More distinct signed requests than this within ten minutes is not Slack; the oldest are forgotten first. */
const SEEN_MAX = 100_000;
const FORM = "application/x-www-form-urlencoded";

export type Verdict = { ok: true } | { ok: false; status: 400 | 401; reason: string };

export interface RequestGuard {
  /** Judges one request to the events endpoint from its headers and raw body; remembers it if accepted. */
  check(headers: IncomingHttpHeaders, rawBody: Buffer): Promise<Verdict>;
}

export interface RequestGuardOptions {
  signingSecret: string;
  /** Milliseconds since the epoch (tests move the clock). */
  now?: () => number;
  /** Cap on remembered requests (when no `state` is given). */
  seenMax?: number;
  /** Where requests are remembered (shared by replicas); default: this process's memory, on `now`'s clock. */
  state?: SharedState;
}

export function createRequestGuard(options: RequestGuardOptions): RequestGuard {
  const now = options.now ?? Date.now;
  const seen = options.state ?? createMemorySharedState({ now, maxKeys: options.seenMax ?? SEEN_MAX });
  return {
    async check(headers, rawBody) {
      const text = rawBody.toString("utf8");
      const contentType = headers["content-type"];
      // Slack's ssl_check carries no signature; Bolt answers it and strips anything else from the body.
      if (contentType === FORM && parseQuery(text).ssl_check === "1") return { ok: true };

      const signature = headers["x-slack-signature"];
      const timestampHeader = headers["x-slack-request-timestamp"];
      if (typeof signature !== "string" || typeof timestampHeader !== "string") return refuse(401, "unsigned request");
      const timestamp = Number(timestampHeader);
      if (!/^\d{1,12}$/.test(timestampHeader) || !Number.isSafeInteger(timestamp)) return refuse(401, "malformed timestamp");
      const nowMs = now();
      const nowS = Math.floor(nowMs / 1000);
      if (timestamp < nowS - MAX_CLOCK_SKEW_S) return refuse(401, "timestamp more than 5 minutes old");
      if (timestamp > nowS + MAX_CLOCK_SKEW_S) return refuse(401, "timestamp more than 5 minutes in the future");
      const expected = `v0=${createHmac("sha256", options.signingSecret).update(`v0:${timestamp}:${text}`).digest("hex")}`;
      if (!sameText(signature, expected)) return refuse(401, "signature mismatch");
      const body = parseLikeBolt(text, contentType);
      if (!body.ok) return refuse(400, `malformed body (${body.reason})`);
      // Remembered until the timestamp is too old to pass the check above.
      const rememberMs = (timestamp + MAX_CLOCK_SKEW_S + 1) * 1000 - nowMs;
      if (!(await seen.claimOnce(`slack:request:${timestamp}:${signature}`, rememberMs))) return refuse(401, "replayed request");
      return { ok: true };
    },
  };
}

function refuse(status: 400 | 401, reason: string): Verdict {
  return { ok: false, status, reason };
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Bolt's parseHTTPRequestBody, judged: it must yield a plain object (not null, an array, a string, a number). */
function parseLikeBolt(text: string, contentType: string | undefined): { ok: true } | { ok: false; reason: string } {
  let value: unknown;
  try {
    if (contentType === FORM) {
      const form = parseQuery(text);
      value = typeof form.payload === "string" ? JSON.parse(form.payload) : form;
    } else value = JSON.parse(text);
  } catch {
    return { ok: false, reason: "not JSON" };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return { ok: false, reason: `JSON ${value === null ? "null" : Array.isArray(value) ? "array" : typeof value}, not an object` };
  return { ok: true };
}

/**
 * Puts the guard in front of Bolt's HTTP receiver: POSTs to its endpoints are buffered, judged, and refused
 * here (400/401/413, with a warning in the log) or handed to Bolt with the body already read. Everything else
 * (other paths and methods) goes to Bolt unchanged.
 */
export function guardHttpReceiver(receiver: HTTPReceiver, guard: RequestGuard, options: { endpoints: readonly string[]; logger: Logger }): void {
  const inner = receiver.requestListener;
  const { logger } = options;
  receiver.requestListener = (req, res) => {
    if (req.method?.toUpperCase() !== "POST" || !options.endpoints.includes(pathOf(req))) {
      inner(req, res);
      return;
    }
    screen(req, res).catch((error: unknown) => {
      logger.error({ err: error }, "slack: could not screen an HTTP request");
      if (!res.headersSent) respond(res, 500);
    });
  };

  async function screen(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, BODY_LIMIT_BYTES);
    if (!body) {
      logger.warn({ limit: BODY_LIMIT_BYTES }, "slack: request refused: body too large");
      res.once("finish", () => req.destroy());
      respond(res, 413);
      return;
    }
    const verdict = await guard.check(req.headers, body);
    if (!verdict.ok) {
      logger.warn({ status: verdict.status, reason: verdict.reason }, `slack: request refused: ${verdict.reason}`);
      respond(res, verdict.status);
      return;
    }
    // Bolt uses a body that was already read (its bufferIncomingMessage checks for rawBody).
    Object.assign(req, { rawBody: body });
    inner(req, res);
  }
}

function pathOf(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? "/", "http://localhost").pathname;
  } catch {
    return "";
  }
}

function respond(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

/** The whole body, or undefined once it exceeds the limit. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        req.off("end", onEnd);
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    req.on("data", onData);
    req.on("end", onEnd);
    req.once("error", reject);
  });
}
