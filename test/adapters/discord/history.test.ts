import { describe, expect, it } from "vitest";
import { collectHistory, stripMentions, type HistoryMessage } from "../../../src/adapters/discord/history.js";

const BOT = "1";
const msg = (authorId: string, content: string, extra: Partial<HistoryMessage> = {}): HistoryMessage => ({
  authorId,
  authorIsBot: authorId === BOT,
  system: false,
  silent: false,
  content,
  ...extra,
});

describe("collectHistory", () => {
  it("maps members to user turns and the bot to assistant turns, merging a split answer", () => {
    const history = collectHistory([msg("7", "<@1> how do I install?"), msg(BOT, "Part one."), msg(BOT, "Part two.")], BOT, 6);
    expect(history).toEqual([
      { role: "user", text: "how do I install?" },
      { role: "assistant", text: "Part one.\nPart two." },
    ]);
  });

  it("skips other bots, system messages and the bot's silent notices", () => {
    const history = collectHistory(
      [msg("9", "beep", { authorIsBot: true }), msg("7", "", { system: true }), msg("7", "q?"), msg(BOT, "Sorry — try again.", { silent: true })],
      BOT,
      6,
    );
    expect(history).toEqual([{ role: "user", text: "q?" }]);
  });

  it("keeps only the last maxTurns turns, and none when maxTurns is 0", () => {
    const messages = [msg("7", "q1"), msg(BOT, "a1"), msg("7", "q2"), msg(BOT, "a2")];
    expect(collectHistory(messages, BOT, 2)).toEqual([
      { role: "user", text: "q2" },
      { role: "assistant", text: "a2" },
    ]);
    expect(collectHistory(messages, BOT, 0)).toEqual([]);
  });
});

describe("stripMentions", () => {
  it("removes only the bot's mentions, keeping line breaks", () => {
    expect(stripMentions("<@!1> hi <@2>\nthere <@1>", BOT)).toBe("hi <@2>\nthere");
  });
});
