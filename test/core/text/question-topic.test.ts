// questionTopic: the chat framing of a question is not its topic.
import { describe, expect, it } from "vitest";
import { questionTopic } from "../../../src/core/text/question-topic.js";

describe("questionTopic", () => {
  it("drops a chat preamble", () => {
    expect(questionTopic("random trivia q: what did WordPress fork from?")).toBe("what did WordPress fork from?");
    expect(questionTopic("Quick question — how do I cut a release?")).toBe("how do I cut a release?");
    expect(questionTopic("hey all, dumb q: where is the config file?")).toBe("where is the config file?");
    expect(questionTopic("sorry if this is a dumb question, but how do I vote?")).toBe("how do I vote?");
  });

  it("drops references to the knowledge base itself", () => {
    expect(questionTopic("why is urllib3 so widely used, according to the guides?")).toBe("why is urllib3 so widely used?");
    expect(questionTopic("what license should I pick per the docs")).toBe("what license should I pick");
  });

  it("keeps everything else, and never returns an empty question", () => {
    expect(questionTopic("quick start for windows?")).toBe("quick start for windows?");
    expect(questionTopic("where are the docs for the CLI?")).toBe("where are the docs for the CLI?");
    expect(questionTopic("quick question")).toBe("quick question");
  });
});
