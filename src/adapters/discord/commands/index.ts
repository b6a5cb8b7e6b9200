// The bot's slash commands: a static, typed list shared by the interaction handler and by
// scripts/deploy-discord-commands.ts, so what is registered with Discord is exactly what is handled.
import type { ChatInputCommandInteraction, RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord.js";
import type { DiscordBotDeps } from "../deps.js";
import { askCommand } from "./ask.js";
import { askAdminCommand } from "./ask-admin.js";
import { docentCommand } from "./docent.js";

export interface Command {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, deps: DiscordBotDeps): Promise<void>;
}

export const commands: readonly Command[] = [askCommand, askAdminCommand, docentCommand];
