// The operations endpoints over real HTTP on loopback: liveness, readiness naming what is not ready, Prometheus
// metrics, and a clear error when the port is taken.
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { healthRoutes } from "../../src/ops/health-routes.js";
import { startOpsServer, type OpsServer } from "../../src/ops/http-server.js";
import { createMetrics } from "../../src/ops/metrics.js";
import { createReadiness } from "../../src/ops/readiness.js";
import { isAppError } from "../../src/errors.js";

const servers: OpsServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function serve() {
  const readiness = createReadiness();
  const metrics = createMetrics({ defaultMetrics: false });
  const server = await startOpsServer({ host: "127.0.0.1", port: 0, routes: healthRoutes({ readiness, metrics }), logger: createLogger("http-test") });
  servers.push(server);
  const url = (path: string) => `http://127.0.0.1:${server.port}${path}`;
  return { readiness, metrics, server, url };
}

describe("the operations HTTP server", () => {
  it("GET /healthz answers 200 while the process runs, ready or not", async () => {
    const { readiness, url } = await serve();
    readiness.expect("index", "loading the index");
    const response = await fetch(url("/healthz"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("GET /readyz answers 503 naming every part that is not ready, then 200 once all are up", async () => {
    const { readiness, url } = await serve();
    readiness.expect("index", "loading the index");
    readiness.expect("discord", "connecting");
    readiness.expect("slack", "connecting");
    readiness.up("slack");

    const waiting = await fetch(url("/readyz"));
    expect(waiting.status).toBe(503);
    const body = (await waiting.json()) as { status: string; notReady: string[]; checks: Record<string, { ready: boolean }> };
    expect(body.status).toBe("not ready");
    expect(body.notReady).toEqual(["index: loading the index", "discord: connecting"]);
    expect(body.checks.slack).toEqual({ ready: true });

    readiness.up("index");
    readiness.up("discord");
    const ready = await fetch(url("/readyz"));
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { status: string }).status).toBe("ready");

    readiness.down("discord", "gateway closed (4004 AuthenticationFailed)");
    const lost = await fetch(url("/readyz"));
    expect(lost.status).toBe(503);
    expect(((await lost.json()) as { notReady: string[] }).notReady).toEqual(["discord: gateway closed (4004 AuthenticationFailed)"]);
  });

  it("GET /readyz answers 503 once the process is stopping, even with every part up", async () => {
    const { readiness, url } = await serve();
    readiness.expect("index", "loading");
    readiness.up("index");
    readiness.stopping();
    const response = await fetch(url("/readyz"));
    expect(response.status).toBe(503);
    expect(((await response.json()) as { notReady: string[] }).notReady).toEqual(["shutdown: the process is stopping"]);
  });

  it("GET /metrics serves the Prometheus text format with Docent's metrics", async () => {
    const { metrics, url } = await serve();
    metrics.trackIndex(() => ({ documents: 5, chunks: 17 }));
    metrics.questions.inc({ platform: "slack", outcome: "answered" });
    metrics.modelErrors.inc();
    metrics.observeReindex("ok", 2.5);
    const response = await fetch(url("/metrics"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const text = await response.text();
    expect(text).toContain('docent_questions_total{platform="slack",outcome="answered"} 1');
    expect(text).toContain("docent_model_errors_total 1");
    expect(text).toContain('docent_reindex_runs_total{result="ok"} 1');
    expect(text).toContain("docent_reindex_duration_seconds_sum 2.5");
    expect(text).toContain("docent_index_documents 5");
    expect(text).toContain("docent_index_chunks 17");
    expect(text).toContain("# TYPE docent_answer_duration_seconds histogram");
    expect(text).toContain("# TYPE docent_retrieval_duration_seconds histogram");
  });

  it("answers 404 for other paths and 405 for other methods", async () => {
    const { url } = await serve();
    expect((await fetch(url("/slack/events"))).status).toBe(404);
    const post = await fetch(url("/metrics"), { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET");
  });

  it("refuses to start on a port in use, with one line naming the port and the fix", async () => {
    const { server } = await serve();
    let caught: unknown;
    try {
      servers.push(await startOpsServer({ host: "127.0.0.1", port: server.port, routes: [], logger: createLogger("http-test") }));
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught, "http_listen_failed")).toBe(true);
    expect((caught as Error).message).toBe(
      `http: cannot listen on 127.0.0.1:${server.port} (EADDRINUSE): another process uses that port: stop it, or set HTTP_PORT to a free port.`,
    );
  });
});
