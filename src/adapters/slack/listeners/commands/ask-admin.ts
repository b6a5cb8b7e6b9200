// /ask-admin reindex: an operator command, for the users in SLACK_ADMIN_USER_IDS only (an empty list means
// no one). Acknowledged at once (Slack's 3-second deadline); the re-index then runs and its summary is sent
// privately through the response_url, which stays valid for 30 minutes.
// @see https://api.slack.com/interactivity/slash-commands
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { isAppError } from "../../../../errors.js";
import type { ListenerDeps } from "../../deps.js";
import { ADMIN_ONLY, ADMIN_USAGE, REINDEX_STARTED, REINDEX_UNAVAILABLE } from "../../messages.js";
import { escapeMrkdwn } from "../../mrkdwn.js";
import { badTextField } from "../payload-shape.js";

/** Slack shows about 4,000 characters of a message before folding it; a summary rarely needs more. */
const SUMMARY_MAX = 3_500;

export function askAdminCommand(deps: ListenerDeps) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const bad = badTextField(command, ["text", "user_id", "response_url"]);
    if (bad) return deps.logger.warn({ command: "/ask-admin", field: bad }, "slack: ignored a command with a malformed field");
    const log = deps.logger.child({ via: "admin-command", userId: command.user_id });
    const say = (text: string) => respond({ response_type: "ephemeral", text });
    try {
      if (!deps.config.adminUserIds.includes(command.user_id)) {
        log.warn("slack: operator command refused");
        await say(ADMIN_ONLY);
        return;
      }
      if (command.text.trim().toLowerCase() !== "reindex") {
        await say(ADMIN_USAGE);
        return;
      }
      if (!deps.reindex) {
        await say(REINDEX_UNAVAILABLE);
        return;
      }
      await say(REINDEX_STARTED);
      log.info("slack: re-index requested");
      let summary: string;
      try {
        summary = await deps.reindex();
      } catch (error) {
        log.error({ err: error }, "slack: re-index failed");
        // Operators see the reason: AppError messages are written for them (a broken sources file, a held lock).
        summary = `Re-index failed: ${isAppError(error) ? error.message : "unexpected error; see the app's log"}`;
      }
      const shown = summary.length > SUMMARY_MAX ? `${summary.slice(0, SUMMARY_MAX)}\n… (cut; the full summary is in the app's log)` : summary;
      await say(`\`\`\`${escapeMrkdwn(shown)}\`\`\``);
    } catch (error) {
      // respond() itself failed (expired or unreachable response_url): nothing left to tell the user through.
      log.error({ err: error }, "slack: could not respond to /ask-admin");
    }
  };
}
