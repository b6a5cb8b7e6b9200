// Keeps the architecture honest: the core knows nothing of chat platforms, and adapters know nothing of
// the index's internals (HNSW, SQLite/BM25) — they reach the core only through src/core/index.ts. Every
// runtime dependency is used by the product; benchmark-only packages are devDependencies.
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
  return [...readFileSync(file, "utf8").matchAll(/(?:from|import|require)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]!);
}

/** The npm package an import names ("@langchain/core/messages" → "@langchain/core"), or undefined for a
 * relative path or a Node built-in. */
function packageOf(spec: string): string | undefined {
  if (spec.startsWith(".") || spec.startsWith("node:")) return undefined;
  const parts = spec.split("/");
  return spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

const isBenchmark = (file: string) => /scripts\/bench/.test(relative(REPO_ROOT, file));

describe("architecture", () => {
  it("the core imports no chat platform SDK and no adapter", () => {
    for (const file of sourceFiles(join(REPO_ROOT, "src/core"))) {
      for (const spec of imports(file)) {
        expect(spec, relative(REPO_ROOT, file)).not.toMatch(/^(discord\.js|@discordjs\/|@slack\/)|\/adapters\//);
      }
    }
  });

  it("the core receives slices of the configuration, never the app Config nor a chat platform's settings", () => {
    // Each core function declares the slice it reads (DocentSettings, IngestSettings, …); entry points hand it
    // the configuration without the chat platforms' settings (withoutChatPlatforms in src/config.ts).
    const appConfig = /import\s[^;]*\b(Config|ConfigOverrides|CoreConfig|DiscordConfig|SlackConfig)\b[^;]*from\s*["'](\.\.\/)+config\.js["']/;
    const offenders = sourceFiles(join(REPO_ROOT, "src/core")).filter((file) => appConfig.test(readFileSync(file, "utf8")));
    expect(offenders.map((f) => relative(REPO_ROOT, f))).toEqual([]);
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

  it("every package in dependencies is imported by product code, and product code imports no dev-only package", () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
      scripts: Record<string, string>;
    };
    const product = [...sourceFiles(join(REPO_ROOT, "src")), ...sourceFiles(join(REPO_ROOT, "scripts"))].filter((f) => !isBenchmark(f));
    const used = new Set(product.flatMap((file) => imports(file).map(packageOf)).filter((p): p is string => p !== undefined));
    // tsx is the loader `npm start` runs the product with (node --import tsx), not an import.
    expect(manifest.scripts.start).toContain("--import tsx");
    used.add("tsx");
    expect(Object.keys(manifest.dependencies).filter((d) => !used.has(d))).toEqual([]);
    const builtins = new Set(["fs", "path", "os", "url", "util", "crypto", "events", "stream", "http", "https", "net", "child_process", "worker_threads", "readline", "assert", "zlib", "timers", "perf_hooks", "module", "process", "buffer"]);
    // A types-only package ("mdast" from @types/mdast) is no runtime import.
    const undeclared = [...used].filter((p) => manifest.dependencies[p] === undefined && !builtins.has(p) && manifest.devDependencies[`@types/${p}`] === undefined);
    expect(undeclared).toEqual([]);
  });

  it("platforms are data in the core: no closed list of chat platforms", () => {
    const offenders = sourceFiles(join(REPO_ROOT, "src/core")).filter((file) => /"(?:discord|slack|cli)"\s*\|\s*"(?:discord|slack|cli)"|\[\s*"discord"\s*,\s*"slack"/.test(readFileSync(file, "utf8")));
    expect(offenders.map((f) => relative(REPO_ROOT, f))).toEqual([]);
  });

  it("nothing in the product writes with console.*", () => {
    const offenders = sourceFiles(join(REPO_ROOT, "src")).filter((file) => /\bconsole\.(log|info|warn|error|debug)\(/.test(readFileSync(file, "utf8")));
    expect(offenders.map((f) => relative(REPO_ROOT, f))).toEqual([]);
  });
});
