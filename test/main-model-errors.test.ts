// npm start with a language model that fails: the member still gets the extractive answer with the fallback
// note, and the failed model request is counted in docent_model_errors_total, read over real HTTP from
// GET /metrics on HTTP_PORT. The core only reports the failure (createAnswerer's onModelError); main feeds the
// process's metrics with it.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FALLBACK_NOTE } from "../src/core/index.js";
import { startFakeOpenAI, type FakeOpenAI } from "./helpers/fake-openai.js";
import { postSigned, slashCommandBody, startFakeSlack, type FakeSlack } from "./helpers/fake-slack.js";
import { makeTempKnowledge, type TempKnowledge } from "./helpers/temp-knowledge.js";
import { freePort, get, spawnMain, type MainProcess } from "./main-process.js";

const SECRET = "model-errors-signing-secret";
let model: FakeOpenAI;
let slack: FakeSlack;
let kb: TempKnowledge;
let main: MainProcess;
let httpPort: number;
let slackPort: number;

beforeAll(async () => {
  [model, slack, kb, httpPort, slackPort] = await Promise.all([startFakeOpenAI(), startFakeSlack(), makeTempKnowledge(), freePort(), freePort()]);
  main = spawnMain(["--knowledge", kb.knowledgeDir, "--index", kb.indexDir], {
    DATA_DIR: join(kb.root, "data"),
    SLACK_BOT_TOKEN: "xoxb-model-errors-test",
    SLACK_MODE: "http",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_PORT: String(slackPort),
    SLACK_API_URL: slack.apiUrl,
    HTTP_PORT: String(httpPort),
    LLM_PROVIDER: "openai",
    LLM_BASE_URL: model.baseUrl,
    LLM_MAX_RETRIES: "0",
  });
  await main.until(() => (main.stderr().includes("Docent is running") ? true : undefined), "Docent to start");
});

afterAll(async () => {
  if (main.child.exitCode === null) main.child.kill("SIGKILL");
  await Promise.all([model.close(), slack.close(), kb.cleanup()]);
});

const metric = (text: string, line: string) => text.split("\n").find((l) => l.startsWith(`${line} `))?.slice(line.length + 1);

async function askOnSlack(id: string): Promise<string> {
  const body = slashCommandBody({ text: "Which Node version does Lumen need?", userId: `U-${id}`, channelId: "C123", responseUrl: slack.responseUrl(id) });
  const ack = await postSigned(`http://127.0.0.1:${slackPort}/slack/events`, body, "application/x-www-form-urlencoded", { secret: SECRET });
  expect(ack.status).toBe(200);
  // The last response to the response_url is the complete answer (streamed parts come first).
  const final = await main.until(() => slack.responses.filter((r) => r.id === id).find((r) => JSON.stringify(r.body).includes("Node 20")), `the Slack answer ${id}`);
  return JSON.stringify(final.body);
}

describe("docent_model_errors_total in npm start", () => {
  it("starts at 0, and counts a failed model request once the model fails", async () => {
    const before = (await get(httpPort, "/metrics"))!.text;
    expect(metric(before, "docent_model_errors_total")).toBe("0");

    model.fallback = () => ({ status: 500 });
    const answer = await askOnSlack("model-down-1");
    expect(model.requests.length).toBeGreaterThanOrEqual(1);
    // The member got the extractive answer, with the note saying why.
    expect(answer).toContain(FALLBACK_NOTE.slice(0, 40));

    const after = await get(httpPort, "/metrics");
    expect(after?.status).toBe(200);
    expect(metric(after!.text, "docent_model_errors_total")).toBe("1");
    expect(metric(after!.text, 'docent_questions_total{platform="slack",outcome="answered"}')).toBe("1");
  });
});
