// Entry of the Slack adapter: checks the bot token, builds the Bolt app for the configured transport (Socket
// Mode or HTTP on /slack/events, behind the request guard), registers the listeners and starts it. The process
// entry (src/main.ts) calls this.
//
// Start-up either succeeds or rejects with one AppError line naming the cause and the fix, with nothing left
// running (no server, socket or retry timer): a bad token, an unreachable or failing Slack API, a port in use.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { App, HTTPReceiver } from "@slack/bolt";
import { createMemorySharedState } from "../../core/index.js";
import { AppError, type ErrorCode } from "../../errors.js";
import { healthRoutes } from "../../ops/health-routes.js";
import { createBoltLogger } from "./bolt-logger.js";
import { checkBotToken, displayUrl, failureCode, isTokenRejection } from "./check-bot-token.js";
import type { ListenerDeps, SlackAppDeps } from "./deps.js";
import { registerListeners } from "./listeners/index.js";
import { createRequestGuard, guardHttpReceiver } from "./request-guard.js";

export type { SlackAppDeps } from "./deps.js";

/** The one path Slack posts events, commands and button presses to in HTTP mode. */
export const EVENTS_PATH = "/slack/events";
/** Socket Mode: how long opening the connection may take before start-up gives up. */
const SOCKET_START_TIMEOUT_MS = 10_000;

export interface SlackAppHandle {
  app: App;
  stop(): Promise<void>;
  /** HTTP mode: the port actually listened on (useful with port 0). */
  port?: number;
}

export async function startSlackApp(deps: SlackAppDeps): Promise<SlackAppHandle> {
  const { config } = deps;
  const logger = deps.logger.child({ adapter: "slack", mode: config.mode });
  const appToken = config.mode === "socket" ? required(config.appToken, "SLACK_APP_TOKEN") : undefined;
  const signingSecret = config.mode === "http" ? required(config.signingSecret, "SLACK_SIGNING_SECRET") : undefined;

  // Bolt would call auth.test itself, in the background, retrying for half an hour, and crash the process
  // on a rejected token seconds after start-up "succeeded". Asked here first, bounded, and handed to Bolt.
  const bot = await checkBotToken({ token: config.botToken, apiUrl: config.apiUrl, ...deps.startup });
  logger.info({ botUserId: bot.userId, teamId: bot.teamId }, "slack: bot token accepted");

  const boltLogger = createBoltLogger(logger);
  const common = {
    token: config.botToken,
    botId: bot.botId,
    botUserId: bot.userId,
    logger: boltLogger,
    // Fresh object: Bolt writes its logger into the client options it is given.
    clientOptions: { slackApiUrl: config.apiUrl, ...deps.clientOptions },
    // Bolt's conversation store is unused; thread state comes from Slack itself.
    convoStore: false as const,
  };
  // Requests, messages and answered threads: in Postgres when replicas share one (deps.sharedState), else here.
  const state = deps.sharedState ?? createMemorySharedState();
  let app: App;
  if (appToken) app = new App({ ...common, socketMode: true, appToken });
  else {
    // /healthz, /readyz and /metrics on this port too, for a load balancer in front of it (src/ops/health-routes.ts).
    const receiver = new HTTPReceiver({ signingSecret: signingSecret!, endpoints: [EVENTS_PATH], port: config.port, logger: boltLogger, customRoutes: healthRoutes() });
    guardHttpReceiver(receiver, createRequestGuard({ signingSecret: signingSecret!, state }), { endpoints: [EVENTS_PATH], logger });
    app = new App({ ...common, receiver });
  }

  const listenerDeps: ListenerDeps = {
    ...deps,
    logger,
    state,
  };
  registerListeners(app, listenerDeps);
  // Last line of defence: anything a listener did not catch is logged, and the app keeps serving.
  app.error(async (error) => {
    logger.error({ err: error, code: error.code }, "slack: unhandled error in a listener");
  });

  if (config.mode === "socket") {
    await startOrClean(app, () => withDeadline(app.start(), deps.startup?.socketTimeoutMs ?? SOCKET_START_TIMEOUT_MS), (error) => [
      socketFailureCode(error),
      socketFailure(error, config.apiUrl),
    ]);
    logger.info("slack: connected (Socket Mode)");
    return { app, stop: async () => void (await app.stop()) };
  }
  const server = await startOrClean(
    app,
    async () => (await app.start(deps.host ? { port: config.port, host: deps.host } : config.port)) as Server,
    (error) => ["http_listen_failed", listenFailure(error, config.port)],
  );
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, `slack: listening for HTTP requests on ${EVENTS_PATH}`);
  return { app, port, stop: async () => void (await app.stop()) };
}

/** Starts the app; on failure stops whatever part of it did start, and rejects with a one-line AppError. */
async function startOrClean<T>(app: App, start: () => Promise<T>, describe: (error: unknown) => [ErrorCode, string]): Promise<T> {
  try {
    return await start();
  } catch (error) {
    await app.stop().catch(() => undefined);
    const [code, message] = describe(error);
    throw new AppError(code, message, { cause: error });
  }
}

/** As for Discord: a refused token, an API that does not answer, or anything else that refused the start. */
function socketFailureCode(error: unknown): ErrorCode {
  const e = error as { data?: { error?: string }; statusCode?: number; code?: string };
  if (e instanceof DeadlineError || e.statusCode !== undefined) return "platform_unreachable";
  if (e.data?.error) return isTokenRejection(e.data.error) ? "platform_auth_failed" : "platform_start_failed";
  return failureCode(error);
}

function socketFailure(error: unknown, apiUrl: string): string {
  const e = error as { code?: string; data?: { error?: string }; statusCode?: number; message?: string };
  if (e instanceof DeadlineError)
    return `slack: Socket Mode did not connect within ${e.ms / 1000} s: check the network (outbound WebSocket to Slack) and SLACK_APP_TOKEN`;
  if (e.data?.error)
    return `slack: Socket Mode was refused (${e.data.error}): check SLACK_APP_TOKEN — an app-level token (xapp-…) with connections:write, and that Socket Mode is on in the app's settings`;
  if (e.statusCode) return `slack: the Slack API at ${displayUrl(apiUrl)} answered HTTP ${e.statusCode} when opening Socket Mode: try again later`;
  return `slack: Socket Mode could not connect (${firstLine(e.message ?? String(error))}): check the network and SLACK_APP_TOKEN`;
}

function listenFailure(error: unknown, port: number): string {
  const code = (error as { code?: string }).code;
  if (code === "EADDRINUSE") return `slack: port ${port} is already in use (EADDRINUSE): stop the other program or set SLACK_PORT to a free port`;
  if (code === "EACCES") return `slack: not allowed to listen on port ${port} (EACCES): use SLACK_PORT 1024 or above, or run behind a proxy`;
  return `slack: cannot listen on port ${port} (${code ?? firstLine(String(error))}): check SLACK_PORT`;
}

class DeadlineError extends Error {
  constructor(readonly ms: number) {
    super(`no result within ${ms} ms`);
  }
}

async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(ms)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}

function required(value: string | undefined, name: string): string {
  // config.ts already insists on these per mode; this keeps the types honest if it is called otherwise.
  if (!value) throw new AppError("config_invalid", `slack: ${name} is required for SLACK_MODE=${name === "SLACK_APP_TOKEN" ? "socket" : "http"}`);
  return value;
}
