// npm start with Discord and Slack (HTTP mode) and HTTP_PORT: the health, readiness and metrics endpoints over
// real HTTP (on HTTP_PORT and on Slack's port), and the policy after start — when Discord ends the session for good, the process logs an error,
// reports Discord down on /readyz and keeps answering on Slack; SIGTERM still exits 0.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postSigned, slashCommandBody, startFakeSlack, type FakeSlack } from "./helpers/fake-slack.js";
import { makeTempKnowledge, type TempKnowledge } from "./helpers/temp-knowledge.js";
import { startRefusingDiscord, type RefusingDiscord } from "./adapters/discord/refusing-discord.js";
import { freePort, get, spawnMain, type MainProcess } from "./main-process.js";

const SECRET = "main-ops-signing-secret";
let discord: RefusingDiscord;
let slack: FakeSlack;
let kb: TempKnowledge;
let main: MainProcess;
let httpPort: number;
let slackPort: number;

beforeAll(async () => {
  [discord, slack, kb, httpPort, slackPort] = await Promise.all([startRefusingDiscord({ kind: "session" }), startFakeSlack(), makeTempKnowledge(), freePort(), freePort()]);
  main = spawnMain(["--knowledge", kb.knowledgeDir, "--index", kb.indexDir], {
    DATA_DIR: join(kb.root, "data"),
    DISCORD_TOKEN: "ops-test-token",
    DISCORD_API_URL: discord.apiUrl,
    SLACK_BOT_TOKEN: "xoxb-ops-test",
    SLACK_MODE: "http",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_PORT: String(slackPort),
    SLACK_API_URL: slack.apiUrl,
    HTTP_PORT: String(httpPort),
  });
  await main.until(() => (main.stderr().includes("Docent is running") ? true : undefined), "Docent to start");
});

afterAll(async () => {
  if (main.child.exitCode === null) main.child.kill("SIGKILL");
  await Promise.all([discord.close(), slack.close(), kb.cleanup()]);
});

async function askOnSlack(id: string): Promise<string> {
  const body = slashCommandBody({ text: "Which Node version does Lumen need?", userId: `U-${id}`, channelId: "C123", responseUrl: slack.responseUrl(id) });
  const ack = await postSigned(`http://127.0.0.1:${slackPort}/slack/events`, body, "application/x-www-form-urlencoded", { secret: SECRET });
  expect(ack.status).toBe(200);
  const response = await main.until(() => slack.responses.find((r) => r.id === id), `the Slack answer ${id}`);
  return JSON.stringify(response.body);
}

const metric = (text: string, line: string) => text.split("\n").find((l) => l.startsWith(`${line} `))?.slice(line.length + 1);

describe("npm start's operations endpoints on HTTP_PORT", () => {
  it("GET /healthz: 200 while it runs", async () => {
    const healthz = await get(httpPort, "/healthz");
    expect(healthz?.status).toBe(200);
    expect(JSON.parse(healthz!.text)).toEqual({ status: "ok" });
  });

  it("GET /readyz: 200 with the index loaded and both platforms connected", async () => {
    const readyz = await get(httpPort, "/readyz");
    expect(readyz?.status).toBe(200);
    const body = JSON.parse(readyz!.text) as { checks: Record<string, { ready: boolean }> };
    expect(Object.keys(body.checks).sort()).toEqual(["discord", "index", "slack"]);
    expect(Object.values(body.checks).every((c) => c.ready)).toBe(true);
  });

  it("GET /metrics: the questions asked, their latency, the index size and the platforms' state", async () => {
    expect(await askOnSlack("ops-1")).toContain("Node 20 or newer");
    const metrics = await get(httpPort, "/metrics");
    expect(metrics?.status).toBe(200);
    const text = metrics!.text;
    expect(metric(text, 'docent_questions_total{platform="slack",outcome="answered"}')).toBe("1");
    expect(metric(text, 'docent_answer_duration_seconds_count{platform="slack"}')).toBe("1");
    expect(metric(text, "docent_retrieval_duration_seconds_count")).toBe("1");
    expect(metric(text, "docent_index_documents")).toBe("5");
    expect(metric(text, "docent_index_chunks")).toBe("17");
    expect(metric(text, 'docent_platform_up{platform="discord"}')).toBe("1");
    expect(metric(text, 'docent_platform_up{platform="slack"}')).toBe("1");
    expect(text).toContain("# TYPE docent_model_errors_total counter");
    expect(text).toContain("# TYPE docent_reindex_runs_total counter");
    expect(text).toContain("process_cpu_seconds_total");
  });
});

describe("in Slack's HTTP mode", () => {
  it("serves the same endpoints on SLACK_PORT, next to /slack/events", async () => {
    expect((await get(slackPort, "/healthz"))?.status).toBe(200);
    const readyz = await get(slackPort, "/readyz");
    expect(readyz?.status).toBe(200);
    expect(JSON.parse(readyz!.text).status).toBe("ready");
    expect((await get(slackPort, "/metrics"))?.text).toContain("docent_questions_total");
  });
});

describe("npm start when a platform is lost for good after start", () => {
  it("keeps serving Slack, logs an error and reports Discord down on /readyz", async () => {
    discord.closeSession(4004);
    const readyz = await main.until(async () => {
      const r = await get(httpPort, "/readyz");
      return r?.status === 503 ? r : undefined;
    }, "/readyz to report Discord down");
    const body = JSON.parse(readyz.text) as { notReady: string[] };
    expect(body.notReady).toHaveLength(1);
    expect(body.notReady[0]).toMatch(/^discord: the gateway refused the bot token \(4004 AuthenticationFailed\)\. Fix: .*Reset Token/);
    expect(main.stderr()).toMatch(/"level":50.*"msg":"discord: gateway disconnected and will not reconnect"/);
    expect(metric((await get(httpPort, "/metrics"))!.text, 'docent_platform_up{platform="discord"}')).toBe("0");

    expect(main.child.exitCode).toBeNull();
    expect(await askOnSlack("ops-2")).toContain("Node 20 or newer");
  });

  it("still stops cleanly on SIGTERM", async () => {
    main.child.kill("SIGTERM");
    expect(await main.exited).toBe(0);
  });
});
