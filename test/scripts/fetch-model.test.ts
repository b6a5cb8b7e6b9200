// model:fetch against a local stand-in for the Hugging Face hub that serves the tiny test model: the files
// land in the layout transformers.js reads, and `auto` then picks the model up.
import { createServer, type Server } from "node:http";
import { readFile } from "node:fs/promises";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmbedder } from "../../src/core/index.js";
import { loadConfig } from "../../src/config.js";
import { runScript } from "../helpers/run-script.js";

const MODEL = fileURLToPath(new URL("../fixtures/models/tiny-bert-random", import.meta.url));
let server: Server;
let hub: string;
let dir: string;
const requested: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "docent-models-"));
  server = createServer((req, res) => {
    requested.push(req.url ?? "");
    const match = /^\/acme\/tiny\/resolve\/main\/(.+)$/.exec(req.url ?? "");
    if (!match) return void res.writeHead(404).end();
    readFile(join(MODEL, match[1]!)).then(
      (body) => res.writeHead(200, { "content-length": body.length }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  hub = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("npm run model:fetch", () => {
  it("downloads the model into EMBEDDINGS_MODEL_DIR, after which auto uses it", async () => {
    const env = { EMBEDDINGS_HUB_URL: hub, EMBEDDINGS_MODEL: "acme/tiny", EMBEDDINGS_MODEL_DIR: dir, EMBEDDINGS_PROVIDER: "auto" };
    const result = await runScript("scripts/fetch-model.ts", [], { env });
    expect(result.code).toBe(0);
    expect(requested).toContain("/acme/tiny/resolve/main/onnx/model.onnx");
    const embedder = await createEmbedder(loadConfig(env).embeddings);
    expect(embedder).toMatchObject({ kind: "semantic", id: "transformers:acme/tiny", dimension: 32 });
  });

  it("fails clearly, leaving no half-downloaded model, when the hub does not have it", async () => {
    const env = { EMBEDDINGS_HUB_URL: hub, EMBEDDINGS_MODEL: "acme/missing", EMBEDDINGS_MODEL_DIR: dir };
    const result = await runScript("scripts/fetch-model.ts", [], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/answered HTTP 404/);
    const embedder = await createEmbedder(loadConfig({ ...env, EMBEDDINGS_PROVIDER: "auto" }).embeddings);
    expect(embedder.kind).toBe("lexical");
  });
});
