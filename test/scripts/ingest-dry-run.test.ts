// `npm run ingest -- --dry-run` reports what would change in the index from the knowledge folder itself
// (added, changed, removed, unusable files, skipped symlinks), not only from the sources, and writes nothing.
import { readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript } from "../helpers/run-script.js";
import { makeTempKnowledge, type TempKnowledge } from "../helpers/temp-knowledge.js";

let kb: TempKnowledge;
let outside: string;
const dirs = () => ["--knowledge", kb.knowledgeDir, "--index", kb.indexDir];

beforeAll(async () => {
  kb = await makeTempKnowledge();
  outside = await mkdtemp(join(tmpdir(), "docent-outside-"));
  writeFileSync(join(outside, "secret.md"), "# Secret\n\nNot for the knowledge base.\n");
});
afterAll(async () => {
  await kb.cleanup();
  await rm(outside, { recursive: true, force: true });
});

describe("npm run ingest -- --dry-run", () => {
  it("lists the knowledge files that would be added, changed and removed, and changes nothing", async () => {
    expect((await runScript("scripts/ingest.ts", dirs())).code).toBe(0);
    const live = readFileSync(join(kb.indexDir, "CURRENT"), "utf8");
    const before = readdirSync(kb.indexDir).sort();
    writeFileSync(join(kb.knowledgeDir, "new-post.md"), "# New post\n\nAbout something new.\n");
    writeFileSync(join(kb.knowledgeDir, "install.md"), "# Install\n\nLumen needs Node 22 now.\n");
    rmSync(join(kb.knowledgeDir, "faq.txt"));
    writeFileSync(join(kb.knowledgeDir, "empty.md"), "");
    symlinkSync(outside, join(kb.knowledgeDir, "elsewhere"));

    const result = await runScript("scripts/ingest.ts", [...dirs(), "--dry-run"]);
    expect(result.stdout).toMatch(
      /^index \(dry run: nothing written\): 1 would be added, 1 would be changed, 1 would be removed, 3 unchanged, 1 failed, 1 skipped \(compared with gen-[\w-]+\)$/m,
    );
    expect(result.stdout).toContain("  would add: new-post.md\n");
    expect(result.stdout).toContain("  would change: install.md\n");
    expect(result.stdout).toContain("  would remove: faq.txt\n");
    expect(result.stdout).toMatch(/ {2}failed: empty\.md: file is empty/);
    expect(result.stdout).toMatch(/ {2}skipped: elsewhere: symlink leads outside the knowledge directory, to .*KNOWLEDGE_ALLOWED_ROOTS/);
    expect(result.code).toBe(1); // the empty file
    expect(readFileSync(join(kb.indexDir, "CURRENT"), "utf8")).toBe(live);
    expect(readdirSync(kb.indexDir).sort()).toEqual(before);

    rmSync(join(kb.knowledgeDir, "empty.md"));
    const real = await runScript("scripts/ingest.ts", dirs());
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(/ingest: 1 added, 1 changed, 1 removed, 3 unchanged, 0 failed, 1 skipped;/);
    expect(real.stdout).toMatch(/ {2}skipped: elsewhere: symlink leads outside/);
  });
});
