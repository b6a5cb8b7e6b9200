// The one place that reads the environment. Every variable is validated here, once, with zod; a bad or
// missing value stops the start with every problem listed, instead of failing later on the first undefined.
// Everything else receives the typed, frozen Config (or a slice of it) as a parameter.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod/v4";
import { AppError } from "./errors.js";

const boolean = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no", "on", "off", ""])
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : ["true", "1", "yes", "on"].includes(v)));

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? String(fallback) : v.trim()))
    .pipe(z.coerce.number<string>().int().min(min).max(max));

const num = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? String(fallback) : v.trim()))
    .pipe(z.coerce.number<string>().min(min).max(max));

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  );

/** Comma-separated host names for LINK_ALLOWED_HOSTS; a leading dot (".example.org") also allows subdomains. */
const hostList = list.pipe(
  z.array(
    z
      .string()
      .regex(/^\.?(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)*[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u, "not a host name: write docs.example.org, or .example.org to allow its subdomains too")
      .transform((h) => h.toLowerCase()),
  ),
);

const optionalUrl = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()))
  .pipe(z.url({ protocol: /^https?$/ }).optional());

const url = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? fallback : v.trim()))
    .pipe(z.url({ protocol: /^https?$/ }));

const EnvSchema = z.object({
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FORMAT: z.enum(["auto", "pretty", "json"]).default("auto"),

  KNOWLEDGE_DIR: z.string().default("knowledge"),
  INDEX_DIR: z.string().default(".data/index"),
  DATA_DIR: z.string().default(".data"),
  MAX_FILE_BYTES: int(5_000_000, 1_000, 500_000_000),
  CHUNK_MAX_CHARS: int(1_000, 200, 8_000),
  KNOWLEDGE_ALLOWED_ROOTS: list,

  EMBEDDINGS_PROVIDER: z.enum(["auto", "transformers", "hashing", "openai", "ollama"]).default("auto"),
  EMBEDDINGS_MODEL: optionalText,
  EMBEDDINGS_MODEL_DIR: z.string().default(".data/models"),
  EMBEDDINGS_HUB_URL: url("https://huggingface.co"),
  EMBEDDINGS_BASE_URL: optionalUrl,
  EMBEDDINGS_API_KEY: optionalText,

  RETRIEVAL_TOP_K: int(5, 1, 50),
  RELEVANCE_FLOOR: num(0.5, 0, 1),
  DENSE_WEIGHT: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? undefined : Number(v)))
    .pipe(z.number().min(0).max(1).optional()),
  ANSWER_MAX_CHARS: int(600, 150, 3_000),
  MAX_QUESTION_CHARS: int(1_000, 50, 10_000),
  ASK_TIMEOUT_MS: int(30_000, 100, 900_000),
  HISTORY_MAX_TURNS: int(6, 0, 50),
  RATE_LIMIT_PER_MINUTE: int(5, 1, 10_000),
  LINK_ALLOWED_HOSTS: hostList,
  SUMMARY_MAX_CHARS: int(1_200, 300, 4_000),
  AGENT_MAX_TOOL_CALLS: int(4, 1, 20),
  AGENT_DEADLINE_MS: int(25_000, 1_000, 600_000),

  LLM_PROVIDER: z.enum(["none", "openai", "ollama", ""]).optional(),
  LLM_BASE_URL: optionalUrl,
  LLM_MODEL: optionalText,
  LLM_API_KEY: optionalText,
  LLM_TEMPERATURE: num(0.1, 0, 2),
  LLM_TIMEOUT_MS: int(20_000, 500, 600_000),
  LLM_MAX_RETRIES: int(2, 0, 10),
  LLM_CONTEXT_TOKENS: int(4_096, 512, 1_000_000),
  LLM_MAX_ANSWER_TOKENS: int(400, 16, 8_000),
  STREAM_EDIT_INTERVAL_MS: int(1_000, 250, 60_000),

  SOURCES_FILE: optionalText,
  FETCH_USER_AGENT: z.string().default("DocentBot/0.1 (knowledge-base indexer; respects robots.txt)"),
  FETCH_TIMEOUT_MS: int(15_000, 500, 300_000),
  FETCH_MAX_BYTES: int(5_000_000, 10_000, 500_000_000),
  FETCH_CONCURRENCY_PER_HOST: int(2, 1, 32),
  FETCH_RETRIES: int(2, 0, 10),
  REINDEX_INTERVAL_MINUTES: int(0, 0, 10_080),
  REINDEX_DEADLINE_MINUTES: int(30, 0, 10_080),
  RECORD_RETENTION_DAYS: int(90, 1, 36_500),

  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()))
    .pipe(z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" }).optional()),
  DATABASE_INDEX: z.string().regex(/^[\w.-]{1,64}$/, "letters, digits, '_', '.' and '-' only").default("default"),
  DATABASE_POOL_MAX: int(10, 1, 1_000),

  HTTP_PORT: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()))
    .pipe(z.coerce.number<string>().int().min(0).max(65_535).optional()),
  HTTP_HOST: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? "127.0.0.1" : v.trim())),

  DISCORD_TOKEN: optionalText,
  DISCORD_ADMIN_ROLE_IDS: list,
  DISCORD_APP_ID: optionalText,
  DISCORD_GUILD_ID: optionalText,
  DISCORD_API_URL: url("https://discord.com/api"),
  DISCORD_ALLOWED_CHANNELS: list,
  DISCORD_ANSWER_MENTIONS: boolean(true),
  DISCORD_THREAD_FOLLOWUPS: boolean(true),
  // One process per Discord shard: this process's shard (0-based) of DISCORD_SHARD_COUNT. Unset: discord.js
  // decides (one shard, or what a ShardingManager parent passes in SHARDS/SHARD_COUNT, which it reads itself;
  // hence names of Docent's own, so an empty line in .env cannot reach discord.js as a shard count of 0).
  DISCORD_SHARD_ID: optionalText.pipe(z.coerce.number<string>().int().min(0).max(65_535).optional()),
  DISCORD_SHARD_COUNT: optionalText.pipe(z.coerce.number<string>().int().min(1).max(65_536).optional()),

  SLACK_BOT_TOKEN: optionalText,
  SLACK_MODE: z.enum(["socket", "http", ""]).optional(),
  SLACK_APP_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_PORT: int(3000, 1, 65_535),
  SLACK_API_URL: url("https://slack.com/api/"),
  SLACK_ASK_EPHEMERAL: boolean(true),
  SLACK_ADMIN_USER_IDS: list,

  ANNOUNCE_DISCORD_CHANNELS: list,
  ANNOUNCE_SLACK_CHANNELS: list,
});

type Env = z.output<typeof EnvSchema>;

const DEFAULT_MODEL: Record<Env["EMBEDDINGS_PROVIDER"], string> = {
  auto: "Xenova/bge-small-en-v1.5",
  transformers: "Xenova/bge-small-en-v1.5",
  hashing: "Xenova/bge-small-en-v1.5",
  openai: "text-embedding-3-small",
  ollama: "nomic-embed-text",
};

export interface DiscordConfig {
  token: string;
  appId?: string;
  guildId?: string;
  apiUrl: string;
  allowedChannels: string[];
  answerMentions: boolean;
  threadFollowups: boolean;
  /** Members with one of these roles may run operator commands (/ask-admin). */
  adminRoleIds: string[];
  /** DISCORD_SHARD_ID/DISCORD_SHARD_COUNT: the one shard this process runs. Absent: discord.js's own choice. */
  shard?: { id: number; count: number };
}

export interface SlackConfig {
  mode: "socket" | "http";
  botToken: string;
  appToken?: string;
  signingSecret?: string;
  port: number;
  apiUrl: string;
  askEphemeral: boolean;
  /** Users who may run operator commands (/ask-admin). */
  adminUserIds: string[];
}

export interface LlmConfig {
  /** "openai" covers every OpenAI-compatible server (OpenAI, vLLM, llama.cpp, LM Studio); "ollama" uses Ollama's /v1. */
  provider: "openai" | "ollama";
  baseUrl?: string;
  model: string;
  apiKey?: string;
  temperature: number;
  timeoutMs: number;
  maxRetries: number;
  /** The model's context window in tokens; passages are trimmed to fit it. */
  contextTokens: number;
  maxAnswerTokens: number;
}

export interface SourcesConfig {
  /** YAML list of feeds, sitemaps, URLs and folders to pull into the knowledge directory. */
  file: string;
  userAgent: string;
  timeoutMs: number;
  maxBytes: number;
  concurrencyPerHost: number;
  retries: number;
}

export interface Config {
  logLevel: Env["LOG_LEVEL"];
  /** pretty: one readable line per log entry; json: JSON lines; auto: pretty when stderr is a terminal. */
  logFormat: Env["LOG_FORMAT"];
  knowledgeDir: string;
  indexDir: string;
  dataDir: string;
  ingest: {
    maxFileBytes: number;
    chunkMaxChars: number;
    /** Folders outside the knowledge directory that its symlinks may lead into (absolute or relative paths). */
    allowedRoots: string[];
  };
  embeddings: {
    provider: Env["EMBEDDINGS_PROVIDER"];
    model: string;
    modelDir: string;
    /** Where `npm run model:fetch` downloads models from (a Hugging Face hub or mirror). */
    hubUrl: string;
    baseUrl?: string;
    apiKey?: string;
  };
  retrieval: { topK: number; relevanceFloor: number; denseWeight?: number };
  answer: {
    maxChars: number;
    maxQuestionChars: number;
    timeoutMs: number;
    historyMaxTurns: number;
    /** Hosts answers may link to besides those of the knowledge base's documents; ".example.org" = with subdomains. */
    linkAllowedHosts: string[];
  };
  rateLimitPerMinute: number;
  /** The chat tasks (src/core/tasks): summary length, and the bounds of the agent that handles free-form requests. */
  tasks: { summaryMaxChars: number; agentMaxToolCalls: number; agentDeadlineMs: number };
  /** Set when a language model writes answers; otherwise answers are extractive. */
  llm?: LlmConfig;
  /** Chat front ends edit a streamed reply at most this often. */
  streamEditIntervalMs: number;
  sources: SourcesConfig;
  /** Re-index inside the running bot every N minutes; 0 = off (use cron). */
  reindexIntervalMinutes: number;
  /** One sources sync stops starting fetches after this many minutes; 0 = no deadline. */
  reindexDeadlineMinutes: number;
  records: { retentionDays: number };
  /** DATABASE_URL: the index and the record store live in Postgres (shared by replicas); unset = files on disk. */
  database?: DatabaseConfig;
  /** The health, readiness and metrics endpoints (HTTP_PORT); unset = not served on a port of their own. */
  http?: { host: string; port: number };
  discord?: DiscordConfig;
  slack?: SlackConfig;
  /** Channels where new documents are announced after a re-index (ANNOUNCE_*_CHANNELS); empty = none. */
  announce: { discordChannels: string[]; slackChannels: string[] };
}

/** The configuration without the chat platforms' settings: what entry points hand the core, whose functions each
 * declare the slice they read (DocentSettings, IngestSettings, ReindexSettings …). Only adapters get `discord`/`slack`. */
export type CoreConfig = Omit<Config, "discord" | "slack">;

export function withoutChatPlatforms(config: Readonly<Config>): Readonly<CoreConfig> {
  const { discord: _discord, slack: _slack, ...core } = config;
  return Object.freeze(core);
}

export interface DatabaseConfig {
  url: string;
  /** Which index in the database this process serves and ingests into (DATABASE_INDEX, or `--index`). */
  index: string;
  poolMax: number;
}

/** Directory overrides given on a command line (`--knowledge`, `--index`); they win over the environment. */
export interface ConfigOverrides {
  knowledgeDir?: string;
  indexDir?: string;
}

/** The process environment, with `.env` (if present) filled in underneath: real variables win. */
export function environment(envFile = ".env"): NodeJS.ProcessEnv {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return process.env;
}

export function loadConfig(env: NodeJS.ProcessEnv = environment(), overrides: ConfigOverrides = {}): Readonly<Config> {
  const parsed = EnvSchema.safeParse(env);
  // Problems between variables are checked on the raw values too, so one run lists every problem at once.
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".") || "(environment)"}: ${issue.message}`)),
    ...crossFieldProblems(env),
  ];
  if (!parsed.success || problems.length > 0) throw configError(problems);
  const e = parsed.data;

  const discord = e.DISCORD_TOKEN
    ? {
        token: e.DISCORD_TOKEN,
        appId: e.DISCORD_APP_ID,
        guildId: e.DISCORD_GUILD_ID,
        apiUrl: e.DISCORD_API_URL.replace(/\/+$/, ""),
        allowedChannels: e.DISCORD_ALLOWED_CHANNELS,
        answerMentions: e.DISCORD_ANSWER_MENTIONS,
        threadFollowups: e.DISCORD_THREAD_FOLLOWUPS,
        adminRoleIds: e.DISCORD_ADMIN_ROLE_IDS,
        ...(e.DISCORD_SHARD_ID !== undefined && e.DISCORD_SHARD_COUNT !== undefined ? { shard: { id: e.DISCORD_SHARD_ID, count: e.DISCORD_SHARD_COUNT } } : {}),
      }
    : undefined;
  const slack: SlackConfig | undefined = e.SLACK_BOT_TOKEN
    ? {
        mode: e.SLACK_MODE || (e.SLACK_APP_TOKEN ? "socket" : "http"),
        botToken: e.SLACK_BOT_TOKEN,
        appToken: e.SLACK_APP_TOKEN,
        signingSecret: e.SLACK_SIGNING_SECRET,
        port: e.SLACK_PORT,
        apiUrl: e.SLACK_API_URL.endsWith("/") ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
        askEphemeral: e.SLACK_ASK_EPHEMERAL,
        adminUserIds: e.SLACK_ADMIN_USER_IDS,
      }
    : undefined;

  const knowledgeDir = overrides.knowledgeDir ?? e.KNOWLEDGE_DIR;
  return Object.freeze({
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    knowledgeDir,
    indexDir: overrides.indexDir ?? e.INDEX_DIR,
    dataDir: e.DATA_DIR,
    ingest: { maxFileBytes: e.MAX_FILE_BYTES, chunkMaxChars: e.CHUNK_MAX_CHARS, allowedRoots: e.KNOWLEDGE_ALLOWED_ROOTS },
    embeddings: {
      provider: e.EMBEDDINGS_PROVIDER,
      model: e.EMBEDDINGS_MODEL ?? DEFAULT_MODEL[e.EMBEDDINGS_PROVIDER],
      modelDir: e.EMBEDDINGS_MODEL_DIR,
      hubUrl: e.EMBEDDINGS_HUB_URL.replace(/\/+$/, ""),
      baseUrl: e.EMBEDDINGS_BASE_URL,
      apiKey: e.EMBEDDINGS_API_KEY,
    },
    retrieval: { topK: e.RETRIEVAL_TOP_K, relevanceFloor: e.RELEVANCE_FLOOR, denseWeight: e.DENSE_WEIGHT },
    answer: {
      maxChars: e.ANSWER_MAX_CHARS,
      maxQuestionChars: e.MAX_QUESTION_CHARS,
      timeoutMs: e.ASK_TIMEOUT_MS,
      historyMaxTurns: e.HISTORY_MAX_TURNS,
      linkAllowedHosts: e.LINK_ALLOWED_HOSTS,
    },
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    tasks: { summaryMaxChars: e.SUMMARY_MAX_CHARS, agentMaxToolCalls: e.AGENT_MAX_TOOL_CALLS, agentDeadlineMs: e.AGENT_DEADLINE_MS },
    llm:
      e.LLM_PROVIDER === "openai" || e.LLM_PROVIDER === "ollama"
        ? {
            provider: e.LLM_PROVIDER,
            baseUrl: e.LLM_BASE_URL ?? (e.LLM_PROVIDER === "ollama" ? "http://localhost:11434/v1" : undefined),
            model: e.LLM_MODEL ?? (e.LLM_PROVIDER === "ollama" ? "llama3.1" : "gpt-4o-mini"),
            apiKey: e.LLM_API_KEY,
            temperature: e.LLM_TEMPERATURE,
            timeoutMs: e.LLM_TIMEOUT_MS,
            maxRetries: e.LLM_MAX_RETRIES,
            contextTokens: e.LLM_CONTEXT_TOKENS,
            maxAnswerTokens: e.LLM_MAX_ANSWER_TOKENS,
          }
        : undefined,
    streamEditIntervalMs: e.STREAM_EDIT_INTERVAL_MS,
    sources: {
      // Each knowledge base has its own sources file unless one is named explicitly.
      file: e.SOURCES_FILE ?? join(knowledgeDir, "sources.yml"),
      userAgent: e.FETCH_USER_AGENT,
      timeoutMs: e.FETCH_TIMEOUT_MS,
      maxBytes: e.FETCH_MAX_BYTES,
      concurrencyPerHost: e.FETCH_CONCURRENCY_PER_HOST,
      retries: e.FETCH_RETRIES,
    },
    reindexIntervalMinutes: e.REINDEX_INTERVAL_MINUTES,
    reindexDeadlineMinutes: e.REINDEX_DEADLINE_MINUTES,
    records: { retentionDays: e.RECORD_RETENTION_DAYS },
    database: e.DATABASE_URL
      ? { url: e.DATABASE_URL, index: overrides.indexDir === undefined ? e.DATABASE_INDEX : databaseIndexName(overrides.indexDir), poolMax: e.DATABASE_POOL_MAX }
      : undefined,
    http: e.HTTP_PORT === undefined ? undefined : { host: e.HTTP_HOST, port: e.HTTP_PORT },
    discord,
    slack,
    announce: { discordChannels: e.ANNOUNCE_DISCORD_CHANNELS, slackChannels: e.ANNOUNCE_SLACK_CHANNELS },
  });
}

/** With DATABASE_URL, `--index <dir>` names an index in the database: the folder's last part ("docs-index"). */
function databaseIndexName(indexDir: string): string {
  const name = indexDir.replace(/[\\/]+$/, "").split(/[\\/]/).at(-1) ?? "";
  return /^[\w.-]{1,64}$/.test(name) ? name : `idx-${Buffer.from(indexDir).toString("hex").slice(0, 60)}`;
}

function crossFieldProblems(env: NodeJS.ProcessEnv): string[] {
  const set = (name: string) => (env[name] ?? "").trim() !== "";
  const problems: string[] = [];
  if (set("SLACK_BOT_TOKEN")) {
    const mode = (env.SLACK_MODE ?? "").trim() || (set("SLACK_APP_TOKEN") ? "socket" : "http");
    if (mode === "socket" && !set("SLACK_APP_TOKEN"))
      problems.push("SLACK_APP_TOKEN: required for SLACK_MODE=socket (an xapp- token with connections:write)");
    if (mode === "http" && !set("SLACK_SIGNING_SECRET"))
      problems.push("SLACK_SIGNING_SECRET: required for SLACK_MODE=http (Basic Information → Signing Secret)");
  } else if (set("SLACK_APP_TOKEN") || set("SLACK_SIGNING_SECRET")) {
    problems.push("SLACK_BOT_TOKEN: required when other SLACK_* credentials are set (an xoxb- token)");
  }
  if (set("DISCORD_SHARD_ID") && !set("DISCORD_SHARD_COUNT"))
    problems.push("DISCORD_SHARD_COUNT: required with DISCORD_SHARD_ID (the number of Discord shards, the same in every process)");
  else if (set("DISCORD_SHARD_ID") && Number(env.DISCORD_SHARD_ID) >= Number(env.DISCORD_SHARD_COUNT))
    problems.push(`DISCORD_SHARD_ID: must be below DISCORD_SHARD_COUNT (${String(env.DISCORD_SHARD_COUNT).trim()}); shards are numbered from 0`);
  if ((env.LLM_PROVIDER ?? "").trim() === "openai" && !set("LLM_API_KEY") && !set("LLM_BASE_URL"))
    problems.push("LLM_API_KEY: required for LLM_PROVIDER=openai (or set LLM_BASE_URL to a local OpenAI-compatible server)");
  if ((env.EMBEDDINGS_PROVIDER ?? "").trim() === "openai" && !set("EMBEDDINGS_API_KEY") && !set("EMBEDDINGS_BASE_URL"))
    problems.push("EMBEDDINGS_API_KEY: required for EMBEDDINGS_PROVIDER=openai (or set EMBEDDINGS_BASE_URL)");
  return problems;
}

function configError(problems: string[]): AppError {
  return new AppError(
    "config_invalid",
    `configuration: ${problems.length} problem(s) in the environment (.env):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
  );
}
