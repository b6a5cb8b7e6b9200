// Include/exclude patterns of a source: shell-style globs matched against a page's URL path ("/blog/**") —
// or the whole URL when the pattern starts with a scheme — and, for folder sources, the relative file path.
// `*` stays inside one path segment, `**` crosses segments, `?` is one character.

export interface PathFilter {
  (target: string): boolean;
}

export function globToRegExp(glob: string): RegExp {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*" && glob[i + 1] === "*") {
      // "**/" also matches no directory at all, so "docs/**/x.md" covers "docs/x.md".
      if (glob[i + 2] === "/") {
        out += "(?:.*/)?";
        i += 2;
      } else {
        out += ".*";
        i += 1;
      }
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else out += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}

/** A page passes when it matches some include pattern (or there are none) and no exclude pattern. */
export function createPathFilter(include: readonly string[], exclude: readonly string[]): PathFilter {
  const compile = (patterns: readonly string[]) =>
    patterns.map((p) => {
      const re = globToRegExp(p);
      const whole = /^[a-z][a-z0-9+.-]*:\/\//i.test(p);
      return (target: string) => re.test(whole ? target : pathOf(target));
    });
  const inc = compile(include);
  const exc = compile(exclude);
  return (target) => (inc.length === 0 || inc.some((m) => m(target))) && !exc.some((m) => m(target));
}

/** The path part of a URL (with its query, which some sites use for pages); other strings are paths already. */
function pathOf(target: string): string {
  if (!/^https?:\/\//i.test(target)) return target;
  const url = new URL(target);
  return `${url.pathname}${url.search}`;
}
