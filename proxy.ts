import { type NextRequest, NextResponse } from "next/server";
import { getEnv } from "~/server/env";
import { clientRealtimeConfig, pageHostname } from "~/server/realtime/config";
import {
  contentSecurityPolicy,
  hasCredentialsInQuery,
  isCrossSiteWrite,
  staticSecurityHeaders,
} from "~/server/security/headers";

/** Security headers for every response, a fresh CSP nonce per page, and no cross-site writes. */
export function proxy(request: NextRequest) {
  const publicHost = getEnv().NEXTAUTH_URL ? new URL(getEnv().NEXTAUTH_URL!).host : null;
  if (isCrossSiteWrite(request.method, request.headers.get("origin"), [request.headers.get("host"), publicHost])) {
    return NextResponse.json({ error: "Cross-site requests are not allowed." }, { status: 403 });
  }
  if (hasCredentialsInQuery(request.nextUrl.searchParams)) {
    return NextResponse.json(
      { error: "Credentials must be sent in the body of a POST request, never in the address." },
      { status: 400 },
    );
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy({
    nonce,
    realtime: clientRealtimeConfig(pageHostname(request.headers.get("host"))),
    dev: process.env.NODE_ENV === "development",
  });
  // Next.js reads the nonce from the request's CSP header and puts it on its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries(staticSecurityHeaders)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
