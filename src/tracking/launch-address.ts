/**
 * Taking a TinCan-style launch off the address bar: the part that must run the moment a page or element
 * starts (so the credential does not stay in the URL, the history, bookmarks or a `Referer`), kept
 * apart from reading the launch (./launch.ts), which can wait until the LRS code loads.
 */

/** The query parameters of a TinCan launch (RusticiSoftware/launch), all removed after reading. */
export const LAUNCH_PARAMETERS = [
  'endpoint',
  'auth',
  'actor',
  'registration',
  'activity_id',
  'activity_platform',
  'Accept-Language',
  'grouping',
  'content_token',
  'content_endpoint',
] as const;

/** The URL without the launch parameters (other parameters and the fragment stay). */
export function withoutLaunchParameters(url: string | URL): string {
  const clean = new URL(String(url));
  for (const name of LAUNCH_PARAMETERS) clean.searchParams.delete(name);
  return clean.href;
}

/**
 * Removes the launch parameters from the address bar and returns the address as it was, with them:
 * the caller keeps it in memory only, and reads it with ./launch.ts's `launchOutcome`.
 */
export function takeLaunchAddress(win: Pick<Window, 'location' | 'history'> = window): string {
  const href = win.location.href;
  const clean = withoutLaunchParameters(href);
  if (clean !== href) win.history.replaceState(win.history.state, '', clean);
  return href;
}
