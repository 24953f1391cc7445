import { z } from "zod";

/** Input pieces shared by several routers, each with a message a person can act on. */
export const id = (what: string) => z.uuid({ message: `${what} must be a valid id.` });
export const conversationId = id("conversationId");

export const messageBody = z
  .string({ message: "Message text is required." })
  .trim()
  .min(1, "A message cannot be empty.")
  .max(4000, "A message can be at most 4000 characters.");

export const title = z
  .string()
  .trim()
  .min(1, "A group needs a title.")
  .max(80, "A title can be at most 80 characters.");

export const reason = z
  .string()
  .trim()
  .max(200, "A reason can be at most 200 characters.")
  .transform((r) => (r === "" ? null : r));

export const limit = (max: number, fallback: number) =>
  z
    .number()
    .int("limit must be a whole number.")
    .min(1, "limit must be at least 1.")
    .max(max, `limit can be at most ${max}.`)
    .default(fallback);
