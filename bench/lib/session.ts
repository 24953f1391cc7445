import { encode } from "next-auth/jwt";

export interface BenchUser {
  id: string;
  name: string;
  email: string;
  role: "user" | "admin";
}

/** Production over http (NEXTAUTH_URL http://…): no `__Secure-` prefix. */
export const SESSION_COOKIE = "next-auth.session-token";

/**
 * A session cookie exactly as next-auth's credentials sign-in would set it: a JWE made by
 * next-auth's own `encode` with the app's NEXTAUTH_SECRET and the fields the app's `jwt`
 * callback puts in the token (server/auth/options.ts: uid, role; plus name, email, sub).
 */
export async function sessionCookie(secret: string, user: BenchUser): Promise<string> {
  const token = await encode({
    secret,
    maxAge: 24 * 3600,
    token: { name: user.name, email: user.email, sub: user.id, uid: user.id, role: user.role },
  });
  return `${SESSION_COOKIE}=${token}`;
}
