// Escaping for text people typed (questions) on its way into Markdown and HTML. In a GitHub issue a pasted
// "@name" would notify that person and "<img …>" would render, so both are neutralised.

/** Markdown inline text on one line: markup characters escaped, mentions defused, newlines flattened. */
export function mdText(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[\\`*_[\]|#~!]/g, (c) => `\\${c}`)
    // Entities rather than backslashes for angle brackets: GitHub shows them as text and no tag survives.
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@/g, "@\u200b");
}

/** A Markdown link, or plain text when there is no URL; only http(s) URLs become links. */
export function mdLink(text: string, url: string | undefined): string {
  return url && /^https?:\/\//i.test(url) ? `[${mdText(text)}](<${url.replace(/[<>\s]/g, encodeURIComponent)}>)` : mdText(text);
}

export function html(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An href for a citation URL; anything but http(s) (javascript:, data:) is dropped. */
export function safeHref(url: string | undefined): string | undefined {
  return url && /^https?:\/\//i.test(url) ? html(url) : undefined;
}

export function percent(value: number | null): string {
  return value === null ? "–" : `${Math.round(value * 100)}%`;
}

export function ms(value: number | null): string {
  return value === null ? "–" : value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}
