// ◀ / ▶ under /docent search results: fetches that page again from the core (the button carries the query) and
// replaces the results in place for the member who searched; anyone else pressing under a shared result gets
// the page privately, so the message is not changed under the people reading it. Same rate limit as /ask.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { ListenerDeps } from "../../deps.js";
import { formatSearchPage, parsePageValue } from "../../format-tasks.js";
import { refuseTask, SEARCH_PAGE_SIZE, searchPage, TASKS_UNAVAILABLE } from "../../task-flow.js";
import { badTextField } from "../payload-shape.js";

export function searchPageAction(deps: ListenerDeps) {
  return async ({ ack, action, body, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    if (badTextField(body.user, ["id"]) || badTextField(action, [], ["value"]))
      return deps.logger.warn({ action: "search-page" }, "slack: ignored a button press with a malformed field");
    const userId = body.user.id;
    const log = deps.logger.child({ via: "search-page", userId });
    const privately = (text: string) => respond({ response_type: "ephemeral", replace_original: false, text });
    try {
      const value = parsePageValue(action.value);
      if (!value) return void log.warn("slack: ignored a paging button with an unreadable value");
      if (!deps.tasks) return void (await privately(TASKS_UNAVAILABLE));
      const refused = await refuseTask(deps, userId, value.q);
      if (refused !== undefined) {
        if (refused) await privately(refused);
        return;
      }
      const result = await searchPage(deps, value.q, value.p);
      if (!result.ok) return void (await privately(result.notice));
      const own = value.u === userId;
      const message = formatSearchPage(result.value, { pageSize: SEARCH_PAGE_SIZE, userId });
      await respond(own ? { replace_original: true, ...message } : { response_type: "ephemeral", replace_original: false, ...message });
    } catch (error) {
      log.error({ err: error }, "slack: could not show the search page");
    }
  };
}
