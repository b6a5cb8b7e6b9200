// /ask <question>: acknowledge at once (Slack's deadline is 3 s), then answer through the response_url —
// ephemeral with a "Share in channel" button by default, or visible to all (SLACK_ASK_EPHEMERAL=false).
// @see https://api.slack.com/interactivity/slash-commands
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { askCore, screenQuestion } from "../../ask-core.js";
import type { ListenerDeps } from "../../deps.js";
import { formatAnswer } from "../../format-answer.js";
import { slackTextToPlain } from "../../mrkdwn.js";
import { RESPONSE_URL_PARTIALS, streamReply } from "../../stream-reply.js";
import { badTextField } from "../payload-shape.js";

export function askCommand(deps: ListenerDeps) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const receivedAt = Date.now();
    await ack();
    const bad = badTextField(command, ["text", "user_id", "channel_id", "response_url"]);
    if (bad) return deps.logger.warn({ command: "/ask", field: bad }, "slack: ignored a command with a malformed field");
    // Let requests that arrived meanwhile be acknowledged before this one's core work takes the event loop:
    // with 50 commands in flight this roughly halved the ack p50 in scripts/bench-slack-ack.ts.
    await new Promise((resolve) => setImmediate(resolve));
    const log = deps.logger.child({ via: "command", userId: command.user_id, channel: command.channel_id });
    const question = slackTextToPlain(command.text);
    try {
      const screening = await screenQuestion(deps, command.user_id, question);
      if (!screening.ok) {
        if (screening.notice) await respond({ response_type: "ephemeral", text: screening.notice });
        else log.debug("slack: refused again within the rate-limit window; not notified");
        return;
      }
      const ephemeral = deps.config.askEphemeral;
      const responseType = ephemeral ? "ephemeral" : "in_channel";
      // A streaming answerer's text is posted as it is written and then replaced by the finished answer.
      let shown = false;
      const stream = streamReply(
        deps,
        async (text) => {
          await respond({ response_type: responseType, replace_original: shown, text });
          shown = true;
        },
        { maxShows: RESPONSE_URL_PARTIALS },
      );
      const outcome = await askCore(deps, { userId: command.user_id, channel: command.channel_id, question, via: "command", onPartial: stream.onPartial, receivedAt });
      await stream.settle();
      if (!outcome.ok) {
        // Replacing partials keeps their response_type (a notice cannot turn a channel message ephemeral);
        // with nothing shown yet, the notice is for the asker alone.
        await respond({ response_type: shown ? responseType : "ephemeral", replace_original: shown, text: outcome.notice });
        return;
      }
      const message = formatAnswer(outcome.answer, {
        answerId: outcome.answerId,
        share: ephemeral,
        askedBy: { userId: command.user_id, question },
      });
      await respond({ response_type: responseType, replace_original: shown, ...message });
    } catch (error) {
      // respond() itself failed (expired or unreachable response_url): nothing left to tell the user through.
      log.error({ err: error }, "slack: could not respond to /ask");
    }
  };
}
