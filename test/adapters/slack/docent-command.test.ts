// /docent on Slack through the real Bolt app (HTTP mode) against the fake Slack: the first word is the task,
// the command is acknowledged with 200 at once and the result arrives through the response_url, within Slack's
// block limits, never able to ping, paged with buttons, and counted against the same rate limit as /ask.
import { afterEach, describe, expect, it } from "vitest";
import { ACTION_SEARCH_PAGE, HELP, parsePageValue } from "../../../src/adapters/slack/format-tasks.js";
import { USAGE_SEARCH } from "../../../src/adapters/slack/listeners/commands/docent.js";
import { TASKS_UNAVAILABLE } from "../../../src/adapters/slack/task-flow.js";
import { DOCS, recordingTasks } from "../task-data.js";
import { allText, startDocentSlack, type DocentSlack } from "./docent-harness.js";

let slack: DocentSlack | undefined;
afterEach(async () => {
  await slack?.close();
  slack = undefined;
});

/** Slack rejects a message over 50 blocks or with a section over 3,000 characters. */
function expectWithinLimits(message: Record<string, any>) {
  expect(message.blocks.length).toBeLessThanOrEqual(50);
  for (const block of message.blocks) {
    if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3_000);
    for (const e of block.elements ?? []) if (e.type === "mrkdwn") expect(e.text.length).toBeLessThanOrEqual(3_000);
    for (const e of block.elements ?? []) if (e.value) expect(e.value.length).toBeLessThanOrEqual(2_000);
  }
  expect(message.text.length).toBeLessThanOrEqual(4_000);
  // Broadcasts are defused and no raw control sequence (<!here>, <@U…>) comes from document text.
  expect(allText(message)).not.toMatch(/@(here|channel|everyone)\b|<!|<@/);
}

describe("/docent on Slack", { timeout: 30_000 }, () => {
  it("latest 3 security: acknowledged, then the newest documents with date, link and summary", async () => {
    const tasks = recordingTasks();
    slack = await startDocentSlack({ tasks });
    const { status, responseId } = await slack.docent("latest 3 security");
    expect(status).toBe(200);
    const [reply] = await slack.replies(responseId);
    expect(tasks.calls).toEqual([{ task: "latest", args: [{ n: 3, topic: "security" }] }]);
    expect(reply!.response_type).toBe("ephemeral");
    expect(reply!.blocks[0].text.text).toBe("*Newest documents about “security”:*");
    expect(reply!.blocks).toHaveLength(4);
    expect(reply!.blocks[1].text.text).toBe(
      "*1.* <https://blog.example.org/release-12|Release 12: @\u2060everyone should upgrade ∗now∗> · 2024-12-01\nWhat changed in release 12: security fixes and the release process.",
    );
    expectWithinLimits(reply!);
  });

  it("search <words>: ranked documents with section and link; ▶ replaces the page for the searcher, others get theirs privately", async () => {
    const tasks = recordingTasks();
    slack = await startDocentSlack({ tasks, askEphemeral: false });
    const { responseId } = await slack.docent("search release process");
    const [reply] = await slack.replies(responseId);
    expect(reply!.response_type).toBe("in_channel");
    expect(reply!.blocks[0].text.text).toBe("*Documents matching “release process”* — page 1 of 3 (12 documents):");
    expect(reply!.blocks[2].text.text).toMatch(/^\*2\.\* <https:\/\/blog\.example\.org\/release-11\|Release 11 notes> · Upgrading › Steps\n>What changed/);
    const paging = reply!.blocks.at(-1);
    expect(paging.type).toBe("actions");
    expect(paging.elements.map((e: any) => e.text.text)).toEqual(["Next ▶"]);
    expect(parsePageValue(paging.elements[0].value)).toEqual({ q: "release process", p: 2, u: "UASKER" });
    expectWithinLimits(reply!);

    const press = await slack.press(`${ACTION_SEARCH_PAGE}_next`, paging.elements[0].value);
    expect(press.status).toBe(200);
    const [page2] = await slack.replies(press.responseId);
    expect(page2).toMatchObject({ replace_original: true });
    expect(page2!.blocks[0].text.text).toContain("page 2 of 3");
    expect(page2!.blocks[1].text.text).toMatch(/^\*6\.\* /);
    expect(page2!.blocks.at(-1).elements.map((e: any) => e.text.text)).toEqual(["◀ Previous", "Next ▶"]);
    expect(tasks.calls.at(-1)).toEqual({ task: "searchDocuments", args: ["release process", { page: 2, pageSize: 5 }] });

    const other = await slack.press(`${ACTION_SEARCH_PAGE}_next`, paging.elements[0].value, { userId: "UOTHER" });
    const [theirs] = await slack.replies(other.responseId);
    expect(theirs).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(theirs!.blocks[0].text.text).toContain("page 2 of 3");
  });

  it("summarize <url>: the summary with cited sources and its sections; an unknown document names the closest titles", async () => {
    slack = await startDocentSlack({ tasks: recordingTasks() });
    // Slack sends a pasted URL wrapped as <https://…>; the task gets the plain URL.
    const { responseId } = await slack.docent("summarize <https://blog.example.org/release-11>");
    const [reply] = await slack.replies(responseId);
    expect(reply!.blocks[0].text.text).toBe("*Summary of <https://blog.example.org/release-11|Release 11 notes>:*");
    expect(reply!.blocks[1].text.text).toContain("Release 11 fixes two security issues");
    expect(JSON.stringify(reply!.blocks)).toContain("*Sections:* Highlights · Upgrading › Steps");
    expect(JSON.stringify(reply!.blocks)).toContain("[1] <https://blog.example.org/release-11|Release 11 notes> — Highlights");
    expectWithinLimits(reply!);

    const missing = await slack.docent("summarize the kubernetes guide");
    const [notice] = await slack.replies(missing.responseId);
    expect(notice).toMatchObject({ response_type: "ephemeral", text: "I couldn't find a document matching “the kubernetes guide”. Closest: “Release 11 notes”, “Release 10 notes”." });
  });

  it("help, usage, and a free-form request that goes to the core", async () => {
    const tasks = recordingTasks();
    slack = await startDocentSlack({ tasks });
    expect((await slack.replies((await slack.docent("help")).responseId))[0]).toMatchObject({ response_type: "ephemeral", text: HELP });
    expect((await slack.replies((await slack.docent("")).responseId))[0]!.text).toBe(HELP);
    expect((await slack.replies((await slack.docent("search")).responseId))[0]!.text).toBe(USAGE_SEARCH);
    const free = await slack.replies((await slack.docent("what changed about security this month?")).responseId);
    expect(tasks.calls.at(-1)).toEqual({ task: "request", args: ["what changed about security this month?"] });
    expect(allText(free[0]!)).toContain("You asked: what changed about security this month?");
  });

  it("applies the per-member rate limit: one notice, then silence", async () => {
    const tasks = recordingTasks();
    slack = await startDocentSlack({ tasks, rateLimit: 1 });
    await slack.replies((await slack.docent("latest")).responseId);
    const limited = await slack.docent("search release");
    expect((await slack.replies(limited.responseId))[0]!.text).toMatch(/faster than I can keep up/);
    const silent = await slack.docent("latest");
    expect(silent.status).toBe(200);
    // Another member is answered, and by then the silenced command has had its chance to reply.
    await slack.replies((await slack.docent("latest", { userId: "UOTHER" })).responseId);
    expect(slack.fake.responses.filter((r) => r.id === silent.responseId)).toHaveLength(0);
    expect(tasks.calls.map((c) => c.task)).toEqual(["latest", "latest"]);
  });

  it("fits 25 long documents into Slack's limits, and says so when this process has no task service", async () => {
    const long = Array.from({ length: 25 }, (_, i) => ({ ...DOCS[0]!, file: `f${i}.md`, title: `T${i} ${"x".repeat(400)}`, summary: "@here word ".repeat(400) }));
    slack = await startDocentSlack({ tasks: recordingTasks({ latest: async () => long }) });
    const [reply] = await slack.replies((await slack.docent("latest 25")).responseId);
    expect(reply!.blocks).toHaveLength(26);
    expectWithinLimits(reply!);
    await slack.close();

    slack = await startDocentSlack({});
    expect((await slack.replies((await slack.docent("latest")).responseId))[0]!.text).toBe(TASKS_UNAVAILABLE);
  });
});
