import { router } from "~/server/trpc";
import { auditRouter } from "./audit";
import { directoryRouter } from "./directory";
import { recalledRouter } from "./recalled";
import { settingsRouter } from "./settings";
import { statsProcedure } from "./stats";
import { usersRouter } from "./users";

export const adminRouter = router({
  stats: statsProcedure,
  recalled: recalledRouter,
  settings: settingsRouter,
  audit: auditRouter,
  directory: directoryRouter,
  users: usersRouter,
});
