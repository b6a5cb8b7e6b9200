// Builds the conversation history passed to ask() for a follow-up: the earlier questions and answers of a thread,
// oldest first, bounded to the last `maxTurns` turns. Discord messages are the source of truth, so history
// survives restarts and needs no store of its own.
import { cleanContent, MessageFlags, type Message } from "discord.js";
import type { HistoryTurn } from "../../core/index.js";

export interface HistoryMessage {
  authorId: string;
  authorIsBot: boolean;
  system: boolean;
  /**
   * The bot sends notices (hints, apologies, rate limits) silently; they are not part of the conversation. An
   * edit cannot make a message silent, so a streamed answer that fails is deleted and the apology sent anew.
   */
  silent: boolean;
  content: string;
}

export function toHistoryMessage(message: Message, botId: string): HistoryMessage {
  return {
    authorId: message.author.id,
    authorIsBot: message.author.bot,
    system: message.system,
    silent: message.flags.has(MessageFlags.SuppressNotifications),
    content: message.author.id === botId ? message.content : questionText(message, botId),
  };
}

/**
 * A member's message as text for the core and for thread names: the bot's own mention removed, other mentions,
 * channels and custom emoji as readable names (discord.js cleanContent), never raw tokens like `<@123>`.
 */
export function questionText(message: Message, botId: string): string {
  const cleaned = cleanContent(stripMentions(message.content, botId), message.channel);
  // cleanContent leaves what it cannot resolve from the cache as it was.
  return cleaned
    .replace(/<@!?\d+>/g, "@someone")
    .replace(/<@&\d+>/g, "@role")
    .replace(/<#\d+>/g, "#channel")
    .trim();
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
