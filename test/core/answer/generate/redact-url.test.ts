// Credentials in LLM_BASE_URL never reach the log: the answerer's start-up line shows the base URL with any
// user and password, and any query value that could be a key, replaced by ***.
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../../src/config.js";
import { createAnswerer } from "../../../../src/core/answer/create-answerer.js";
import { redactUrl } from "../../../../src/core/answer/generate/redact-url.js";

function capturingLogger() {
  const lines: string[] = [];
  return { lines, logger: pino({ level: "info" }, { write: (line: string) => void lines.push(line) }) };
}

describe("redactUrl", () => {
  it("replaces the user and password before the host", () => {
    expect(redactUrl("http://user:pass@llm.internal:8080/v1")).toBe("http://***@llm.internal:8080/v1");
    expect(redactUrl("https://token@llm.internal/v1")).toBe("https://***@llm.internal/v1");
  });

  it("replaces query values that could be keys, and keeps the API version", () => {
    expect(redactUrl("https://llm.internal/v1?api_key=sk-123&api-version=2024-06-01&token=abc")).toBe(
      "https://llm.internal/v1?api_key=***&api-version=2024-06-01&token=***",
    );
  });

  it("leaves a URL without credentials as it is", () => {
    expect(redactUrl("http://localhost:11434/v1")).toBe("http://localhost:11434/v1");
  });

  it("still hides credentials in something that does not parse as a URL", () => {
    expect(redactUrl("//user:pass@host/v1?key=secret")).toBe("//***@host/v1?key=***");
  });
});

describe("createAnswerer's start-up log", () => {
  it("logs the base URL without userinfo or query secrets, and never the API key", () => {
    const { lines, logger } = capturingLogger();
    const config = loadConfig({
      LLM_PROVIDER: "openai",
      LLM_BASE_URL: "http://alice:s3cret-pass@llm.internal:8080/v1?api_key=sk-in-query",
      LLM_API_KEY: "sk-configured-key",
    });
    createAnswerer(config, { logger });
    const line = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((r) => r.msg === "answers are written by a language model");
    expect(line).toMatchObject({ baseUrl: "http://***@llm.internal:8080/v1?api_key=***", apiKeySet: true, provider: "openai" });
    const all = lines.join("\n");
    for (const secret of ["alice", "s3cret-pass", "sk-in-query", "sk-configured-key"]) expect(all).not.toContain(secret);
  });
});
