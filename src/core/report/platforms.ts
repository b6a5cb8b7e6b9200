// How the report names the platforms questions came from: the ids the adapters recorded, as stored.
/** "discord 12, slack 3, cli 1" (most questions first), or "" when nothing was asked. */
export function describePlatforms(byPlatform: Record<string, number>): string {
  return Object.entries(byPlatform)
    .map(([platform, count]) => `${platform} ${count}`)
    .join(", ");
}
