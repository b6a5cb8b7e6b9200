// npx tsx scripts/bench-discord-defer.ts [--in-flight 50] [--rounds 4] [--index <dir>] [--questions <file>]
// Measures what Discord's 3-second deadline depends on: the time from the fake gateway sending INTERACTION_CREATE
// for /ask to the deferral callback (type 5) reaching the fake's REST API, with N questions in flight at once,
// while the real core answers them from the real index (INDEX_DIR). Discord is faked on 127.0.0.1; discord.js,
// the adapter and the core are the real ones. The fake runs in a child process (this same file, with
// --fake-child) and takes both timestamps itself, so the bot's work cannot delay the clock that measures it.
// Prints p50/p99. A measurement, not a test: it asserts nothing.
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { startDiscordBot } from "../src/adapters/discord/start-discord-bot.js";
import { parseCommandLine } from "../src/cli-args.js";
import { environment, loadConfig } from "../src/config.js";
import { createRateLimiter, openDocent, openRecordStore } from "../src/core/index.js";
import { createRootLogger } from "../src/logger.js";
import { runEntry } from "../src/run-entry.js";
import { DEFAULT_BENCH_QUESTIONS, loadBenchQuestions } from "./bench/bench-questions.js";
import { percentile } from "./bench/measure.js";
import { APP_ID, startFakeDiscord, type FakeDiscord, type RecordedRequest } from "../test/helpers/fake-discord.js";


type ToChild = { type: "round"; questions: string[]; firstUser: number } | { type: "close" };
type FromChild = { type: "ready"; apiUrl: string } | { type: "result"; results: Array<{ defer: number; answer: number }> };

const USAGE = `usage: npm run bench:discord -- [--in-flight 50] [--rounds 4] [--questions <file>] [--knowledge <dir>] [--index <dir>]
Measures the time from a /ask interaction to its deferral, with N questions in flight, against a fake
Discord on 127.0.0.1 while the real core answers from the index (INDEX_DIR; build it first with
"npm run ingest"). Prints p50/p99; nothing is sent to Discord.
  --in-flight   interactions sent at once per round (default 50)
  --rounds      rounds measured after one warm-up (default 4)
  --questions   JSON file of questions (default: the bench set)`;

if (process.argv.includes("--fake-child")) await runFakeDiscordChild();
else runEntry(async () => {
  const { values, overrides } = parseCommandLine(process.argv.slice(2), {
    "in-flight": { type: "string" },
    rounds: { type: "string" },
    questions: { type: "string" },
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const inFlight = Number(values["in-flight"] ?? 50);
  const rounds = Number(values.rounds ?? 4);
  const config = loadConfig(environment(), overrides);
  const logger = createRootLogger(config.logLevel === "info" ? "warn" : config.logLevel, config.logFormat);
  const questions = await loadBenchQuestions(values.questions ?? DEFAULT_BENCH_QUESTIONS);

  const docent = await openDocent(config);
  const child = fork(fileURLToPath(import.meta.url), ["--fake-child"], { execArgv: ["--import", "tsx"], stdio: "inherit" });
  const { apiUrl } = (await nextMessage(child)) as Extract<FromChild, { type: "ready" }>;
  // An in-memory store: the benchmark's answers must not land in the product's quality records.
  const records = openRecordStore(":memory:");
  const bot = await startDiscordBot({
    config: { token: "bench-token", appId: APP_ID, apiUrl, allowedChannels: [], answerMentions: true, threadFollowups: true, adminRoleIds: [] },
    asker: docent,
    records,
    rateLimiter: createRateLimiter({ limit: 1_000_000, windowMs: 60_000 }),
    limits: { ...config.answer },
    logger,
  });

  let sent = 0;
  const deferMs: number[] = [];
  const answerMs: number[] = [];
  const round = async (size: number) => {
    const batch = Array.from({ length: size }, (_, i) => questions[(sent + i) % questions.length]!);
    child.send({ type: "round", questions: batch, firstUser: sent } satisfies ToChild);
    sent += size;
    return ((await nextMessage(child)) as Extract<FromChild, { type: "result" }>).results;
  };

  try {
    await round(1); // warm-up: first use of the embedder, the index and discord.js's REST client
    for (let i = 0; i < rounds; i++) {
      for (const r of await round(inFlight)) {
        deferMs.push(r.defer);
        answerMs.push(r.answer);
      }
    }
  } finally {
    await bot.stop();
    child.send({ type: "close" } satisfies ToChild);
    await once(child, "exit");
    records.close();
    await docent.close();
  }

  const info = docent.info();
  process.stdout.write(
    [
      `Discord /ask: ${rounds} rounds × ${inFlight} interactions in flight; index ${info.generation} (${info.chunks} chunks, ${info.embedder})`,
      `  defer  (INTERACTION_CREATE → type-5 callback): p50 ${pct(deferMs, 50)} ms   p99 ${pct(deferMs, 99)} ms   max ${pct(deferMs, 100)} ms`,
      `  answer (INTERACTION_CREATE → edited reply):    p50 ${pct(answerMs, 50)} ms   p99 ${pct(answerMs, 99)} ms   max ${pct(answerMs, 100)} ms`,
      `  target: defer p99 ≤ 300 ms (Discord's limit: 3,000 ms)`,
      "",
    ].join("\n"),
  );
  return 0;
});

/** The child: runs the fake Discord, fires each round at once and times it with its own clock. */
async function runFakeDiscordChild(): Promise<void> {
  const fake = await startFakeDiscord();
  process.on("message", (message: ToChild) => {
    if (message.type === "close") {
      void fake.close().then(() => process.disconnect());
      return;
    }
    void fireRound(fake, message.questions, message.firstUser).then((results) => process.send!({ type: "result", results } satisfies FromChild));
  });
  process.send!({ type: "ready", apiUrl: fake.apiUrl } satisfies FromChild);
}

async function fireRound(fake: FakeDiscord, questions: string[], firstUser: number): Promise<Array<{ defer: number; answer: number }>> {
  const batch = questions.map((question, i) => {
    const sentAt = performance.now();
    const user = { id: String(700_000_000_000_000_000n + BigInt(firstUser + i)), username: `bench${firstUser + i}` };
    return { interaction: fake.sendSlashCommand({ user, question }), sentAt };
  });
  return Promise.all(
    batch.map(async ({ interaction, sentAt }) => {
      const isCallback = (r: RecordedRequest) => r.method === "POST" && r.path === `/interactions/${interaction.id}/${interaction.token}/callback`;
      const isEdit = (r: RecordedRequest) => r.method === "PATCH" && r.path === `/webhooks/${APP_ID}/${interaction.token}/messages/@original`;
      const [callback, edit] = await Promise.all([fake.waitForRequest(isCallback), fake.waitForRequest(isEdit)]);
      if (callback.body?.type !== 5) throw new Error(`bench: expected a deferral, got callback type ${callback.body?.type}`);
      return { defer: callback.at - sentAt, answer: edit.at - sentAt };
    }),
  );
}

function nextMessage(child: ChildProcess): Promise<FromChild> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`bench: the fake Discord exited (code ${code})`));
    child.once("exit", onExit);
    child.once("message", (message) => {
      child.off("exit", onExit);
      resolve(message as FromChild);
    });
  });
}

function pct(values: number[], p: number): string {
  return percentile(values, p).toFixed(1);
}
