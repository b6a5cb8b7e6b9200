// The three operations endpoints as plain node:http handlers: GET /healthz (liveness: 200 while the process
// runs), GET /readyz (200 when ready, else 503 naming what is not) and GET /metrics (Prometheus text format).
// Shaped as Bolt's `customRoutes`, so Slack's HTTP receiver can serve them on its port too, and served on
// HTTP_PORT by ./http-server.ts.
import type { IncomingMessage, ServerResponse } from "node:http";
import { metrics as processMetrics, type Metrics } from "./metrics.js";
import { readiness as processReadiness, type Readiness } from "./readiness.js";

/** Structurally Bolt's CustomRoute (receivers/custom-routes.d.ts), without depending on Bolt. */
export interface OpsRoute {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export function healthRoutes(deps: { readiness?: Readiness; metrics?: Pick<Metrics, "registry"> } = {}): OpsRoute[] {
  const readiness = deps.readiness ?? processReadiness;
  const { registry } = deps.metrics ?? processMetrics;
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
    res.end(`${JSON.stringify(body)}\n`);
  };
  return [
    {
      path: "/healthz",
      method: ["GET", "HEAD"],
      handler: (_req, res) => json(res, 200, { status: "ok" }),
    },
    {
      path: "/readyz",
      method: ["GET", "HEAD"],
      handler(_req, res) {
        const report = readiness.report();
        json(res, report.ready ? 200 : 503, { status: report.ready ? "ready" : "not ready", notReady: report.notReady, checks: report.checks });
      },
    },
    {
      path: "/metrics",
      method: ["GET"],
      handler(_req, res) {
        registry.metrics().then(
          (text) => {
            res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" });
            res.end(text);
          },
          (error: unknown) => {
            res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
            res.end(`metrics: could not collect: ${error instanceof Error ? error.message : String(error)}\n`);
          },
        );
      },
    },
  ];
}
