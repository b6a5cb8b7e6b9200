// 👍 / 👎 under an answer: stored in the shared record store (one vote per member per answer, changeable)
// and acknowledged to the voter alone.
// @see https://api.slack.com/reference/interaction-payloads/block-actions
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { isAppError } from "../../../../errors.js";
import type { ListenerDeps } from "../../deps.js";
import { badTextField } from "../payload-shape.js";
import { ACTION_VOTE_UP } from "../../format-answer.js";
import { ANSWER_GONE, VOTE_FAILED, voteThanks } from "../../messages.js";

export function voteAction(deps: ListenerDeps) {
  return async ({ ack, action, body, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    if (badTextField(body.user, ["id"]) || badTextField(action, [], ["value"]))
      return deps.logger.warn({ action: "vote" }, "slack: ignored a button press with a malformed field");
    const vote = action.action_id === ACTION_VOTE_UP ? "up" : "down";
    const userId = body.user.id;
    const answerId = action.value ?? "";
    const log = deps.logger.child({ via: "vote", userId, answerId, vote });
    let text: string;
    try {
      const { status } = await deps.records.recordVote({ answerId, platform: "slack", userId, vote });
      log.info({ status }, "slack: vote recorded");
      text = voteThanks(vote, status);
    } catch (error) {
      if (isAppError(error, "answer_unknown")) text = ANSWER_GONE;
      else {
        log.error({ err: error }, "slack: could not record the vote");
        text = VOTE_FAILED;
      }
    }
    // replace_original: false keeps the answer in place; the thanks is a separate note only the voter sees.
    await respond({ response_type: "ephemeral", replace_original: false, text }).catch((error: unknown) =>
      log.warn({ err: error }, "slack: could not acknowledge the vote"),
    );
  };
}
