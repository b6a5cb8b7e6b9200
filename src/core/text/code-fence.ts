// Fenced code blocks (``` or ~~~), recognised the same way everywhere Markdown is read: headings, cleanup and
// sentence splitting must all agree on where code starts and ends.
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

/** The fence a line opens or closes a code block with, if it is a fence line. */
export function fenceMarker(line: string): string | undefined {
  return FENCE.exec(line)?.[1];
}

/** Whether `line` closes a block opened with `open`: only a bare fence of the same character, at least as long. */
export function closesFence(open: string, line: string): boolean {
  const marker = fenceMarker(line);
  return marker !== undefined && marker[0] === open[0] && marker.length >= open.length && line.trim() === marker;
}
