import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { sessionUser } from "~/server/context";
import { getAuthOptions } from "./options";

/** The signed-in user in a server component, route handler or tRPC context; null when signed out. */
export async function getSessionUser() {
  // Reading the request first marks the caller dynamic, so `next build` never prerenders a page
  // that needs the session (and never needs the runtime secret).
  await headers();
  return sessionUser(await getServerSession(getAuthOptions()));
}
