// A small OpenAI-compatible server on loopback that tests own: POST /v1/chat/completions, answered as JSON or,
// when the request asks for `stream: true`, as server-sent events (one chunk per scripted piece, then usage and
// [DONE]). Replies are scripted per request (text, status code, delays) and every request is recorded.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeReply {
  /** HTTP status; anything but 200 answers with an OpenAI-style error body. */
  status?: number;
  /** The answer, streamed as `chunks` when given, else as whitespace-separated words. */
  text?: string;
  chunks?: string[];
  /** Wait before the response starts (a timeout test sets this above the client's timeout). */
  delayMs?: number;
  /** Wait between streamed chunks. */
  chunkDelayMs?: number;
  headers?: Record<string, string>;
  /** Tool calls the reply makes (non-streamed replies only); `arguments` is sent as written, so it may be broken JSON. */
  toolCalls?: { id?: string; name: string; arguments: string }[];
}

export interface RecordedChatRequest {
  body: {
    model: string;
    stream?: boolean;
    messages: { role: string; content: string }[];
    max_tokens?: number;
    max_completion_tokens?: number;
    temperature?: number;
    stream_options?: { include_usage?: boolean };
    tools?: { type: string; function: { name: string } }[];
    tool_choice?: unknown;
  };
  headers: IncomingMessage["headers"];
}

export interface FakeOpenAI {
  /** The base URL to configure (LLM_BASE_URL), ending in /v1. */
  baseUrl: string;
  requests: RecordedChatRequest[];
  /** Replies for the next requests, in order; after they run out, `fallback` answers. */
  enqueue(...replies: FakeReply[]): void;
  /** Answers requests when the queue is empty (default: a short cited answer). */
  fallback: (request: RecordedChatRequest) => FakeReply;
  close(): Promise<void>;
}

export const DEFAULT_ANSWER = "Install it with npm install -g lumen-cli [1].";

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const requests: RecordedChatRequest[] = [];
  const queue: FakeReply[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const fake: FakeOpenAI = {
    baseUrl: "",
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    fallback: () => ({ text: DEFAULT_ANSWER }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== "POST" || !req.url?.endsWith("/v1/chat/completions")) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
      return;
    }
    const request: RecordedChatRequest = { body: JSON.parse(Buffer.concat(chunks).toString("utf8")), headers: req.headers };
    requests.push(request);
    const reply = queue.shift() ?? fake.fallback(request);
    if (reply.delayMs) await sleep(reply.delayMs);
    if (res.destroyed) return;
    const status = reply.status ?? 200;
    if (status !== 200) {
      res
        .writeHead(status, { "content-type": "application/json", ...reply.headers })
        .end(JSON.stringify({ error: { message: `scripted status ${status}`, type: "fake_error", code: String(status) } }));
      return;
    }
    const text = reply.text ?? reply.chunks?.join("") ?? "";
    const usage = { prompt_tokens: Math.ceil(JSON.stringify(request.body.messages).length / 4), completion_tokens: Math.ceil(text.length / 4) };
    const totals = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
    const base = { id: `chatcmpl-fake-${requests.length}`, created: Math.floor(Date.now() / 1000), model: request.body.model };
    if (!request.body.stream) {
      const toolCalls = reply.toolCalls?.map((call, i) => ({ id: call.id ?? `call_${requests.length}_${i}`, type: "function", function: { name: call.name, arguments: call.arguments } }));
      const message = toolCalls?.length ? { role: "assistant", content: text || null, tool_calls: toolCalls } : { role: "assistant", content: text };
      res.writeHead(200, { "content-type": "application/json", ...reply.headers }).end(
        JSON.stringify({
          ...base,
          object: "chat.completion",
          choices: [{ index: 0, message, finish_reason: toolCalls?.length ? "tool_calls" : "stop" }],
          usage: totals,
        }),
      );
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", ...reply.headers });
    const send = (data: unknown) => res.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
    const pieces = reply.chunks ?? text.split(/(?<=\s)/);
    send({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] });
    for (const piece of pieces) {
      if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
      if (res.destroyed) return;
      send({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
    }
    send({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
    if (request.body.stream_options?.include_usage) send({ ...base, object: "chat.completion.chunk", choices: [], usage: totals });
    send("[DONE]");
    res.end();
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}

/** The text of the last user message of a request: where the sources and the question are. */
export function lastUserMessage(request: RecordedChatRequest): string {
  return [...request.body.messages].reverse().find((m) => m.role === "user")?.content ?? "";
}
