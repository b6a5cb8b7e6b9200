// What the commands print besides their results: the no-model notice is the same one readable line in
// `ingest` and `ask` (pretty logs), and `ask --json` writes nothing but JSON to stdout, whatever is logged.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript } from "../helpers/run-script.js";
import { makeTempKnowledge, type TempKnowledge } from "../helpers/temp-knowledge.js";

let kb: TempKnowledge;
let env: Record<string, string>;
const dirs = () => ["--knowledge", kb.knowledgeDir, "--index", kb.indexDir];
const NOTICE = /^\[\d\d:\d\d:\d\d\] WARN \((ingest|ask)\): (embeddings: no model at .*npm run model:fetch.*)$/;

beforeAll(async () => {
  kb = await makeTempKnowledge();
  // No model in an empty folder: the offline embedder, with its notice.
  env = { LOG_LEVEL: "info", LOG_FORMAT: "pretty", EMBEDDINGS_PROVIDER: "auto", EMBEDDINGS_MODEL_DIR: join(kb.root, "no-models") };
});
afterAll(() => kb.cleanup());

describe("logs and output of the commands", () => {
  it("print the no-model notice as the same single readable line in ingest and ask, and ask --json keeps stdout pure JSON", async () => {
    const ingest = await runScript("scripts/ingest.ts", dirs(), { env });
    expect(ingest.code).toBe(0);
    const ingestNotice = ingest.stderr.split("\n").filter((l) => l.includes("no model"));
    expect(ingestNotice).toHaveLength(1);
    expect(ingestNotice[0]).toMatch(NOTICE);

    const ask = await runScript("scripts/ask.ts", [...dirs(), "--json", "Which Node version does Lumen need?"], { env });
    expect(ask.code).toBe(0);
    expect(ask.stdout.endsWith("\n")).toBe(true);
    expect(ask.stdout.trim().split("\n")).toHaveLength(1);
    expect((JSON.parse(ask.stdout) as { grounded: boolean }).grounded).toBe(true);
    const askNotice = ask.stderr.trim().split("\n");
    expect(askNotice).toHaveLength(1);
    expect(askNotice[0]).toMatch(NOTICE);
    expect(askNotice[0]!.replace(NOTICE, "$2")).toBe(ingestNotice[0]!.replace(NOTICE, "$2"));
  });

  it("log JSON lines when LOG_FORMAT=json", async () => {
    const result = await runScript("scripts/ingest.ts", dirs(), { env: { ...env, LOG_FORMAT: "json" } });
    expect(result.code).toBe(0);
    const entry = JSON.parse(result.stderr.trim().split("\n").find((l) => l.includes("no model"))!) as { level: number; name: string };
    expect(entry).toMatchObject({ level: 40, name: "ingest" });
  });
});
