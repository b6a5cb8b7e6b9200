// No orphans: `npm start` runs node directly under npm (no shell or tsx process in between), so whatever a
// supervisor signals — npm alone, the whole process group (as `timeout` does), or npm killed outright — the
// node process ends too.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/run-script.js";
import { makeTempKnowledge, type TempKnowledge } from "./helpers/temp-knowledge.js";

let kb: TempKnowledge;
beforeAll(async () => {
  kb = await makeTempKnowledge();
});
afterAll(() => kb.cleanup());

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(condition: () => boolean, what: string, output: () => string): Promise<void> {
  const limit = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > limit) throw new Error(`gave up waiting for ${what}; output:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("npm start under a supervisor's signals", () => {
  it.each([
    ["SIGTERM to npm alone", (npm: number) => process.kill(npm, "SIGTERM")],
    ["SIGTERM to the process group", (npm: number) => process.kill(-npm, "SIGTERM")],
    ["SIGKILL to npm", (npm: number) => process.kill(npm, "SIGKILL")],
  ])("%s ends the node process", { timeout: 90_000 }, async (_, signal) => {
    // The terminal prompt mode: no platform configured, stdin left open so it keeps waiting for questions.
    const npm = spawn("npm", ["start", "--", "--knowledge", kb.knowledgeDir, "--index", join(kb.root, "index")], {
      cwd: REPO_ROOT,
      env: { ...process.env, LOG_LEVEL: "info", EMBEDDINGS_PROVIDER: "hashing", DATA_DIR: join(kb.root, "data"), npm_config_update_notifier: "false" },
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    npm.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    npm.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const npmExited = new Promise<void>((resolve) => npm.once("exit", () => resolve()));
    let nodePid = 0;
    try {
      await until(() => output.includes("Ask a question about the knowledge base"), "the prompt", () => output);
      nodePid = Number(output.match(/"pid":(\d+)/)?.[1]);
      expect(nodePid).toBeGreaterThan(0);
      expect(nodePid).not.toBe(npm.pid);

      signal(npm.pid!);
      await npmExited;
      await until(() => !alive(nodePid), "the node process to end", () => output);
      expect(alive(nodePid)).toBe(false);
    } finally {
      if (nodePid && alive(nodePid)) process.kill(nodePid, "SIGKILL");
      if (npm.exitCode === null && npm.signalCode === null) npm.kill("SIGKILL");
      npm.stdin!.destroy();
    }
  });
});
