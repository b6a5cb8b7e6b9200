// robots.txt, once per origin per run. Per RFC 9309: a missing robots.txt (4xx) allows everything; one that
// cannot be fetched (5xx, timeout, network) means "assume disallowed" for now — the page is reported as a
// failure and its previous copy kept, rather than crawled against the site's wishes.
import robotsModule from "robots-parser";

// robots-parser is CommonJS whose module.exports is the function; its typings call that the default export.
const robotsParser = robotsModule as unknown as typeof robotsModule.default;

/** `unreachable`: robots.txt could not be read — a failure to report, unlike a rule that disallows the page. */
export type RobotsVerdict = { allowed: true } | { allowed: false; reason: string; unreachable?: boolean };

export type RobotsFetch = (url: string) => Promise<{ status: number; body: string } | { error: string }>;

export interface RobotsRules {
  check(url: string): Promise<RobotsVerdict>;
}

export function createRobotsRules(userAgent: string, fetchRobots: RobotsFetch): RobotsRules {
  // robots.txt groups name a product token ("DocentBot"), not the whole User-Agent header.
  const agent = userAgent.split(/[/\s]/)[0] || userAgent;
  const byOrigin = new Map<string, Promise<RobotsVerdictFor>>();
  type RobotsVerdictFor = (url: string) => RobotsVerdict;

  const load = async (origin: string): Promise<RobotsVerdictFor> => {
    const robotsUrl = `${origin}/robots.txt`;
    const result = await fetchRobots(robotsUrl);
    if ("error" in result) {
      const reason = `robots.txt could not be read (${result.error}); not fetching until it can`;
      return () => ({ allowed: false, reason, unreachable: true });
    }
    if (result.status >= 400 && result.status < 500) return () => ({ allowed: true });
    if (result.status !== 200) {
      const reason = `robots.txt answered HTTP ${result.status}; not fetching until it can be read`;
      return () => ({ allowed: false, reason, unreachable: true });
    }
    const robots = robotsParser(robotsUrl, result.body);
    return (url) =>
      robots.isAllowed(url, agent) === false
        ? { allowed: false, reason: `disallowed by robots.txt (line ${robots.getMatchingLineNumber(url, agent)})` }
        : { allowed: true };
  };

  return {
    async check(url) {
      const origin = new URL(url).origin;
      let rules = byOrigin.get(origin);
      if (!rules) byOrigin.set(origin, (rules = load(origin)));
      return (await rules)(url);
    },
  };
}
