// A small fake of Slack for tests and the ack benchmark, on 127.0.0.1: the Web API methods the adapter calls
// (under /api/), response_url endpoints (under /response/), and a request signer that speaks Slack's v0
// scheme, so a real Bolt app can be driven end to end without the internet.
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export const BOT_USER_ID = "UDOCENTBOT";
export const BOT_ID = "BDOCENT";
export const TEAM_ID = "TFAKETEAM";
export const APP_ID = "AFAKEAPP";

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
}

export interface ResponseCall {
  id: string;
  body: Record<string, unknown>;
  /** Wall-clock milliseconds (timeOrigin + now), comparable across processes on this machine. */
  receivedAt: number;
}

/** A message as conversations.replies returns it. */
export interface StoredMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  user?: string;
  bot_id?: string;
  subtype?: string;
  text: string;
}

export interface FakeSlack {
  /** The Web API base URL for `clientOptions.slackApiUrl`. */
  apiUrl: string;
  /** A response_url the fake answers; each id keeps its own list of posts. */
  responseUrl(id: string): string;
  calls: ApiCall[];
  responses: ResponseCall[];
  /** The conversation store behind conversations.replies; chat.postMessage adds to it. */
  messages: StoredMessage[];
  /** Makes every call of `method` fail with Slack's `{ ok: false, error }`. */
  failMethod(method: string, error: string): void;
  callsOf(method: string): ApiCall[];
  /** Socket Mode: apps.connections.open hands out this fake's WebSocket; envelopes go to connected apps. */
  socket: {
    /** Sends an envelope to every connected app; returns its envelope_id. */
    send(type: "events_api" | "slash_commands" | "interactive", payload: unknown): string;
    /** Acks the apps sent back: envelope ids. */
    acks: string[];
    connections(): number;
  };
  close(): Promise<void>;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: ApiCall[] = [];
  const responses: ResponseCall[] = [];
  const messages: StoredMessage[] = [];
  const failures = new Map<string, string>();
  // A posted message is stamped just after the latest one the fake knows, as in a real conversation.
  let clockMicros = 0n;
  const nextTs = () => {
    for (const m of messages) {
      const micros = BigInt(m.ts.replace(".", ""));
      if (micros > clockMicros) clockMicros = micros;
    }
    clockMicros += 1n;
    const digits = clockMicros.toString().padStart(7, "0");
    return `${digits.slice(0, -6)}.${digits.slice(-6)}`;
  };

  const api: Record<string, (args: Record<string, unknown>) => Record<string, unknown>> = {
    "auth.test": () => ({ user_id: BOT_USER_ID, bot_id: BOT_ID, team_id: TEAM_ID, user: "docent", team: "Fake" }),
    "chat.postMessage": (args) => {
      const message: StoredMessage = {
        channel: String(args.channel),
        ts: nextTs(),
        thread_ts: args.thread_ts === undefined ? undefined : String(args.thread_ts),
        user: BOT_USER_ID,
        bot_id: BOT_ID,
        text: String(args.text ?? ""),
      };
      messages.push(message);
      return { channel: message.channel, ts: message.ts, message };
    },
    "chat.update": (args) => {
      // An edited message (a streamed answer growing) reads back with its new text in the thread.
      const found = messages.find((m) => m.channel === String(args.channel) && m.ts === String(args.ts));
      if (found) found.text = String(args.text ?? found.text);
      return { channel: args.channel, ts: args.ts };
    },
    "chat.postEphemeral": () => ({ message_ts: nextTs() }),
    "conversations.replies": (args) => ({
      messages: messages
        .filter((m) => m.channel === args.channel && (m.ts === args.ts || m.thread_ts === args.ts))
        .sort((a, b) => Number(a.ts) - Number(b.ts)),
      has_more: false,
    }),
  };

  const sockets = new Set<WebSocket>();
  const acks: string[] = [];
  let envelopes = 0;
  api["apps.connections.open"] = () => ({ url: `${base.replace("http", "ws")}/link` });

  const server: Server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const url = req.url ?? "/";
      res.setHeader("content-type", "application/json");
      if (url.startsWith("/response/")) {
        responses.push({
          id: decodeURIComponent(url.slice("/response/".length)),
          body: JSON.parse(raw || "{}") as Record<string, unknown>,
          receivedAt: performance.timeOrigin + performance.now(),
        });
        res.end(JSON.stringify({ ok: true }));
        return;
      }
      const method = url.replace(/^\/api\//, "").split("?")[0] ?? "";
      const args = parseArgs(raw, req.headers["content-type"]);
      calls.push({ method, args });
      const failure = failures.get(method);
      const body = failure ? { ok: false, error: failure } : { ok: true, ...(api[method]?.(args) ?? {}) };
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const wss = new WebSocketServer({ server, path: "/link" });
  wss.on("connection", (ws) => {
    sockets.add(ws);
    ws.on("close", () => sockets.delete(ws));
    ws.on("message", (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string };
      if (message.envelope_id) acks.push(message.envelope_id);
    });
    ws.send(JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: APP_ID } }));
  });

  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/response/${encodeURIComponent(id)}`,
    calls,
    responses,
    messages,
    failMethod: (method, error) => void failures.set(method, error),
    callsOf: (method) => calls.filter((c) => c.method === method),
    socket: {
      send(type, payload) {
        const envelope_id = `env-${++envelopes}`;
        const envelope = { envelope_id, type, payload, accepts_response_payload: type !== "events_api", retry_attempt: 0 };
        for (const ws of sockets) ws.send(JSON.stringify(envelope));
        return envelope_id;
      },
      acks,
      connections: () => sockets.size,
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of sockets) ws.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** The WebClient sends form-encoded arguments with nested values (blocks) as JSON strings. */
function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes("application/json")) return JSON.parse(raw || "{}") as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  }
  return args;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Slack's v0 request signature: `v0=` + HMAC-SHA256(secret, `v0:{timestamp}:{raw body}`). */
export function signSlackRequest(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export interface SignedPostOptions {
  secret: string;
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  /** Replaces the computed signature (to send a bad one). */
  signature?: string;
  headers?: Record<string, string>;
}

/** POSTs a body to the app the way Slack does, signed. Returns the status and the response text. */
export async function postSigned(
  url: string,
  body: string,
  contentType: "application/json" | "application/x-www-form-urlencoded",
  options: SignedPostOptions,
): Promise<{ status: number; text: string }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": options.signature ?? signSlackRequest(options.secret, timestamp, body),
      ...options.headers,
    },
    body,
  });
  return { status: res.status, text: await res.text() };
}

/** The form body Slack sends for a slash command. */
export function slashCommandBody(fields: { text: string; userId: string; channelId: string; responseUrl: string }): string {
  return new URLSearchParams({
    token: "legacy-verification-token",
    team_id: TEAM_ID,
    team_domain: "fake",
    channel_id: fields.channelId,
    channel_name: "general",
    user_id: fields.userId,
    user_name: "member",
    command: "/ask",
    text: fields.text,
    api_app_id: APP_ID,
    is_enterprise_install: "false",
    response_url: fields.responseUrl,
    trigger_id: "1.2.3",
  }).toString();
}

/** The JSON body Slack sends for an Events API event. */
export function eventBody(event: Record<string, unknown>, eventId: string): string {
  return JSON.stringify({
    token: "legacy-verification-token",
    team_id: TEAM_ID,
    api_app_id: APP_ID,
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true }],
    event,
  });
}

/** The form body Slack sends when a member presses a button. */
export function buttonPressBody(fields: {
  actionId: string;
  value: string;
  userId: string;
  channelId: string;
  responseUrl: string;
}): string {
  const payload = {
    type: "block_actions",
    team: { id: TEAM_ID, domain: "fake" },
    user: { id: fields.userId, username: "member", team_id: TEAM_ID },
    api_app_id: APP_ID,
    token: "legacy-verification-token",
    container: { type: "message", message_ts: "1.1", channel_id: fields.channelId, is_ephemeral: true },
    trigger_id: "1.2.3",
    channel: { id: fields.channelId, name: "general" },
    response_url: fields.responseUrl,
    actions: [
      {
        type: "button",
        action_id: fields.actionId,
        block_id: "docent_feedback",
        value: fields.value,
        text: { type: "plain_text", text: "x" },
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
