/**
 * The PM tools allowed to frame the panel (PANEL_HOST_ORIGINS): exact origins such as
 * `https://acme.pingcode.com`, or a whole subdomain level such as `https://*.pingcode.com` — the forms CSP
 * `frame-ancestors` understands. The same list decides which window the panel accepts a token from
 * (postMessage), so what may frame the panel and who may talk to it never differ. Pure: shared by the
 * service and the panel bundle.
 */
const PATTERN = /^(https?):\/\/(\*\.)?([a-z0-9-]+(\.[a-z0-9-]+)*)(:\d{1,5})?$/;

/** `undefined` when valid, else why not. */
export function hostOriginProblem(value: string): string | undefined {
  if (!PATTERN.test(value))
    return 'must be an origin such as https://acme.pingcode.com or https://*.pingcode.com';
  return undefined;
}

/** Whether a window's origin (`event.origin`) is one of the patterns; never true for `null` or a path. */
export function originAllowed(origin: string, patterns: readonly string[]): boolean {
  const match = PATTERN.exec(origin.toLowerCase());
  if (!match || match[2]) return false;
  return patterns.some((pattern) => {
    const p = PATTERN.exec(pattern.toLowerCase());
    if (!p) return false;
    if (p[1] !== match[1] || (p[5] ?? '') !== (match[5] ?? '')) return false;
    if (!p[2]) return p[3] === match[3];
    // `*.pingcode.com` is any one-or-more-label subdomain of pingcode.com, not pingcode.com itself.
    return match[3]!.endsWith(`.${p[3]}`);
  });
}
