// "Share in channel" under an ephemeral /ask answer: repost it for everyone (with the same answer id, so
// votes from anyone land on the same record), then remove the private copy.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { ListenerDeps } from "../../deps.js";
import { badTextField } from "../payload-shape.js";
import { formatAnswer } from "../../format-answer.js";
import { ANSWER_GONE } from "../../messages.js";

export function shareAction(deps: ListenerDeps) {
  return async ({ ack, action, body, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    if (badTextField(body.user, ["id"]) || badTextField(action, [], ["value"]))
      return deps.logger.warn({ action: "share" }, "slack: ignored a button press with a malformed field");
    const userId = body.user.id;
    const answerId = action.value ?? "";
    const log = deps.logger.child({ via: "share", userId, answerId });
    try {
      const stored = await deps.records.getAnswer(answerId);
      if (!stored) {
        await respond({ response_type: "ephemeral", replace_original: false, text: ANSWER_GONE });
        return;
      }
      const message = formatAnswer(stored, { answerId, askedBy: { userId, question: stored.question, shared: true } });
      await respond({ response_type: "in_channel", replace_original: false, ...message });
      await respond({ delete_original: true });
      log.info("slack: answer shared");
    } catch (error) {
      log.error({ err: error }, "slack: could not share the answer");
    }
  };
}
