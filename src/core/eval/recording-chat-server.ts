// A stand-in language model for measurements: an OpenAI-compatible chat-completions endpoint on loopback
// (127.0.0.1, a free port) that records the messages of every request and answers each with one fixed reply,
// as JSON or, when the request asks for `stream: true`, as server-sent events. Pointing LLM_BASE_URL at it
// runs Docent's real generated-answer path — retrieval, prompt building, trimming to the context window —
// and shows exactly what a model would have been given, without one and without leaving the machine.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  model: string;
  stream: boolean;
  messages: { role: string; content: string }[];
}

export interface RecordingChatServer {
  /** The base URL to configure (LLM_BASE_URL), ending in /v1. */
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Largest request body accepted: far above any prompt, well below what could exhaust memory. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export async function startRecordingChatServer(reply: string): Promise<RecordingChatServer> {
  const requests: RecordedRequest[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "request body too large" } }));
        return;
      }
      chunks.push(chunk as Buffer);
    }
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
      return;
    }
    let body: { model?: string; stream?: boolean; messages?: { role: string; content: unknown }[]; stream_options?: { include_usage?: boolean } };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch (error) {
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `request body is not JSON: ${(error as Error).message}` } }));
      return;
    }
    const messages = (body.messages ?? []).map((m) => ({ role: m.role, content: contentText(m.content) }));
    requests.push({ model: body.model ?? "", stream: body.stream === true, messages });

    const usage = { prompt_tokens: Math.ceil(messages.reduce((n, m) => n + m.content.length, 0) / 4), completion_tokens: Math.ceil(reply.length / 4) };
    const totals = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
    const base = { id: `chatcmpl-recorded-${requests.length}`, created: Math.floor(Date.now() / 1000), model: body.model ?? "recording" };
    if (!body.stream) {
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({ ...base, object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: reply }, finish_reason: "stop" }], usage: totals }),
      );
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const send = (data: unknown) => res.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
    send({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta: { role: "assistant", content: reply }, finish_reason: null }] });
    send({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
    if (body.stream_options?.include_usage) send({ ...base, object: "chat.completion.chunk", choices: [], usage: totals });
    send("[DONE]");
    res.end();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: String(error) } }));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Message content is a string, or (in newer clients) a list of parts of which the text ones count. */
function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((part) => (typeof part?.text === "string" ? part.text : "")).join("");
  return "";
}
