import { type ClientRealtimeConfig } from "~/server/realtime/config";

/**
 * The Content-Security-Policy for one page view. Scripts run only with this response's nonce
 * (Next.js applies it to its own scripts) and whatever those load ('strict-dynamic'); the only
 * other origin the page may talk to is the realtime WebSocket host.
 */
export function contentSecurityPolicy(opts: {
  nonce: string;
  realtime: ClientRealtimeConfig | null;
  dev: boolean;
}): string {
  const realtime = opts.realtime ? realtimeOrigins(opts.realtime) : [];
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // 'unsafe-eval' only in development, for React's dev tooling and fast refresh.
    "script-src": ["'self'", `'nonce-${opts.nonce}'`, "'strict-dynamic'", ...(opts.dev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...realtime, ...(opts.dev ? ["ws:"] : [])],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

function realtimeOrigins(c: ClientRealtimeConfig): string[] {
  const scheme = c.forceTLS ? "wss" : "ws";
  return [`${scheme}://${c.wsHost}:${c.wsPort}`];
}

/** Headers every response carries. */
export const staticSecurityHeaders: Record<string, string> = {
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
};

/**
 * Mutations must come from our own pages: a browser always sends Origin on cross-site POSTs, so
 * a POST whose Origin names another host than the request's (or the public NEXTAUTH_URL's, behind
 * a proxy) is refused. SameSite=Lax session cookies are the second line.
 */
export function isCrossSiteWrite(
  method: string,
  origin: string | null,
  allowedHosts: (string | null | undefined)[],
): boolean {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return false;
  if (!origin) return false;
  try {
    return !allowedHosts.includes(new URL(origin).host);
  } catch {
    return true;
  }
}

/**
 * A password (or CSRF token) in a URL ends up in history, proxies and access logs. The forms post;
 * a request that still carries one in its query string (a form submitted before hydration, a
 * hand-made link) is refused rather than served.
 */
export function hasCredentialsInQuery(params: URLSearchParams): boolean {
  for (const key of params.keys()) {
    if (/^(password|passwd|pwd|csrftoken)$/i.test(key)) return true;
  }
  return false;
}
