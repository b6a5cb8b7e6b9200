// npm start stopped by SIGTERM with questions in flight, against the Discord fake and a slow fake language
// model: a question that finishes within the grace period is answered, one that would not is apologised for,
// one asked after the signal is refused with an apology without reaching the model, /readyz turns 503, and the
// process exits 0 (the hard deadline would make it 1).
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeDiscord, type FakeDiscord, type RecordedRequest } from "./helpers/fake-discord.js";
import { lastUserMessage, startFakeOpenAI, type FakeOpenAI } from "./helpers/fake-openai.js";
import { makeTempKnowledge, type TempKnowledge } from "./helpers/temp-knowledge.js";
import { freePort, get, spawnMain, type MainProcess } from "./main-process.js";

const APP_ID = "900000000000000002";
const QUICK = "How do I install Lumen?";
const SLOW = "Which Node version does Lumen need?";
const QUICK_ANSWER = "Install it with npm install -g lumen-cli [1].";

let discord: FakeDiscord;
let model: FakeOpenAI;
let kb: TempKnowledge;
let main: MainProcess;
let httpPort: number;

beforeAll(async () => {
  [discord, model, kb, httpPort] = await Promise.all([startFakeDiscord(), startFakeOpenAI(), makeTempKnowledge(), freePort()]);
  // The quick question's answer comes within the grace period; the slow one's would take far longer.
  model.fallback = (request) => (lastUserMessage(request).includes(SLOW) ? { text: "Node 20 [1].", delayMs: 100_000 } : { text: QUICK_ANSWER, delayMs: 1_000 });
  main = spawnMain(["--knowledge", kb.knowledgeDir, "--index", kb.indexDir], {
    DATA_DIR: join(kb.root, "data"),
    DISCORD_TOKEN: "shutdown-test-token",
    DISCORD_APP_ID: APP_ID,
    DISCORD_API_URL: discord.apiUrl,
    LLM_PROVIDER: "openai",
    LLM_BASE_URL: model.baseUrl,
    LLM_MAX_RETRIES: "0",
    LLM_TIMEOUT_MS: "120000",
    ASK_TIMEOUT_MS: "300000",
    HTTP_PORT: String(httpPort),
  });
  await main.until(() => (main.stderr().includes("Docent is running") ? true : undefined), "Docent to start");
});

afterAll(async () => {
  if (main.child.exitCode === null) main.child.kill("SIGKILL");
  await Promise.all([discord.close(), model.close(), kb.cleanup()]);
});

const lastEditOf = (token: string) => {
  const edits = discord.requests.filter((r: RecordedRequest) => r.method === "PATCH" && r.path === `/webhooks/${APP_ID}/${token}/messages/@original`);
  return edits.at(-1)?.body as { content?: string } | undefined;
};

describe("npm start on SIGTERM with questions in flight", () => {
  it("answers or apologises to every member, refuses new questions, and exits 0", { timeout: 60_000 }, async () => {
    expect((await get(httpPort, "/readyz"))?.status).toBe(200);
    const quick = discord.sendSlashCommand({ user: { id: "700000000000000001", username: "alice" }, question: QUICK });
    const slow = discord.sendSlashCommand({ user: { id: "700000000000000002", username: "bob" }, question: SLOW });
    await main.until(() => (model.requests.length >= 2 ? true : undefined), "both questions to reach the model");

    main.child.kill("SIGTERM");
    // Stopping: not ready any more, but still alive and still connected for the last answers.
    const stopping = await main.until(async () => {
      const readyz = await get(httpPort, "/readyz");
      return readyz?.status === 503 ? readyz : undefined;
    }, "/readyz to report the shutdown");
    expect(stopping.text).toContain("shutdown: the process is stopping");
    const late = discord.sendSlashCommand({ user: { id: "700000000000000003", username: "carol" }, question: QUICK });

    expect(await main.exited).toBe(0);
    expect(lastEditOf(quick.token)?.content).toContain("npm install -g lumen-cli");
    expect(lastEditOf(slow.token)?.content).toMatch(/^Sorry/);
    expect(lastEditOf(late.token)?.content).toMatch(/^Sorry/);
    // The late question never reached the model.
    expect(model.requests).toHaveLength(2);
    expect(main.stderr()).toContain("shutting down: taking no new questions");
    expect(main.stderr()).toMatch(/"finished":1,"cancelled":1.*"msg":"stopped"/);
    expect(main.stderr()).not.toContain("shutdown did not finish");
  });
});
