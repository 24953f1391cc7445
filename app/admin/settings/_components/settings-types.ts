import { type inferRouterOutputs } from "@trpc/server";
import { type AppRouter } from "~/server/root";

type SettingsData = inferRouterOutputs<AppRouter>["admin"]["settings"]["get"];
export type Global = SettingsData["global"];
export type OverrideRow = SettingsData["overrides"][number];
export type ContentPolicy = Global["contentPolicy"];
export type NoticeMode = Global["noticeMode"];
