// /docent <free text> on Slack with a model configured: the real Bolt app against the fake Slack, the real core
// (task corpus indexed offline) and its langchain agent against the loopback OpenAI-compatible fake, which
// scripts the agent's tool calls. The reply must carry the agent's grounded text and the tools' citations.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI, type RecordedChatRequest } from "../../helpers/fake-openai.js";
import { openTaskCorpus, type TaskCorpus } from "../../core/tasks/task-corpus.js";
import { allText, startDocentSlack, type DocentSlack } from "./docent-harness.js";

let openai: FakeOpenAI;
let corpus: TaskCorpus;
let slack: DocentSlack;
beforeAll(async () => {
  openai = await startFakeOpenAI();
  corpus = await openTaskCorpus({ LLM_PROVIDER: "openai", LLM_BASE_URL: openai.baseUrl, LLM_MAX_RETRIES: "0", AGENT_MAX_TOOL_CALLS: "3" });
  slack = await startDocentSlack({ tasks: corpus.docent.tasks, asker: corpus.docent });
});
afterAll(async () => {
  await slack?.close();
  await corpus?.close();
  await openai?.close();
});
afterEach(() => {
  openai.requests.length = 0;
});

const isAgentCall = (request: RecordedChatRequest) => (request.body.tools ?? []).length > 0;
const reply = async (text: string) => (await slack.replies((await slack.docent(text)).responseId))[0]!;

describe("/docent free-form request on Slack with a model", { timeout: 60_000 }, () => {
  it("goes to the agent: its tool calls run on the real core, and the reply is its grounded text with the tools' citations", async () => {
    openai.enqueue(
      { toolCalls: [{ name: "search", arguments: JSON.stringify({ query: "signed tags" }) }] },
      { text: "Release tags are signed with the release manager's key [1]. The moon is made of cheese [9]." },
    );
    const message = await reply("how are releases tagged, and who signs them?");

    expect(openai.requests).toHaveLength(2);
    expect(openai.requests.every(isAgentCall)).toBe(true);
    expect(openai.requests[0]!.body.tools!.map((t) => t.function.name).sort()).toEqual(["ask", "latest", "search", "summarize"]);
    // The agent's wording, with its citation linked to the tool's document; the uncitable sentence is gone.
    const grounded = "Release tags are signed with the release manager's key <https://docs.example.org/release|[1]>.";
    expect(message.text).toBe(grounded);
    const sections = message.blocks.filter((b: { type: string }) => b.type === "section").map((b: { text: { text: string } }) => b.text.text);
    expect(sections).toEqual([grounded]);
    expect(message.blocks.at(-1).elements[0].text).toBe("*Sources*\n[1] <https://docs.example.org/release|Release process › Tagging>");
    expect(allText(message)).not.toContain("cheese");
  });

  it("a chain of two tools (latest, then summarize) cites only what the tools returned", async () => {
    openai.enqueue(
      { toolCalls: [{ name: "latest", arguments: JSON.stringify({ n: 3, topic: "security" }) }] },
      { toolCalls: [{ name: "summarize", arguments: JSON.stringify({ target: "Security policy" }) }] },
      // summarize writes its summary with the model: that call comes between the agent's turns.
      { text: "Vulnerabilities are reported privately to the security team [1]." },
      { text: "The newest security document is the Security policy [1]. Download the fix from https://evil.example/patch.sh [1]." },
    );
    const message = await reply("what's new about security, and what does the newest post say?");

    expect(openai.requests).toHaveLength(4);
    const text = allText(message);
    expect(text).toContain("The newest security document is the Security policy");
    expect(text).not.toContain("evil.example");
    expect(text).toContain("https://example.org/security");
    expect(text).not.toContain("docs.example.org/release");
  });
});
