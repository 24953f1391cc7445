import { type inferRouterOutputs } from "@trpc/server";
import { type AppRouter } from "~/server/root";

type Outputs = inferRouterOutputs<AppRouter>;
export type ConversationListItem = Outputs["conversation"]["list"]["items"][number];
export type ConversationDetails = Outputs["conversation"]["byId"];
export type Member = ConversationDetails["members"][number];
export type SearchResult = Outputs["message"]["search"]["results"][number];
