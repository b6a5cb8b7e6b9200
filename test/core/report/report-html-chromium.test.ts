// The HTML report as a person sees it: rendered by headless Chromium (Debian's package, which .ci/run
// installs), screenshotted, and the PNG checked for chart pixels in the series colours, each chart below
// the previous one. An empty report is the control: its charts must have no bars.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReport, CHART_COLOURS, renderHtml } from "../../../src/core/index.js";
import { sampleInput } from "./sample-records.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const WHY_SKIPPED = hasChromium ? "" : ` — SKIPPED: ${CHROMIUM} is not installed (apt-get install chromium; .ci/run installs it in CI)`;

// The test names carry the reason too, but the default reporter prints skipped tests' names only verbosely.
if (!hasChromium) process.stderr.write(`report-html-chromium.test.ts${WHY_SKIPPED}\n`);

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "docent-report-shot-"));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** Renders `page` in headless Chromium and returns the decoded 1200×1600 screenshot. */
async function screenshot(name: string, page: string): Promise<PNG> {
  const html = join(work, `${name}.html`);
  const png = join(work, `${name}.png`);
  await writeFile(html, page);
  const args = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    `--user-data-dir=${join(work, `profile-${name}`)}`,
    `--screenshot=${png}`,
    "--window-size=1200,1600",
    `file://${html}`,
  ];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(CHROMIUM, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // A hung browser must not hang the suite: kill it and fail with what it said.
    const guard = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(guard);
      if (existsSync(png)) resolve();
      else reject(new Error(`chromium exited ${code} without a screenshot:\n${stderr.slice(-2000)}`));
    });
  });
  return PNG.sync.read(await readFile(png));
}

interface ColourHits {
  count: number;
  top: number;
  bottom: number;
}

/** Pixels within a small tolerance of `hex` (anti-aliased edges differ slightly), and the rows they span. */
function find(png: PNG, hex: string): ColourHits {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  const hits: ColourHits = { count: 0, top: Infinity, bottom: -Infinity };
  for (let y = 0; y < png.height; y++)
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      if (Math.abs(png.data[i]! - r) <= 24 && Math.abs(png.data[i + 1]! - g) <= 24 && Math.abs(png.data[i + 2]! - b) <= 24) {
        hits.count++;
        hits.top = Math.min(hits.top, y);
        hits.bottom = Math.max(hits.bottom, y);
      }
    }
  return hits;
}

describe("the HTML report in headless Chromium", () => {
  it.skipIf(!hasChromium)(`draws the three charts with content in their colours, in order${WHY_SKIPPED}`, { timeout: 180_000 }, async () => {
    const png = await screenshot("sample", renderHtml(buildReport(sampleInput())));
    expect([png.width, png.height]).toEqual([1200, 1600]);
    const c = Object.fromEntries(Object.entries(CHART_COLOURS).map(([k, hex]) => [k, find(png, hex)])) as Record<keyof typeof CHART_COLOURS, ColourHits>;
    // Legend swatches are 10×10 px; bars and the line are far larger, so these counts mean drawn data.
    expect(c.answered.count).toBeGreaterThan(1_000);
    expect(c.unanswered.count).toBeGreaterThan(1_000);
    expect(c.answerRate.count).toBeGreaterThan(400);
    expect(c.up.count).toBeGreaterThan(1_000);
    expect(c.down.count).toBeGreaterThan(1_000);
    // Questions per day, then answer rate, then votes, top to bottom, all within the first screen.
    expect(Math.max(c.answered.bottom, c.unanswered.bottom)).toBeLessThan(c.answerRate.top + 10);
    expect(c.answerRate.bottom).toBeLessThan(Math.min(c.up.top, c.down.top));
    expect(Math.max(c.up.bottom, c.down.bottom)).toBeLessThan(1_000);
  });

  it.skipIf(!hasChromium)(`shows only legend swatches, no bars or line, for a report without records${WHY_SKIPPED}`, { timeout: 180_000 }, async () => {
    const png = await screenshot("empty", renderHtml(buildReport({ ...sampleInput(), answers: [], votes: [] })));
    for (const hex of Object.values(CHART_COLOURS)) {
      const hits = find(png, hex);
      expect(hits.count, hex).toBeGreaterThan(0);
      expect(hits.count, hex).toBeLessThan(200);
    }
  });
});
