// npm run model:fetch — downloads the configured sentence-embedding model (EMBEDDINGS_MODEL, ONNX export in
// the layout transformers.js reads) into EMBEDDINGS_MODEL_DIR, once, with progress. The only step of Docent
// that needs internet access; for air-gapped installs copy such a folder there by hand instead.
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { loadConfig } from "../src/config.js";
import { localModelPath } from "../src/core/embeddings/create-embeddings.js";
import { AppError } from "../src/errors.js";
import { runEntry } from "../src/run-entry.js";
import { exitWithUsageIfAsked, parseArgsOrExit } from "./usage.js";

exitWithUsageIfAsked(`usage: npm run model:fetch
Downloads the sentence-embedding model EMBEDDINGS_MODEL (default Xenova/bge-small-en-v1.5) from
EMBEDDINGS_HUB_URL into EMBEDDINGS_MODEL_DIR, once. The only command that needs internet access; for an
air-gapped install, copy the model folder there instead. Afterwards run "npm run ingest -- --full".`);
// Takes no flags: a mistyped one must not start a download.
parseArgsOrExit("model:fetch", { options: {} });

const REQUIRED = ["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model.onnx"];
const OPTIONAL = ["special_tokens_map.json", "vocab.txt"];

runEntry(async () => {
  const config = loadConfig();
  // The name becomes a path that is replaced wholesale: only "owner/model" shapes, nothing that climbs out.
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(config.embeddings.model) || config.embeddings.model.split("/").some((p) => p === ".." || p === "."))
    throw new AppError("config_invalid", `model:fetch: EMBEDDINGS_MODEL "${config.embeddings.model}" is not a model name like Xenova/bge-small-en-v1.5`);
  const target = localModelPath(config.embeddings);
  const base = `${config.embeddings.hubUrl}/${config.embeddings.model}/resolve/main`;
  const staging = `${target}.download`;
  await rm(staging, { recursive: true, force: true });
  process.stderr.write(`Fetching ${config.embeddings.model} from ${config.embeddings.hubUrl} into ${target}\n`);
  for (const file of [...REQUIRED, ...OPTIONAL]) {
    const ok = await download(`${base}/${file}`, join(staging, file), !REQUIRED.includes(file));
    if (!ok) process.stderr.write(`  ${file}: not published, skipped\n`);
  }
  // Swap in the finished download at once, so a half-fetched model is never picked up.
  await rm(target, { recursive: true, force: true });
  await mkdir(dirname(target), { recursive: true });
  await rename(staging, target);
  process.stderr.write(`Done. Run "npm run ingest -- --full" to re-embed the knowledge base with it.\n`);
});

async function download(url: string, path: string, optional: boolean): Promise<boolean> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: "follow" });
  } catch (error) {
    throw new AppError("embedder_unavailable", `model:fetch: cannot reach ${url} (${String((error as Error).cause ?? error)})`, { cause: error });
  }
  if (response.status === 404 && optional) return false;
  if (!response.ok || !response.body)
    throw new AppError("embedder_unavailable", `model:fetch: ${url} answered HTTP ${response.status}`);
  const total = Number(response.headers.get("content-length") ?? 0);
  let received = 0;
  let shown = -1;
  const name = path.split("/").slice(-2).join("/");
  const progress = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      const percent = total > 0 ? Math.floor((received / total) * 100) : -1;
      if (percent !== shown && (percent % 10 === 0 || percent === -1)) {
        shown = percent;
        process.stderr.write(`  ${name}: ${(received / 1e6).toFixed(1)} MB${total > 0 ? ` (${percent}%)` : ""}\n`);
      }
      callback(null, chunk);
    },
  });
  await mkdir(dirname(path), { recursive: true });
  await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), progress, createWriteStream(path));
  return true;
}
