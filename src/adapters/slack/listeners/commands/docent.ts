// /docent <task> …: the chat tasks beyond a single question, the first word naming the task —
// `latest [n] [topic]`, `search <words>`, `summarize <url | title | file>`, `help`; anything else is a free-form
// request (the core's agent when a model is configured, otherwise the same as /ask). Acknowledged at once
// (Slack's 3-second deadline); the result goes through the response_url, private (or for everyone when
// SLACK_ASK_EPHEMERAL=false, as /ask).
// @see https://api.slack.com/interactivity/slash-commands
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { ListenerDeps } from "../../deps.js";
import { formatAnswer } from "../../format-answer.js";
import { formatLatest, formatSearchPage, formatSummary, HELP } from "../../format-tasks.js";
import { slackTextToPlain } from "../../mrkdwn.js";
import { LATEST_MAX, refuseTask, runTask, SEARCH_PAGE_SIZE, searchPage, TASKS_UNAVAILABLE } from "../../task-flow.js";
import { badTextField } from "../payload-shape.js";

export const USAGE_SEARCH = "Say what to look for, e.g. `/docent search release process`.";
export const USAGE_SUMMARIZE = "Name the document: its URL, title or file, e.g. `/docent summarize Getting started`.";

export function docentCommand(deps: ListenerDeps) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const bad = badTextField(command, ["text", "user_id", "channel_id", "response_url"]);
    if (bad) return deps.logger.warn({ command: "/docent", field: bad }, "slack: ignored a command with a malformed field");
    const log = deps.logger.child({ via: "docent-command", userId: command.user_id, channel: command.channel_id });
    const responseType = deps.config.askEphemeral ? "ephemeral" : "in_channel";
    const say = (text: string) => respond({ response_type: "ephemeral", text });
    try {
      const text = slackTextToPlain(command.text).trim();
      const [first = "", ...rest] = text.split(/\s+/);
      const task = first.toLowerCase();
      const args = rest.join(" ").trim();
      if (task === "" || task === "help") return void (await say(HELP));
      const tasks = deps.tasks;
      if (!tasks) return void (await say(TASKS_UNAVAILABLE));
      if (task === "search" && !args) return void (await say(USAGE_SEARCH));
      if ((task === "summarize" || task === "summarise") && !args) return void (await say(USAGE_SUMMARIZE));

      const refused = await refuseTask(deps, command.user_id, task === "latest" || task === "search" || task.startsWith("summar") ? args : text);
      if (refused !== undefined) {
        if (refused) await say(refused);
        else log.debug("slack: refused again within the rate-limit window; not notified");
        return;
      }

      if (task === "latest") {
        const { n, topic } = parseLatest(args);
        const result = await runTask(deps, "latest", () => tasks.latest({ n, topic }));
        await respond(result.ok ? { response_type: responseType, ...formatLatest(result.value, topic) } : { response_type: "ephemeral", text: result.notice });
      } else if (task === "search") {
        const result = await searchPage(deps, args, 1);
        await respond(
          result.ok
            ? { response_type: responseType, ...formatSearchPage(result.value, { pageSize: SEARCH_PAGE_SIZE, userId: command.user_id }) }
            : { response_type: "ephemeral", text: result.notice },
        );
      } else if (task === "summarize" || task === "summarise") {
        const result = await runTask(deps, "summarize", () => tasks.summarize(args));
        await respond(result.ok ? { response_type: responseType, ...formatSummary(result.value) } : { response_type: "ephemeral", text: result.notice });
      } else {
        // A free-form request: the core decides (its agent with a model, otherwise an answer as /ask gives).
        const result = await runTask(deps, "request", () => tasks.request(text));
        await respond(
          result.ok
            ? { response_type: responseType, ...formatAnswer(result.value, { askedBy: { userId: command.user_id, question: text } }) }
            : { response_type: "ephemeral", text: result.notice },
        );
      }
    } catch (error) {
      // respond() itself failed (expired or unreachable response_url): nothing left to tell the user through.
      log.error({ err: error }, "slack: could not respond to /docent");
    }
  };
}

/** `latest 3 security` → n 3, topic "security"; `latest security` → topic only; n is kept within 1…25. */
export function parseLatest(args: string): { n?: number; topic?: string } {
  const [first = "", ...rest] = args.split(/\s+/).filter(Boolean);
  if (/^\d{1,4}$/.test(first)) {
    const topic = rest.join(" ") || undefined;
    return { n: Math.min(LATEST_MAX, Math.max(1, Number(first))), topic };
  }
  return { topic: args.trim() || undefined };
}
