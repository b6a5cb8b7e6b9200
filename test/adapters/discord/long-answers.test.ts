import { afterEach, describe, expect, it } from "vitest";
import type { Answer } from "../../../src/core/index.js";
import { APP_ID } from "../../helpers/fake-discord.js";
import { ALICE, editOf, expectNoMentionsAnywhere, followUpOf, scriptedAsker, startHarness, type Harness } from "./harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  if (harness) expectNoMentionsAnywhere(harness.fake);
  await harness?.close();
  harness = undefined;
});

const sentences = Array.from({ length: 60 }, (_, i) => `Sentence S${i} explains one more step of the setup in some detail [${(i % 3) + 1}].`);
const code = Array.from({ length: 40 }, (_, i) => `const step${i} = configure("option-${i}");`).join("\n");
const LONG: Answer = {
  answer: `${sentences.slice(0, 30).join(" ")}\n\n\`\`\`ts\n${code}\n\`\`\`\n\n${sentences.slice(30).join(" ")}`,
  citations: Array.from({ length: 3 }, (_, i) => ({
    n: i + 1,
    title: `Guide ${i + 1}`,
    section: "Setup",
    url: `https://docs.example.org/guide-${i + 1}`,
    file: `guide-${i + 1}.md`,
    score: 0.8,
  })),
  grounded: true,
  timings: { retrieveMs: 1, answerMs: 1 },
};

describe("long answers", { timeout: 20_000 }, () => {
  it("are split into messages within Discord's limits, fences balanced, buttons on the last part", async () => {
    expect(LONG.answer.length).toBeGreaterThan(5_000);
    harness = await startHarness({ asker: scriptedAsker(() => LONG) });
    const { fake } = harness;
    const ask = fake.sendSlashCommand({ user: ALICE, question: "Walk me through the setup" });
    const first = await fake.waitForRequest(editOf(ask));
    const last = await fake.waitForRequest((r) => followUpOf(ask)(r) && r.body.components?.length > 0);
    const parts = [first, ...fake.requests.filter(followUpOf(ask))].map((r) => r.body);
    expect(parts.at(-1)).toBe(last.body);
    expect(parts.length).toBeGreaterThanOrEqual(3);

    for (const part of parts) {
      expect(part.content.length).toBeLessThanOrEqual(2_000);
      expect(part.content.split("\n").filter((line: string) => line.startsWith("```")).length % 2).toBe(0);
      for (const embed of part.embeds ?? []) expect(embed.description.length).toBeLessThanOrEqual(4_096);
    }
    expect(parts.slice(0, -1).every((p) => (p.components ?? []).length === 0)).toBe(true);
    const all = parts.map((p) => p.content).join("\n");
    for (const sentence of sentences) expect(all.split(sentence).length - 1).toBe(1);
    for (let i = 0; i < 40; i++) expect(all).toContain(`const step${i} = configure("option-${i}");`);
    expect(last.path).toBe(`/webhooks/${APP_ID}/${ask.token}`);
  });
});
