import { describe, expect, it } from "vitest";
import { condenseQuestion } from "../../../src/core/answer/condense-question.js";
import type { HistoryTurn } from "../../../src/core/types.js";

const PREVIOUS = "How do I deploy Lumen to Netlify?";
const history: HistoryTurn[] = [
  { role: "user", text: PREVIOUS },
  { role: "assistant", text: "Set the build command to lumen build and publish the dist folder [1]." },
];

describe("condenseQuestion", () => {
  it("leaves a standalone question unchanged even with history", () => {
    const q = "How do I configure the development server port for Lumen?";
    expect(condenseQuestion(q, history)).toBe(q);
  });

  it("appends the previous user question to 'what about Slack?'", () => {
    expect(condenseQuestion("what about Slack?", history)).toBe(`what about Slack? ${PREVIOUS}`);
  });

  it("appends the previous user question to 'and when was it?'", () => {
    expect(condenseQuestion("and when was it?", history)).toBe(`and when was it? ${PREVIOUS}`);
  });

  it("appends the previous user question to a question of one or two content words", () => {
    expect(condenseQuestion("Vercel?", history)).toBe(`Vercel? ${PREVIOUS}`);
    expect(condenseQuestion("custom domains?", history)).toBe(`custom domains? ${PREVIOUS}`);
  });

  it("appends to a short question that refers back with a pronoun", () => {
    expect(condenseQuestion("Does it support custom HTTPS certificates?", history)).toBe(
      `Does it support custom HTTPS certificates? ${PREVIOUS}`,
    );
  });

  it("does not treat a long question with a pronoun as a follow-up", () => {
    const q = "Does it support custom HTTPS certificates for multilingual sites hosted on Netlify domains?";
    expect(condenseQuestion(q, history)).toBe(q);
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
