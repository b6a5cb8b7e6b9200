// The 👍/👎 buttons under an answer. The custom id carries the stored answer's id, so a press needs no state in
// memory and still works after a restart.
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from "discord.js";
import type { Vote } from "../../core/index.js";

const VOTE_PREFIX = "docent-vote";

export function voteButtons(answerId: string): APIActionRowComponent<APIButtonComponent> {
  const button = (vote: Vote, emoji: string, label: string): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    custom_id: `${VOTE_PREFIX}:${answerId}:${vote}`,
    emoji: { name: emoji },
    label,
  });
  return { type: ComponentType.ActionRow, components: [button("up", "👍", "Helpful"), button("down", "👎", "Not helpful")] };
}

export function parseVoteId(customId: string): { answerId: string; vote: Vote } | undefined {
  const [prefix, answerId, vote] = customId.split(":");
  if (prefix !== VOTE_PREFIX || !answerId || (vote !== "up" && vote !== "down")) return undefined;
  return { answerId, vote };
}
