// A base URL as it may be logged: LLM_BASE_URL can carry credentials — a user and password before the host
// (http://user:pass@host/v1) or a key in the query (?api_key=…) — and logs are read by more people than the
// configuration is. The scheme, host, port and path stay, since they are what an operator checks.

/** Query parameters that are safe to show: they configure the API, they do not authenticate to it. */
const HARMLESS_PARAMS = new Set(["api-version", "api_version", "version", "model", "deployment"]);
const MASK = "***";

export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL the client could use either; still never print what could be a credential in it.
    return url.replace(/\/\/[^/@\s]*@/, `//${MASK}@`).replace(/([?&][^=&#\s]+=)[^&#\s]*/g, `$1${MASK}`);
  }
  const userinfo = parsed.username !== "" || parsed.password !== "" ? `${MASK}@` : "";
  const query = [...parsed.searchParams.keys()]
    .map((name) => `${encodeURIComponent(name)}=${HARMLESS_PARAMS.has(name.toLowerCase()) ? encodeURIComponent(parsed.searchParams.get(name) ?? "") : MASK}`)
    .join("&");
  return `${parsed.protocol}//${userinfo}${parsed.host}${parsed.pathname}${query ? `?${query}` : ""}`;
}
