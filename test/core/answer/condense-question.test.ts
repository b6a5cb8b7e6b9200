import { describe, expect, it } from "vitest";
import { condenseQuestion, dependsOnHistory } from "../../../src/core/answer/condense-question.js";
import type { HistoryTurn } from "../../../src/core/types.js";

const PREVIOUS = "How do I deploy Lumen to Netlify?";
const history: HistoryTurn[] = [
  { role: "user", text: PREVIOUS },
  { role: "assistant", text: "Set the build command to lumen build and publish the dist folder [1]." },
];

describe("dependsOnHistory", () => {
  it.each([
    // bare wh-words and requests for more
    "why?",
    "Why not?",
    "how so?",
    "How come?",
    "Where?",
    "Which one?",
    "tell me more",
    "examples?",
    "What else?",
    // continuations
    "and Slack?",
    "And how do I configure the port?",
    "what about Vercel?",
    "How about Netlify?",
    "Same for Discord?",
    "or GitLab Pages?",
    // references back
    "how do I install it?",
    "and when was it?",
    "Does it support custom HTTPS certificates?",
    "Does it support custom HTTPS certificates for multilingual sites hosted on Netlify domains?",
    "Is it free?",
    "Is it possible?",
    "What's its license?",
    "Who maintains them?",
    "What does that mean?",
    "Can I use that on Windows?",
    "Is that free?",
    "Is this free?",
    "What does this command do?",
    "Which of those is faster?",
    "Can I deploy there?",
    "Does Slack work too?",
    "What should I use instead?",
    "How much does it cost?",
    "Can I do the same on GitLab?",
    "What was the command you mentioned earlier?",
    // ellipsis: fragments, and a question frame without a subject of its own
    "Vercel?",
    "custom domains?",
    "the price?",
    "What is the difference?",
    "Which is better?",
    "What are the alternatives?",
  ])("%s → depends on the conversation", (question) => {
    expect(dependsOnHistory(question)).toBe(true);
  });

  it.each([
    "What is Docent?",
    "what is docent",
    "Who is the new General Manager of Linux Foundation Europe?",
    "How do I install Lumen?",
    "Who maintains Lumen?",
    "What's the default port?",
    "What is a code of conduct?",
    "Why does Lumen need Node 20?",
    "How much does Lumen cost?",
    "Is there a free tier?",
    "Is there a plugin that converts Markdown to PDF?",
    "Does Lumen support plugins that are written in Python?",
    "Is it possible to deploy Lumen to Vercel?",
    "Is it free to use Lumen commercially?",
    "How long does it take to build a Lumen site?",
    "What does this project do?",
    "How do I join this community?",
    "Can I have more than one site per account?",
    "How do I configure the development server port for Lumen?",
    "So what is Docent?",
    "Also, how do I deploy to Netlify?",
    "what does the L in FLOSS stand for?",
    "random trivia q: what did WordPress originally fork from?",
    "what kinda stuff should go in a CONTRIBUTING file?",
  ])("%s → stands on its own", (question) => {
    expect(dependsOnHistory(question)).toBe(false);
  });

  it("is false for an empty question", () => {
    expect(dependsOnHistory("   ")).toBe(false);
  });
});

describe("condenseQuestion", () => {
  it("leaves a standalone question unchanged even with history", () => {
    const q = "How do I configure the development server port for Lumen?";
    expect(condenseQuestion(q, history)).toBe(q);
  });

  it("leaves a short self-contained question unchanged: 'What is Docent?' after an unrelated question", () => {
    const unrelated: HistoryTurn[] = [{ role: "user", text: "Who is the new General Manager of Linux Foundation Europe?" }];
    expect(condenseQuestion("What is Docent?", unrelated)).toBe("What is Docent?");
  });

  it("appends the previous user question to 'what about Slack?'", () => {
    expect(condenseQuestion("what about Slack?", history)).toBe(`what about Slack? ${PREVIOUS}`);
  });

  it("appends the previous user question to 'and when was it?'", () => {
    expect(condenseQuestion("and when was it?", history)).toBe(`and when was it? ${PREVIOUS}`);
  });

  it("appends the previous user question to a fragment", () => {
    expect(condenseQuestion("Vercel?", history)).toBe(`Vercel? ${PREVIOUS}`);
    expect(condenseQuestion("custom domains?", history)).toBe(`custom domains? ${PREVIOUS}`);
  });

  it("appends to a question that refers back with a pronoun", () => {
    expect(condenseQuestion("Does it support custom HTTPS certificates?", history)).toBe(`Does it support custom HTTPS certificates? ${PREVIOUS}`);
  });

  it("returns the question unchanged without history", () => {
    expect(condenseQuestion("what about Slack?")).toBe("what about Slack?");
    expect(condenseQuestion("what about Slack?", [])).toBe("what about Slack?");
  });

  it("uses the most recent user turn, not an older one", () => {
    const turns: HistoryTurn[] = [
      { role: "user", text: "Old question about themes?" },
      { role: "assistant", text: "Themes answer." },
      { role: "user", text: PREVIOUS },
      { role: "assistant", text: "Netlify answer." },
    ];
    expect(condenseQuestion("what about Vercel?", turns)).toBe(`what about Vercel? ${PREVIOUS}`);
  });

  it("never uses an assistant turn as the previous question", () => {
    const onlyAssistant: HistoryTurn[] = [{ role: "assistant", text: "Welcome! Ask me about Lumen." }];
    expect(condenseQuestion("what about Slack?", onlyAssistant)).toBe("what about Slack?");
    const assistantLast: HistoryTurn[] = [
      { role: "user", text: PREVIOUS },
      { role: "assistant", text: "An answer mentioning Discord servers." },
    ];
    const condensed = condenseQuestion("what about Slack?", assistantLast);
    expect(condensed).not.toContain("Discord");
    expect(condensed).toBe(`what about Slack? ${PREVIOUS}`);
  });

  it("skips blank user turns when looking for the previous question", () => {
    const turns: HistoryTurn[] = [
      { role: "user", text: PREVIOUS },
      { role: "user", text: "   " },
    ];
    expect(condenseQuestion("what about Slack?", turns)).toBe(`what about Slack? ${PREVIOUS}`);
  });
});
