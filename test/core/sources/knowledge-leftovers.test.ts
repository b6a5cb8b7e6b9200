// A sync killed while the knowledge writer was writing leaves its hidden temp file (`.<file>.tmp-<pid>`) beside
// the post. The next sync that writes removes every such file under the knowledge directory, before it writes
// anything; a dry run leaves them. Hidden folders and anything behind a symlink are not touched, nor are files
// that only look similar.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { knowledgeTempName } from "../../../src/core/sources/knowledge-writer.js";
import { makeSourcesKb, type SourcesKb } from "./sources-kb.js";

let kb: SourcesKb;
let folder: string;
let outside: string;
beforeEach(async () => {
  kb = await makeSourcesKb();
  folder = await mkdtemp(join(tmpdir(), "docent-kleft-"));
  outside = await mkdtemp(join(tmpdir(), "docent-kleft-outside-"));
  await writeFile(join(folder, "a.md"), "# A\n\nGuide A text about Lumen plugins.\n");
  await kb.writeSources(`sources:\n  - name: handbook\n    folder: ${folder}\n`);
});
afterEach(async () => {
  await kb.cleanup();
  await rm(folder, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

const at = (...parts: string[]) => join(kb.knowledgeDir, ...parts);

describe("knowledge temp files of killed syncs", () => {
  it("the next writing run removes them anywhere under the knowledge directory, and nothing else", async () => {
    // Left by killed syncs: beside a post the sync is about to write, in a nested folder, at the top.
    await mkdir(at("handbook", "guides", "deep"), { recursive: true });
    const leftovers = [join("handbook", knowledgeTempName("a.md", 999_999)), join("handbook", "guides", "deep", knowledgeTempName("b.md", 4242)), knowledgeTempName("c.md", 7)];
    for (const file of leftovers) await writeFile(at(file), "---\ntitle: half a po");
    // Not the writer's: a similar name without the pid, one that is not hidden, a hidden note, a post.
    const kept = [join("handbook", ".a.md.tmp-notes"), join("handbook", "a.md.tmp-123"), ".notes", join("handbook", "guides", "keep.md")];
    for (const file of kept) await writeFile(at(file), "keep me");
    // Where the writer never writes (a hidden folder), and behind a symlink (outside the knowledge directory).
    await mkdir(at(".git"), { recursive: true });
    await writeFile(at(".git", knowledgeTempName("packed", 99)), "git's");
    await writeFile(join(outside, knowledgeTempName("x.md", 55)), "not ours");
    await symlink(outside, at("linked"), "dir");

    const dry = await kb.sync({ dryRun: true });
    expect(dry.added).toEqual(["handbook/a.md"]);
    for (const file of leftovers) expect(existsSync(at(file)), file).toBe(true);

    const summary = await kb.sync();
    expect(summary.added).toEqual(["handbook/a.md"]);
    for (const file of leftovers) expect(existsSync(at(file)), file).toBe(false);
    for (const file of kept) expect(existsSync(at(file)), file).toBe(true);
    expect(existsSync(at(".git", knowledgeTempName("packed", 99)))).toBe(true);
    expect(existsSync(join(outside, knowledgeTempName("x.md", 55)))).toBe(true);
    expect(await kb.read("handbook/a.md")).toContain("Guide A text");
    // The writer's own temp file for this run was renamed into place, not left behind.
    expect(existsSync(at("handbook", knowledgeTempName("a.md")))).toBe(false);
  });

  it("a run that changes nothing removes them too", async () => {
    await kb.sync();
    const leftover = at("handbook", knowledgeTempName("a.md", 31_337));
    await writeFile(leftover, "half");
    const summary = await kb.sync();
    expect(summary).toMatchObject({ added: [], changed: [], removed: [], unchanged: 1 });
    expect(existsSync(leftover)).toBe(false);
  });
});
