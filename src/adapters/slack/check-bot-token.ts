// The Slack adapter's first step: ask Slack who the bot token belongs to (auth.test), with a short timeout and
// one retry, before anything is built or started. A rejected token, an API that answers 5xx and one that
// cannot be reached all end here as one AppError line naming the cause and the fix — instead of Bolt calling
// auth.test in the background and crashing the process seconds after it said it was running (or retrying for
// half an hour).
import { webApi } from "@slack/bolt";
import { AppError, type ErrorCode } from "../../errors.js";

export interface BotIdentity {
  userId: string;
  botId: string;
  teamId?: string;
}

export interface TokenCheckOptions {
  token: string;
  apiUrl: string;
  /** Per attempt; default 3 s. */
  timeoutMs?: number;
  /** Retries after a timeout, a refused connection or a 5xx; default 1. Rejections (invalid_auth…) are final. */
  retries?: number;
}

export const TOKEN_CHECK_DEFAULTS = { timeoutMs: 3_000, retries: 1 } as const;

/** Slack's answers that mean the token itself is wrong: revoked, mistyped, of the wrong kind, or its app gone. */
const TOKEN_REJECTED = new Set([
  "invalid_auth",
  "not_authed",
  "token_revoked",
  "token_expired",
  "account_inactive",
  "not_allowed_token_type",
  "invalid_token",
  "team_disabled",
  "user_removed_from_team",
  "app_uninstalled",
  "org_login_required",
  "ekm_access_denied",
]);

export async function checkBotToken(options: TokenCheckOptions): Promise<BotIdentity> {
  const timeoutMs = options.timeoutMs ?? TOKEN_CHECK_DEFAULTS.timeoutMs;
  const client = new webApi.WebClient(options.token, {
    slackApiUrl: options.apiUrl,
    timeout: timeoutMs,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: options.retries ?? TOKEN_CHECK_DEFAULTS.retries, factor: 1, minTimeout: 250, maxTimeout: 250, randomize: false },
    // The WebClient would otherwise log every failed attempt on its own console logger.
    logLevel: webApi.LogLevel.ERROR,
    logger: silentLogger,
  });
  let result: webApi.AuthTestResponse;
  try {
    result = await client.auth.test();
  } catch (error) {
    throw new AppError(failureCode(error), describeFailure(error, options.apiUrl, timeoutMs), { cause: error });
  }
  if (!result.user_id || !result.bot_id)
    throw new AppError(
      "platform_auth_failed",
      "slack: SLACK_BOT_TOKEN is not a bot token (auth.test names no bot user): use the Bot User OAuth Token (xoxb-…) from OAuth & Permissions",
    );
  return { userId: result.user_id, botId: result.bot_id, teamId: result.team_id };
}

/** Slack's error code (invalid_auth, token_revoked…) names a rejected token. */
export function isTokenRejection(reason: string | undefined): boolean {
  return reason !== undefined && TOKEN_REJECTED.has(reason);
}

/** The start-up error code for a failed auth.test, as Discord's start uses them (src/errors.ts). */
export function failureCode(error: unknown): ErrorCode {
  const e = error as { code?: string; data?: { error?: string } };
  if (e.code === webApi.ErrorCode.PlatformError) return isTokenRejection(e.data?.error) ? "platform_auth_failed" : "platform_start_failed";
  if (e.code === webApi.ErrorCode.HTTPError || e.code === webApi.ErrorCode.RequestError) return "platform_unreachable";
  return "platform_start_failed";
}

/** One line: what went wrong, and what to do about it. */
export function describeFailure(error: unknown, apiUrl: string, timeoutMs: number): string {
  const where = displayUrl(apiUrl);
  const e = error as { code?: string; data?: { error?: string }; statusCode?: number; original?: unknown; retryAfter?: number };
  if (e.code === webApi.ErrorCode.PlatformError) {
    const reason = e.data?.error ?? "unknown_error";
    if (TOKEN_REJECTED.has(reason))
      return `slack: the bot token was rejected (${reason}): check SLACK_BOT_TOKEN — the Bot User OAuth Token (xoxb-…) under OAuth & Permissions; reinstall the app if it was revoked`;
    return `slack: auth.test failed (${reason}): check SLACK_BOT_TOKEN and that the app is installed in the workspace`;
  }
  if (e.code === webApi.ErrorCode.HTTPError)
    return `slack: the Slack API at ${where} answered HTTP ${e.statusCode ?? "error"} to auth.test: Slack may be down (status.slack.com) or SLACK_API_URL is wrong; try again later`;
  if (e.code === webApi.ErrorCode.RateLimitedError)
    return `slack: the Slack API at ${where} rate-limited auth.test (retry after ${e.retryAfter ?? "?"} s): wait a minute and start again`;
  if (e.code === webApi.ErrorCode.RequestError) {
    const original = e.original as { name?: string; cause?: { code?: string; message?: string }; message?: string } | undefined;
    if (original?.name === "TimeoutError" || original?.name === "AbortError")
      return `slack: the Slack API at ${where} did not answer auth.test within ${Math.round(timeoutMs / 100) / 10} s: check the network, a proxy or SLACK_API_URL`;
    const cause = original?.cause?.code ?? original?.cause?.message ?? original?.message ?? "request failed";
    return `slack: cannot reach the Slack API at ${where} (${cause}): check the network, a proxy or SLACK_API_URL`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `slack: auth.test failed (${message.split("\n")[0]}): check SLACK_BOT_TOKEN and SLACK_API_URL`;
}

/** The API URL without credentials or query, safe to print. */
export function displayUrl(apiUrl: string): string {
  try {
    const url = new URL(apiUrl);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return "SLACK_API_URL";
  }
}

const silentLogger: webApi.Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => webApi.LogLevel.ERROR,
  setName: () => undefined,
};
