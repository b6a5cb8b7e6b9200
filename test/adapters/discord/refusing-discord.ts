// A Discord that will not let the bot in, on loopback, for start-up failure tests: every REST call refused
// with 401 (a wrong or reset token), a REST API that accepts connections and never answers, or a gateway that
// closes the session with a given code on IDENTIFY (4004 token refused, 4014 intents not enabled). Or one that
// lets it in (an empty READY) and later drops it for good: closeSession(4004), as when a token is revoked.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { WebSocketServer } from "ws";

export type Refusal = { kind: "unauthorized" } | { kind: "silent" } | { kind: "gateway-close"; code: number } | { kind: "session" };

export interface RefusingDiscord {
  apiUrl: string;
  /** "session" only: closes the live gateway connection with `code` (a non-resumable one ends it for good). */
  closeSession(code: number): void;
  close(): Promise<void>;
}

const BOT_USER = { id: "900000000000000001", username: "docent", discriminator: "0", global_name: "Docent", avatar: null, bot: true };

export async function startRefusingDiscord(refusal: Refusal): Promise<RefusingDiscord> {
  const sockets = new Set<Socket>();
  let gatewayUrl = "";
  const server: Server = createServer((req, res) => {
    if (refusal.kind === "silent") return; // accepted, never answered
    if (refusal.kind === "unauthorized") {
      res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ message: "401: Unauthorized", code: 0 }));
      return;
    }
    if (req.url?.endsWith("/gateway/bot")) {
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({ url: gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } }),
      );
      return;
    }
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: "no route", code: 0 }));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws)));
  wss.on("connection", (ws) => {
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 } }));
    ws.on("message", (raw) => {
      const payload = JSON.parse(raw.toString()) as { op: number };
      if (payload.op === 1) ws.send(JSON.stringify({ op: 11 }));
      if (payload.op === 2 && refusal.kind === "gateway-close") ws.close(refusal.code, "refused by the test");
      if (payload.op === 2 && refusal.kind === "session")
        ws.send(JSON.stringify({ op: 0, t: "READY", s: 1, d: { v: 10, user: BOT_USER, session_id: "s", resume_gateway_url: gatewayUrl, guilds: [], application: { id: "900000000000000002", flags: 0 }, private_channels: [] } }));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  gatewayUrl = `ws://127.0.0.1:${port}/gateway`;
  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    closeSession(code) {
      for (const client of wss.clients) client.close(code, "closed by the test");
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
