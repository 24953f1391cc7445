import { router } from "~/server/trpc";
import { auditRouter } from "./audit";
import { directoryRouter } from "./directory";
import { recalledRouter } from "./recalled";
import { reportsRouter } from "./reports";
import { settingsRouter } from "./settings";
import { statsProcedure } from "./stats";
import { usersRouter } from "./users";

export const adminRouter = router({
  stats: statsProcedure,
  recalled: recalledRouter,
  reports: reportsRouter,
  settings: settingsRouter,
  audit: auditRouter,
  directory: directoryRouter,
  users: usersRouter,
});
