// Keeps the architecture honest: the core knows nothing of chat platforms, and adapters know nothing of
// the index's internals (HNSW, SQLite/BM25) — they reach the core only through src/core/index.ts.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/run-script.js";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

function imports(file: string): string[] {
  return [...readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]!);
}

describe("architecture", () => {
  it("the core imports no chat platform SDK and no adapter", () => {
    for (const file of sourceFiles(join(REPO_ROOT, "src/core"))) {
      for (const spec of imports(file)) {
        expect(spec, relative(REPO_ROOT, file)).not.toMatch(/^(discord\.js|@discordjs\/|@slack\/)|\/adapters\//);
      }
    }
  });

  it("adapters reach the core only through its public surface", () => {
    for (const file of sourceFiles(join(REPO_ROOT, "src/adapters"))) {
      for (const spec of imports(file)) {
        expect(spec, relative(REPO_ROOT, file)).not.toMatch(/^(hnswlib-node|better-sqlite3|@langchain\/)|\/core\/(?!index\.js$)/);
      }
    }
  });

  it("only the config module reads the environment", () => {
    const offenders = [...sourceFiles(join(REPO_ROOT, "src")), ...sourceFiles(join(REPO_ROOT, "scripts"))].filter(
      (file) => !file.endsWith("src/config.ts") && /process\.env\.[A-Z_]+/.test(readFileSync(file, "utf8")),
    );
    expect(offenders.map((f) => relative(REPO_ROOT, f))).toEqual([]);
  });

  it("nothing in the product writes with console.*", () => {
    const offenders = sourceFiles(join(REPO_ROOT, "src")).filter((file) => /\bconsole\.(log|info|warn|error|debug)\(/.test(readFileSync(file, "utf8")));
    expect(offenders.map((f) => relative(REPO_ROOT, f))).toEqual([]);
  });
});
