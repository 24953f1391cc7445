import { router } from "~/server/trpc";
import { auditRouter } from "./audit";
import { recalledRouter } from "./recalled";
import { settingsRouter } from "./settings";

export const adminRouter = router({
  recalled: recalledRouter,
  settings: settingsRouter,
  audit: auditRouter,
});
