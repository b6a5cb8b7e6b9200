// Entry of the Slack adapter: builds the Bolt app for the configured transport (Socket Mode or HTTP on
// /slack/events), registers the listeners and starts it. The process entry (src/main.ts) calls this.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { App } from "@slack/bolt";
import { createBoltLogger } from "./bolt-logger.js";
import { BoundedSet } from "./bounded-set.js";
import type { ListenerDeps, SlackAppDeps } from "./deps.js";
import { registerListeners } from "./listeners/index.js";

export type { SlackAppDeps } from "./deps.js";

/** Recent messages remembered for de-duplication; Slack's retries come within minutes, so this is ample. */
const SEEN_MESSAGES_MAX = 10_000;
/** Threads remembered as answered; older ones are recognised again by reading the thread. */
const ANSWERED_THREADS_MAX = 10_000;

export interface SlackAppHandle {
  app: App;
  stop(): Promise<void>;
  /** HTTP mode: the port actually listened on (useful with port 0). */
  port?: number;
}

export async function startSlackApp(deps: SlackAppDeps): Promise<SlackAppHandle> {
  const { config } = deps;
  const logger = deps.logger.child({ adapter: "slack", mode: config.mode });
  const common = {
    token: config.botToken,
    logger: createBoltLogger(logger),
    // Fresh object: Bolt writes its logger into the client options it is given.
    clientOptions: { slackApiUrl: config.apiUrl, ...deps.clientOptions },
    // Bolt's conversation store is unused; thread state comes from Slack itself.
    convoStore: false as const,
  };
  const app =
    config.mode === "socket"
      ? new App({ ...common, socketMode: true, appToken: required(config.appToken, "SLACK_APP_TOKEN") })
      : new App({ ...common, signingSecret: required(config.signingSecret, "SLACK_SIGNING_SECRET"), port: config.port });

  const listenerDeps: ListenerDeps = {
    ...deps,
    logger,
    seenMessages: new BoundedSet(SEEN_MESSAGES_MAX),
    answeredThreads: new BoundedSet(ANSWERED_THREADS_MAX),
  };
  registerListeners(app, listenerDeps);
  // Last line of defence: anything a listener did not catch is logged, and the app keeps serving.
  app.error(async (error) => {
    logger.error({ err: error, code: error.code }, "slack: unhandled error in a listener");
  });

  if (config.mode === "socket") {
    await app.start();
    logger.info("slack: connected (Socket Mode)");
    return { app, stop: async () => void (await app.stop()) };
  }
  const server = (await app.start(deps.host ? { port: config.port, host: deps.host } : config.port)) as Server;
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, "slack: listening for HTTP requests on /slack/events");
  return { app, port, stop: async () => void (await app.stop()) };
}

function required(value: string | undefined, name: string): string {
  // config.ts already insists on these per mode; this keeps the types honest if it is called otherwise.
  if (!value) throw new Error(`slack: ${name} is required for this mode`);
  return value;
}
