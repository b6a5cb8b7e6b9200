// /docent on Slack against the real core: the fixture knowledge base indexed offline, the Docent's own
// TaskService, the real Bolt app and the fake Slack.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openFixtureDocent, type FixtureDocent } from "../../helpers/docent-fixture.js";
import { allText, startDocentSlack, type DocentSlack } from "./docent-harness.js";

let fixture: FixtureDocent;
let slack: DocentSlack;
beforeAll(async () => {
  fixture = await openFixtureDocent();
  slack = await startDocentSlack({ tasks: fixture.docent.tasks, asker: fixture.docent });
});
afterAll(async () => {
  await slack.close();
  await fixture.close();
});

const reply = async (text: string) => (await slack.replies((await slack.docent(text)).responseId))[0]!;

describe("/docent on Slack with the real core", { timeout: 60_000 }, () => {
  it("latest 5 lists the newest documents with the front-matter date and link", async () => {
    const message = await reply("latest 5");
    expect(message.blocks[0].text.text).toBe("*Newest documents:*");
    expect(allText(message)).toContain("<https://lumen.example.org/docs/install|Installing Lumen> · 2025-11-03");
  });

  it("search ranks the Netlify guide first", async () => {
    const message = await reply("search netlify deploy");
    expect(message.blocks[0].text.text).toMatch(/^\*Documents matching “netlify deploy”\* — page 1 of \d+/);
    expect(message.blocks[1].text.text).toMatch(/^\*1\.\* (<[^|]+\||\*)Deploying a Lumen site to Netlify/);
  });

  it("summarize gives the summary with its sources; an unknown document names the closest titles", async () => {
    const message = await reply("summarize Installing Lumen");
    expect(message.blocks[0].text.text).toBe("*Summary of <https://lumen.example.org/docs/install|Installing Lumen>:*");
    expect(allText(message)).toContain("*Sections:*");
    expect(allText(message)).toMatch(/\[1\] <https:\/\/lumen\.example\.org\/docs\/install\|Installing Lumen>/);
    const missing = await reply("summarize the kubernetes operator handbook");
    expect(missing.text).toMatch(/^I couldn't find a document matching “the kubernetes operator handbook”\./);
  });

  it("a free-form request without a model is answered as a question, with sources", async () => {
    const message = await reply("how do I install Lumen?");
    expect(allText(message)).toContain("Installing Lumen");
  });
});
