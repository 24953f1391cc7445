import { getServerSession } from "next-auth";
import { sessionUser } from "~/server/context";
import { getAuthOptions } from "./options";

/** The signed-in user in a server component, route handler or tRPC context; null when signed out. */
export async function getSessionUser() {
  return sessionUser(await getServerSession(getAuthOptions()));
}
