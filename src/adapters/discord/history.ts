// Builds the conversation history passed to ask() for a follow-up: the earlier questions and answers of a thread,
// oldest first, bounded to the last `maxTurns` turns. Discord messages are the source of truth, so history
// survives restarts and needs no store of its own.
import { MessageFlags, type Message } from "discord.js";
import type { HistoryTurn } from "../../core/index.js";

export interface HistoryMessage {
  authorId: string;
  authorIsBot: boolean;
  system: boolean;
  /** The bot sends notices (hints, apologies, rate limits) silently; they are not part of the conversation. */
  silent: boolean;
  content: string;
}

export function toHistoryMessage(message: Message): HistoryMessage {
  return {
    authorId: message.author.id,
    authorIsBot: message.author.bot,
    system: message.system,
    silent: message.flags.has(MessageFlags.SuppressNotifications),
    content: message.content,
  };
}

/** `messages` oldest first. Consecutive messages of one side (an answer split in parts) become one turn. */
export function collectHistory(messages: HistoryMessage[], botId: string, maxTurns: number): HistoryTurn[] {
  const turns: HistoryTurn[] = [];
  for (const message of messages) {
    if (message.system) continue;
    const fromBot = message.authorId === botId;
    if (fromBot && message.silent) continue;
    if (!fromBot && message.authorIsBot) continue;
    const text = fromBot ? message.content.trim() : stripMentions(message.content, botId);
    if (!text) continue;
    const role = fromBot ? "assistant" : "user";
    const last = turns[turns.length - 1];
    if (last?.role === role) last.text = `${last.text}\n${text}`;
    else turns.push({ role, text });
  }
  return maxTurns > 0 ? turns.slice(-maxTurns) : [];
}

/** Removes mentions of the bot (`<@id>` or `<@!id>`) from a member's message. */
export function stripMentions(content: string, botId: string): string {
  return content.replace(new RegExp(`<@!?${botId}>`, "g"), "").trim();
}
