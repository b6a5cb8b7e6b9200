// /ask question:<text> [private:<bool>]. Checks are instant and answered directly (ephemerally); a question that
// passes is deferred at once, because Discord drops interactions not acknowledged within 3 seconds, and the
// answer is edited in when the core returns.
// @see https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
import { MessageFlags, SlashCommandBuilder } from "discord.js";
import { admitQuestion, askCore, interactionTimeoutMs } from "../ask-flow.js";
import { isAllowedChannel } from "../channel-policy.js";
import { NO_MENTIONS, NOT_IN_THIS_CHANNEL } from "../notices.js";
import { streamReply } from "../stream-reply.js";
import type { Command } from "./index.js";

export const askCommand = {
  data: new SlashCommandBuilder()
    .setName("ask")
    .setDescription("Ask a question about this project; the answer cites its sources.")
    .addStringOption((option) =>
      option.setName("question").setDescription("What you want to know").setRequired(true).setMaxLength(6_000),
    )
    .addBooleanOption((option) => option.setName("private").setDescription("Only you see the answer (default: false)")),

  async execute(interaction, deps) {
    const receivedAt = Date.now();
    const ephemeral = interaction.options.getBoolean("private") ?? false;
    const notify = (content: string) =>
      interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS }).then(() => undefined);

    if (!isAllowedChannel(deps.config, interaction.channelId, interaction.channel)) return notify(NOT_IN_THIS_CHANNEL);
    const admission = await admitQuestion(deps, interaction.user.id, interaction.options.getString("question", true));
    if (!admission.ok) {
      // Already told it is rate-limited in this window: no second notice (Discord shows the command as unanswered).
      if (admission.reason === "rate_limited" && !admission.notice) return;
      return notify(admission.notice ?? "Please include a question, e.g. `/ask question: how do I install it?`");
    }

    await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    // A streaming answerer's text replaces "Docent is thinking…" as it is written; the final edit completes it.
    const stream = streamReply(deps, (content) => interaction.editReply({ content, allowedMentions: NO_MENTIONS }));
    const result = await askCore(deps, {
      userId: interaction.user.id,
      channelId: interaction.channelId,
      question: admission.question,
      history: [],
      receivedAt,
      onPartial: stream.onPartial,
      timeoutMs: interactionTimeoutMs(deps.limits.timeoutMs),
    });
    await stream.settle();
    if (!result.ok) {
      await interaction.editReply({ content: result.notice, allowedMentions: NO_MENTIONS });
      return;
    }
    const [first, ...rest] = result.replies;
    await interaction.editReply({ ...first, allowedMentions: NO_MENTIONS });
    for (const reply of rest)
      await interaction.followUp({ ...reply, allowedMentions: NO_MENTIONS, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
  },
} satisfies Command;
