// Wires every Slack listener to the app, explicitly, so each one is type-checked and easy to find.
import type { App, BlockButtonAction } from "@slack/bolt";
import type { ListenerDeps } from "../deps.js";
import { ACTION_SHARE, ACTION_VOTE_DOWN, ACTION_VOTE_UP } from "../format-answer.js";
import { ACTION_SEARCH_PAGE } from "../format-tasks.js";
import { searchPageAction } from "./actions/search-page.js";
import { shareAction } from "./actions/share.js";
import { voteAction } from "./actions/vote.js";
import { askCommand } from "./commands/ask.js";
import { askAdminCommand } from "./commands/ask-admin.js";
import { docentCommand } from "./commands/docent.js";
import { appMentionCallback } from "./events/app-mention.js";
import { messageCallback } from "./events/message.js";

/** The slash command's name; the manifest declares the same. */
export const ASK_COMMAND = "/ask";
/** The operator command (/ask-admin reindex); the manifest declares it too. */
export const ADMIN_COMMAND = "/ask-admin";
/** The chat tasks (/docent latest | search | summarize | help); the manifest declares it too. */
export const DOCENT_COMMAND = "/docent";

export function registerListeners(app: App, deps: ListenerDeps): void {
  app.command(ASK_COMMAND, askCommand(deps));
  app.command(ADMIN_COMMAND, askAdminCommand(deps));
  app.command(DOCENT_COMMAND, docentCommand(deps));
  app.event("app_mention", appMentionCallback(deps));
  app.event("message", messageCallback(deps));
  app.action<BlockButtonAction>(ACTION_VOTE_UP, voteAction(deps));
  app.action<BlockButtonAction>(ACTION_VOTE_DOWN, voteAction(deps));
  app.action<BlockButtonAction>(ACTION_SHARE, shareAction(deps));
  app.action<BlockButtonAction>(new RegExp(`^${ACTION_SEARCH_PAGE}_(prev|next)$`), searchPageAction(deps));
}
