import { conversationRouter } from "./routers/conversation";
import { messageRouter } from "./routers/message";
import { syncRouter } from "./routers/sync";
import { userRouter } from "./routers/user";
import { adminRouter } from "./routers/admin";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  user: userRouter,
  conversation: conversationRouter,
  message: messageRouter,
  sync: syncRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
