// Slack's payloads arrive signed but are still input: a field the listeners treat as text can, in a crafted
// (or buggy) request, be an object, an array or missing. Listeners check the fields they use first and drop a
// payload that is not shaped as expected, with a log line — after the ack, a throw would only end up as
// "unhandled error" with the member getting no reply.

/** The first of `fields` that is present but not a string, or one of `required` that is missing; undefined if fine. */
export function badTextField(payload: unknown, required: readonly string[], optional: readonly string[] = []): string | undefined {
  if (payload === null || typeof payload !== "object") return "(payload)";
  const record = payload as Record<string, unknown>;
  for (const field of required) if (typeof record[field] !== "string") return field;
  for (const field of optional) if (record[field] !== undefined && record[field] !== null && typeof record[field] !== "string") return field;
  return undefined;
}
