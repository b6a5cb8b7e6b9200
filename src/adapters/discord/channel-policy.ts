// Where the bot may answer. The allow-list names server channels; a thread counts as its parent channel, so
// allowing #help also allows every thread under it. DMs are not server channels and are always answered.
import type { Channel } from "discord.js";
import type { DiscordConfig } from "../../config.js";

export function isAllowedChannel(config: DiscordConfig, channelId: string, channel: Channel | null): boolean {
  if (config.allowedChannels.length === 0) return true;
  if (channel?.isDMBased()) return true;
  if (config.allowedChannels.includes(channelId)) return true;
  const parentId = channel?.isThread() ? channel.parentId : null;
  return parentId !== null && config.allowedChannels.includes(parentId);
}
