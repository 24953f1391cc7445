import { type inferRouterOutputs } from "@trpc/server";
import { type AppRouter } from "~/server/root";

type Outputs = inferRouterOutputs<AppRouter>;
export type ConversationListItem = Outputs["conversation"]["list"]["items"][number];
export type ConversationDetails = Outputs["conversation"]["byId"];
export type Member = ConversationDetails["members"][number];
export type SearchResult = Outputs["message"]["search"]["results"][number];

/** What the server render reads for an open conversation (c/[id]/prefetch.ts) and the client seeds its cache with. */
export interface ConversationPrefetch {
  details: ConversationDetails;
  history: Outputs["message"]["history"];
}
