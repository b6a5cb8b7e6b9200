// Log formats: one readable line per entry for people at a terminal (or LOG_FORMAT=pretty), JSON lines for
// machines (LOG_FORMAT=json, or auto when stderr is not a terminal). Credentials are redacted in both.
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { createLogger, createRootLogger, usePrettyLogs, type LogFormat } from "../src/logger.js";

function capture(format: LogFormat, isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY });
  let text = "";
  stream.on("data", (d: Buffer) => (text += d.toString()));
  createRootLogger("info", format, { destination: stream });
  return { text: () => text.replace(/\x1b\[[0-9;]*m/g, "") };
}

const flush = () => new Promise((r) => setImmediate(r));
afterEach(() => createRootLogger("silent"));

describe("logger", () => {
  it("pretty: one line per entry with time, level, logger, message, fields and an error's message, no stack", async () => {
    const out = capture("pretty", false);
    const log = createLogger("ingest");
    log.info({ added: 3, generation: "gen-1" }, "index updated");
    log.warn("embeddings: no model at .data/models/x, so Docent runs offline");
    log.error({ err: new Error("disk full\nwhile writing") }, "could not publish");
    log.info({ apiKey: "sk-secret-value" }, "calling the model");
    await flush();
    const lines = out.text().trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\] INFO \(ingest\): index updated \{"added":3,"generation":"gen-1"\}$/);
    expect(lines[1]).toMatch(/WARN \(ingest\): embeddings: no model at \.data\/models\/x, so Docent runs offline$/);
    expect(lines[2]).toMatch(/ERROR \(ingest\): could not publish: disk full while writing$/);
    expect(lines[3]).toContain("[redacted]");
    expect(out.text()).not.toContain("sk-secret-value");
    expect(out.text()).not.toMatch(/\n\s+at /);
  });

  it("json: one JSON object per entry, the error with its stack", async () => {
    const out = capture("json", true);
    createLogger("ask").error({ err: new Error("boom"), token: "xoxb-1" }, "failed");
    await flush();
    const entry = JSON.parse(out.text().trim()) as { level: number; name: string; msg: string; err: { stack: string }; token: string };
    expect(entry).toMatchObject({ level: 50, name: "ask", msg: "failed", token: "[redacted]" });
    expect(entry.err.stack).toMatch(/Error: boom\n\s+at /);
  });

  it("auto: pretty when stderr is a terminal, JSON when it is not", async () => {
    expect(usePrettyLogs("auto", { isTTY: true })).toBe(true);
    expect(usePrettyLogs("auto", { isTTY: false })).toBe(false);
    expect(usePrettyLogs("json", { isTTY: true })).toBe(false);
    expect(usePrettyLogs("pretty", { isTTY: false })).toBe(true);
    const tty = capture("auto", true);
    createLogger("main").info("Docent is running");
    await flush();
    expect(tty.text()).toMatch(/INFO \(main\): Docent is running\n$/);
    const piped = capture("auto", false);
    createLogger("main").info("Docent is running");
    await flush();
    expect(JSON.parse(piped.text())).toMatchObject({ msg: "Docent is running", name: "main" });
  });

  it("LOG_FORMAT is auto unless set to pretty or json", () => {
    expect(loadConfig({}).logFormat).toBe("auto");
    expect(loadConfig({ LOG_FORMAT: "json" }).logFormat).toBe("json");
    expect(() => loadConfig({ LOG_FORMAT: "fancy" })).toThrow(/LOG_FORMAT/);
  });
});
