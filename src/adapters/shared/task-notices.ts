// Words for the chat tasks that both platforms say alike; each platform passes its own way of quoting
// document and member text so it renders inert.

/** The core's DocumentNotFoundError carries the target and the closest titles; members see them, quoted. */
export function notFound(error: unknown, quote: (text: string) => string): string {
  const { target, closest } = error as { target?: unknown; closest?: unknown };
  const titles = Array.isArray(closest) ? closest.filter((t): t is string => typeof t === "string").slice(0, 3) : [];
  const what = typeof target === "string" ? ` matching ${quote(target.slice(0, 200))}` : "";
  return `I couldn't find a document${what}.${titles.length > 0 ? ` Closest: ${titles.map(quote).join(", ")}.` : ""}`;
}
