/** Content-Security-Policy of the desktop window (the renderer talks to main only over IPC). */
export const DESKTOP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** External sites a link in the UI may open, in the user's browser, never inside the app. */
export const EXTERNAL_ORIGINS = new Set([
  'https://polymarket.com',
  'https://docs.polymarket.com',
  'https://github.com',
]);

export function isAllowedExternal(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && EXTERNAL_ORIGINS.has(parsed.origin);
  } catch {
    return false;
  }
}
