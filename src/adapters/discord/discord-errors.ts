// Turns what discord.js throws when it cannot log in or call the API (a refused token, an unreachable API, a
// gateway closed for good) into one AppError whose message names the cause and the fix, for the operator.
import { GatewayCloseCodes } from "discord.js";
import { AppError, isAppError } from "../../errors.js";

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_SOCKET"]);

const TOKEN_FIX = "Fix: Developer Portal → your application → Bot → Reset Token, and put the new token in DISCORD_TOKEN.";

/** `what` says what was being done, e.g. "discord" (the bot) or "discord:deploy". */
export function describeDiscordError(error: unknown, what: string, apiUrl: string): AppError {
  if (isAppError(error)) return error;
  const e = error as { code?: unknown; status?: unknown; name?: string; message?: string; cause?: { code?: unknown } } | null;
  const code = e?.code ?? e?.cause?.code;
  const status = typeof e?.status === "number" ? e.status : undefined;
  const message = e?.message ?? String(error);
  if (code === "TokenInvalid" || status === 401)
    return new AppError("platform_auth_failed", `${what}: Discord refused the bot token (401 Unauthorized): it is wrong, was reset or revoked. ${TOKEN_FIX}`, { cause: error });
  if (status === 403)
    return new AppError(
      "platform_auth_failed",
      `${what}: Discord refused access (403: ${message}). Fix: invite the bot with the applications.commands scope (see README, "Invite the bot"), and check DISCORD_GUILD_ID.`,
      { cause: error },
    );
  if (typeof code === "string" && NETWORK_CODES.has(code))
    return new AppError(
      "platform_unreachable",
      `${what}: cannot reach the Discord API at ${apiUrl} (${code}). Fix: check the network, firewall or proxy, and DISCORD_API_URL.`,
      { cause: error },
    );
  if (e?.name === "AbortError")
    return new AppError("platform_unreachable", `${what}: the Discord API at ${apiUrl} did not answer in time. Fix: check the network, firewall or proxy, and DISCORD_API_URL.`, { cause: error });
  if (status !== undefined && status >= 500)
    return new AppError(
      "platform_unreachable",
      `${what}: the Discord API at ${apiUrl} answered ${status} (${message}). Discord may be having trouble (https://discordstatus.com): try again later.`,
      { cause: error },
    );
  return new AppError("platform_start_failed", `${what}: ${message}`, { cause: error });
}

/** A gateway connection Discord closed for good (discord.js does not reconnect these). */
export function gatewayClosedError(closeCode: number, what = "discord"): AppError {
  const code = closeCode === GatewayCloseCodes.AuthenticationFailed ? "platform_auth_failed" : "platform_start_failed";
  return new AppError(code, `${what}: ${gatewayClosedReason(closeCode)}`);
}

/** Why the gateway closed for good, and the fix, without the "discord:" prefix (for /readyz). */
export function gatewayClosedReason(closeCode: number): string {
  const name = GatewayCloseCodes[closeCode] ?? "unknown close code";
  if (closeCode === GatewayCloseCodes.AuthenticationFailed) return `the gateway refused the bot token (${closeCode} ${name}). ${TOKEN_FIX}`;
  if (closeCode === GatewayCloseCodes.DisallowedIntents)
    return (
      `the gateway refused the Message Content intent (${closeCode} ${name}). ` +
      "Fix: Developer Portal → your application → Bot → Privileged Gateway Intents → turn on Message Content Intent, and save."
    );
  return `the gateway closed the connection (${closeCode} ${name}) and will not reconnect.`;
}
