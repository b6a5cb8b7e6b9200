// The operations HTTP server on HTTP_HOST:HTTP_PORT: serves the health, readiness and metrics routes and
// nothing else (404 for other paths, 405 for other methods). Started before the index is loaded, so liveness
// answers during a long first build; closed last at shutdown.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AppError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { OpsRoute } from "./health-routes.js";

export interface OpsServer {
  /** The port actually listened on (useful with port 0). */
  port: number;
  close(): Promise<void>;
}

export async function startOpsServer(options: { host: string; port: number; routes: OpsRoute[]; logger: Logger }): Promise<OpsServer> {
  const { host, routes, logger } = options;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const route = routes.find((r) => r.path === path);
    if (!route) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found: try /healthz, /readyz or /metrics\n");
      return;
    }
    if (!route.method.includes(req.method ?? "GET")) {
      res.writeHead(405, { allow: route.method.join(", ") }).end();
      return;
    }
    try {
      route.handler(req, res);
    } catch (error) {
      logger.error({ err: error, path }, "http: a route handler failed");
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });
  // A scraper that keeps its connection open must not hold the shutdown up.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => reject(listenError(error, host, options.port)));
    server.listen(options.port, host, () => resolve());
  });
  server.on("error", (error) => logger.error({ err: error }, "http: server error"));
  const port = (server.address() as AddressInfo).port;
  logger.info({ host, port }, "http: serving /healthz, /readyz and /metrics");
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): AppError {
  const where = `${host}:${port}`;
  const fix =
    error.code === "EADDRINUSE"
      ? "another process uses that port: stop it, or set HTTP_PORT to a free port"
      : error.code === "EACCES"
        ? "ports below 1024 need privileges: set HTTP_PORT to 1024 or above"
        : error.code === "EADDRNOTAVAIL"
          ? "that address is not on this machine: set HTTP_HOST to 127.0.0.1, 0.0.0.0 or one of its addresses"
          : "check HTTP_HOST and HTTP_PORT";
  return new AppError("http_listen_failed", `http: cannot listen on ${where} (${error.code ?? error.message}): ${fix}.`, { cause: error });
}
