import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadConfig, withoutChatPlatforms } from "../src/config.js";
import { isAppError } from "../src/errors.js";

describe("loadConfig", () => {
  it("applies defaults on an empty environment", () => {
    const config = loadConfig({});
    expect(config.knowledgeDir).toBe("knowledge");
    expect(config.discord).toBeUndefined();
    expect(config.slack).toBeUndefined();
    expect(config.rateLimitPerMinute).toBe(5);
  });

  it("lists every problem at once", () => {
    let caught: unknown;
    try {
      loadConfig({ RATE_LIMIT_PER_MINUTE: "lots", DISCORD_API_URL: "ftp://example", DENSE_WEIGHT: "2", SLACK_APP_TOKEN: "xapp-1" });
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught, "config_invalid")).toBe(true);
    const message = (caught as Error).message;
    expect(message).toContain("RATE_LIMIT_PER_MINUTE");
    expect(message).toContain("DISCORD_API_URL");
    expect(message).toContain("DENSE_WEIGHT");
    expect(message).toContain("SLACK_BOT_TOKEN");
  });

  it("picks the default model for the embeddings provider", () => {
    expect(loadConfig({}).embeddings.model).toBe("Xenova/bge-small-en-v1.5");
    expect(loadConfig({ EMBEDDINGS_PROVIDER: "ollama" }).embeddings.model).toBe("nomic-embed-text");
    expect(loadConfig({ EMBEDDINGS_PROVIDER: "ollama", EMBEDDINGS_MODEL: "mxbai-embed-large" }).embeddings.model).toBe("mxbai-embed-large");
  });

  it("requires the credentials of the Slack transport chosen", () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_MODE: "http" })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => loadConfig({ SLACK_SIGNING_SECRET: "s" })).toThrow(/SLACK_BOT_TOKEN/);
    expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" }).slack?.mode).toBe("socket");
  });

  it("lets command-line directories win over the environment", () => {
    const config = loadConfig({ INDEX_DIR: "a" }, { indexDir: "b", knowledgeDir: "k" });
    expect(config.indexDir).toBe("b");
    expect(config.knowledgeDir).toBe("k");
  });

  it("parses lists and booleans", () => {
    const config = loadConfig({ DISCORD_TOKEN: "t", DISCORD_ALLOWED_CHANNELS: "1, 2,", DISCORD_ANSWER_MENTIONS: "false" });
    expect(config.discord?.allowedChannels).toEqual(["1", "2"]);
    expect(config.discord?.answerMentions).toBe(false);
  });

  it("hands the core everything but the chat platforms' settings", () => {
    const config = loadConfig({ DISCORD_TOKEN: "t", SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1", RETRIEVAL_TOP_K: "7" });
    const core = withoutChatPlatforms(config);
    expect(core).not.toHaveProperty("discord");
    expect(core).not.toHaveProperty("slack");
    expect(core.retrieval).toBe(config.retrieval);
    expect(Object.isFrozen(core)).toBe(true);
  });
});

describe(".env.example", () => {
  const text = readFileSync(new URL("../.env.example", import.meta.url), "utf8");
  const documented = Object.fromEntries(
    text
      .split("\n")
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );

  it("documents every variable the config module reads, each with a comment", () => {
    const read = [...readFileSync(new URL("../src/config.ts", import.meta.url), "utf8").matchAll(/^ {2}([A-Z][A-Z_]+):/gm)].map((m) => m[1]);
    expect(Object.keys(documented).sort()).toEqual([...new Set(read)].sort());
    const lines = text.split("\n");
    lines.forEach((line, i) => {
      if (/^[A-Z_]+=/.test(line)) expect(lines[i - 1], line).toMatch(/^# /);
    });
  });

  it("holds values that load as they stand", () => {
    expect(() => loadConfig(documented)).not.toThrow();
  });
});

describe("base URLs of model servers", () => {
  it("are checked at start, not at the first question", () => {
    expect(() => loadConfig({ LLM_PROVIDER: "openai", LLM_BASE_URL: "localhost:8080/v1" })).toThrow(/LLM_BASE_URL/);
    expect(() => loadConfig({ EMBEDDINGS_PROVIDER: "ollama", EMBEDDINGS_BASE_URL: "not a url" })).toThrow(/EMBEDDINGS_BASE_URL/);
    expect(loadConfig({ LLM_PROVIDER: "openai", LLM_BASE_URL: "http://localhost:8080/v1" }).llm?.baseUrl).toBe("http://localhost:8080/v1");
  });
});

describe("Discord shards", () => {
  it("runs one shard per process with DISCORD_SHARD_ID and DISCORD_SHARD_COUNT, and says what is wrong otherwise", () => {
    const base = { DISCORD_TOKEN: "t" };
    expect(loadConfig(base).discord?.shard).toBeUndefined();
    expect(loadConfig({ ...base, DISCORD_SHARD_ID: "1", DISCORD_SHARD_COUNT: "4" }).discord?.shard).toEqual({ id: 1, count: 4 });
    expect(() => loadConfig({ ...base, DISCORD_SHARD_ID: "1" })).toThrow(/DISCORD_SHARD_COUNT: required with DISCORD_SHARD_ID/);
    expect(() => loadConfig({ ...base, DISCORD_SHARD_ID: "4", DISCORD_SHARD_COUNT: "4" })).toThrow(/DISCORD_SHARD_ID: must be below DISCORD_SHARD_COUNT \(4\)/);
    expect(() => loadConfig({ ...base, DISCORD_SHARD_ID: "-1", DISCORD_SHARD_COUNT: "2" })).toThrow(/DISCORD_SHARD_ID/);
  });
});
