// Small numeric and calendar helpers shared by the report's aggregations.

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** UTC calendar day (YYYY-MM-DD) of an ISO timestamp. */
export function dayOf(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

/** `count` consecutive UTC days starting at `firstDay`. */
export function dayRange(firstDay: string, count: number): string[] {
  const start = Date.parse(`${firstDay}T00:00:00.000Z`);
  return Array.from({ length: count }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}
