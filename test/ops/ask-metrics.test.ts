// The shared chat ask path counts every question by platform and outcome, times answers and retrieval, and
// passes the shutdown gate: closing it lets running questions finish within the grace period, cancels the
// rest, and refuses new ones.
import { describe, expect, it } from "vitest";
import { askAndRecord, refuseQuestion } from "../../src/adapters/shared/ask-and-record.js";
import type { ChatAdapterDeps } from "../../src/adapters/shared/chat-adapter-deps.js";
import { createRateLimiter, openRecordStore, type Answer, type AskService } from "../../src/core/index.js";
import { isAppError } from "../../src/errors.js";
import { createLogger } from "../../src/logger.js";
import { metrics } from "../../src/ops/metrics.js";
import { questionGate } from "../../src/ops/question-gate.js";

const GROUNDED: Answer = {
  answer: "Install it with npm install -g lumen-cli [1].",
  citations: [{ n: 1, title: "Installing Lumen", section: "Installing", file: "install.md", score: 0.8 }],
  grounded: true,
  timings: { retrieveMs: 30, answerMs: 2 },
};
const DECLINED: Answer = { ...GROUNDED, answer: "I couldn't find this in the knowledge base.", grounded: false };

function deps(ask: AskService["ask"], limits: Partial<ChatAdapterDeps["limits"]> = {}, ratePerMinute = 1_000): ChatAdapterDeps {
  return {
    asker: { ask },
    records: openRecordStore(":memory:"),
    rateLimiter: createRateLimiter({ limit: ratePerMinute, windowMs: 60_000 }),
    limits: { maxQuestionChars: 100, timeoutMs: 5_000, historyMaxTurns: 6, ...limits },
    logger: createLogger("ask-metrics-test"),
  };
}

const input = (question = "How do I install Lumen?") => ({ platform: "slack" as const, userId: "U1", channel: "C1", question, history: [], receivedAt: Date.now() });

async function count(outcome: string, platform = "slack"): Promise<number> {
  const { values } = await metrics.questions.get();
  return values.find((v) => v.labels.platform === platform && v.labels.outcome === outcome)?.value ?? 0;
}

async function histogramCount(name: string): Promise<number> {
  const text = await metrics.registry.getSingleMetricAsString(name);
  return Number(text.match(new RegExp(`^${name}_count(?:\\{[^}]*\\})? (\\d+)$`, "m"))?.[1] ?? 0);
}

describe("askAndRecord and refuseQuestion count questions", () => {
  it("by outcome: answered, declined, error, timeout, too_long, rate_limited", async () => {
    await askAndRecord(deps(async () => GROUNDED), input());
    await askAndRecord(deps(async () => DECLINED), input());
    await askAndRecord(deps(async () => { throw new Error("boom"); }), input());
    await askAndRecord(deps(() => new Promise(() => {}), { timeoutMs: 50 }), input());
    expect(await refuseQuestion(deps(async () => GROUNDED), "discord", "U1", "x".repeat(101))).toMatchObject({ reason: "too_long" });
    const limited = deps(async () => GROUNDED, {}, 1);
    await refuseQuestion(limited, "discord", "U2", "first");
    expect(await refuseQuestion(limited, "discord", "U2", "second")).toMatchObject({ reason: "rate_limited" });
    expect(await refuseQuestion(limited, "discord", "U3", "   ")).toEqual({ reason: "empty" });

    expect(await count("answered")).toBe(1);
    expect(await count("declined")).toBe(1);
    expect(await count("error")).toBe(1);
    expect(await count("timeout")).toBe(1);
    expect(await count("too_long", "discord")).toBe(1);
    expect(await count("rate_limited", "discord")).toBe(1);
    // An empty message (an image in a thread) is not a question.
    expect(await count("empty", "discord")).toBe(0);
  });

  it("times answered and declined questions, and their retrieval", async () => {
    const answers = await histogramCount("docent_answer_duration_seconds");
    const retrievals = await histogramCount("docent_retrieval_duration_seconds");
    await askAndRecord(deps(async () => GROUNDED), input());
    await askAndRecord(deps(async () => DECLINED), input());
    expect(await histogramCount("docent_answer_duration_seconds")).toBe(answers + 2);
    expect(await histogramCount("docent_retrieval_duration_seconds")).toBe(retrievals + 2);
    const text = await metrics.registry.getSingleMetricAsString("docent_retrieval_duration_seconds");
    // 30 ms of retrieval lands in the 0.05 s bucket, not the 0.025 s one.
    expect(text).toMatch(/docent_retrieval_duration_seconds_bucket\{le="0.025"\} 0$/m);
  });
});

describe("the shutdown gate on the ask path", () => {
  // Last in this file: the gate is the process's, and stays closed.
  it("lets a quick question finish, cancels a stuck one after the grace period, and refuses new ones", async () => {
    let release!: () => void;
    const quick = askAndRecord(deps(() => new Promise<Answer>((resolve) => (release = () => resolve(GROUNDED)))), input());
    const stuck = askAndRecord(deps(() => new Promise<Answer>(() => {})), input());
    expect(questionGate.inFlight).toBe(2);

    const closing = questionGate.close(300);
    release();
    expect(await closing).toEqual({ finished: 1, cancelled: 1 });
    const [answered, cancelled] = await Promise.all([quick, stuck]);
    expect(answered.ok).toBe(true);
    expect(cancelled.ok).toBe(false);
    expect(isAppError(!cancelled.ok && cancelled.error, "shutting_down")).toBe(true);

    let asked = false;
    const refused = await askAndRecord(deps(async () => ((asked = true), GROUNDED)), input());
    expect(refused.ok).toBe(false);
    expect(isAppError(!refused.ok && refused.error, "shutting_down")).toBe(true);
    expect(asked).toBe(false);
    expect(await count("shutting_down")).toBe(2);
  });
});
