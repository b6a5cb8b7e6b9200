// Chooses the embedder from configuration, in one place, and describes it for the index (id, dimension,
// kind). "auto" uses a local sentence-embedding model when one is on disk and otherwise says so once and
// falls back to the offline hashing embedder, with keyword search leading.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Embeddings } from "@langchain/core/embeddings";
import { OpenAIEmbeddings } from "@langchain/openai";
import { AppError } from "../../errors.js";
import { HASHING_EMBEDDER_ID, HashingEmbeddings } from "./hashing-embeddings.js";
import { TransformersEmbeddings } from "./transformers-embeddings.js";

export interface Embedder {
  embeddings: Embeddings;
  /** Recorded in the index; an index built with another id cannot be opened with this embedder. */
  id: string;
  dimension: number;
  /** "lexical" embedders share words, not meaning: retrieval then leans on keywords. */
  kind: "semantic" | "lexical";
  /** Longest chunk the embedder reads whole. */
  maxInputChars: number;
  /** A one-line notice for the operator, e.g. why the offline embedder is in use. */
  notice?: string;
}

/** The embedder's configuration (EMBEDDINGS_*). */
export interface EmbeddingsSettings {
  provider: "auto" | "transformers" | "hashing" | "openai" | "ollama";
  model: string;
  /** Where local models are kept (EMBEDDINGS_MODEL_DIR). */
  modelDir: string;
  baseUrl?: string;
  apiKey?: string;
}

const OLLAMA_DEFAULT_URL = "http://localhost:11434/v1";
const REMOTE_TIMEOUT_MS = 30_000;
// About 4 characters per token; 512-token encoders read ~1,800 characters, leave a margin for the title.
const LOCAL_MODEL_MAX_CHARS = 1_500;

export async function createEmbedder(config: EmbeddingsSettings): Promise<Embedder> {
  switch (config.provider) {
    case "hashing":
      return hashingEmbedder();
    case "transformers":
      return transformersEmbedder(config);
    case "auto":
      return hasLocalModel(config) ? transformersEmbedder(config) : hashingEmbedder(missingModelNotice(config));
    case "openai":
    case "ollama":
      return remoteEmbedder(config);
  }
}

export function localModelPath(config: EmbeddingsSettings): string {
  return join(config.modelDir, config.model);
}

function hasLocalModel(config: EmbeddingsSettings): boolean {
  const dir = localModelPath(config);
  return existsSync(join(dir, "config.json")) && existsSync(join(dir, "onnx", "model.onnx"));
}

function missingModelNotice(config: EmbeddingsSettings): string {
  return (
    `embeddings: no model at ${localModelPath(config)}, so Docent runs offline with keyword-led search ` +
    `(run "npm run model:fetch" once with internet access for semantic search, then "npm run ingest -- --full")`
  );
}

function hashingEmbedder(notice?: string): Embedder {
  const embeddings = new HashingEmbeddings(256);
  return {
    embeddings,
    id: `${HASHING_EMBEDDER_ID}:${embeddings.dimension}`,
    dimension: embeddings.dimension,
    kind: "lexical",
    maxInputChars: Number.POSITIVE_INFINITY,
    notice,
  };
}

async function transformersEmbedder(config: EmbeddingsSettings): Promise<Embedder> {
  if (!hasLocalModel(config))
    throw new AppError(
      "embedder_unavailable",
      `embeddings: model "${config.model}" is not in ${config.modelDir} (expected ${localModelPath(config)}/config.json ` +
        `and onnx/model.onnx); run "npm run model:fetch" or set EMBEDDINGS_MODEL_DIR`,
    );
  const embeddings = new TransformersEmbeddings({
    model: config.model,
    modelDir: config.modelDir,
    queryPrefix: /bge-.*-en/i.test(config.model) ? "Represent this sentence for searching relevant passages: " : "",
  });
  let dimension: number;
  try {
    dimension = await embeddings.dimension();
  } catch (error) {
    throw new AppError("embedder_unavailable", `embeddings: cannot run model at ${localModelPath(config)}: ${String(error)}`, {
      cause: error,
    });
  }
  return { embeddings, id: `transformers:${config.model}`, dimension, kind: "semantic", maxInputChars: LOCAL_MODEL_MAX_CHARS };
}

async function remoteEmbedder(config: EmbeddingsSettings): Promise<Embedder> {
  const baseURL = config.baseUrl ?? (config.provider === "ollama" ? OLLAMA_DEFAULT_URL : undefined);
  const embeddings = new OpenAIEmbeddings({
    model: config.model,
    apiKey: config.apiKey ?? "not-needed",
    configuration: baseURL ? { baseURL } : {},
    maxRetries: 1,
    // The client's own default is ten minutes; a stuck server must not stall ingest or every question that long.
    timeout: REMOTE_TIMEOUT_MS,
  });
  let dimension: number;
  try {
    dimension = (await embeddings.embedQuery("dimension probe")).length;
  } catch (error) {
    throw new AppError(
      "embedder_unavailable",
      `embeddings: ${config.provider} model "${config.model}" at ${baseURL ?? "api.openai.com"} did not answer ` +
        `(${error instanceof Error ? error.message : String(error)}); check EMBEDDINGS_BASE_URL, EMBEDDINGS_MODEL and EMBEDDINGS_API_KEY`,
      { cause: error },
    );
  }
  return {
    embeddings,
    id: `${config.provider}:${baseURL ?? "default"}:${config.model}`,
    dimension,
    kind: "semantic",
    maxInputChars: 6_000,
  };
}
