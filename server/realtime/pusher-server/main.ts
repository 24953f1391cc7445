import { z } from "zod";
import { getRealtimeBoundsEnv } from "~/server/env";
import { startPusherServer } from "./server";

const required = (name: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${name} is required` : `${name} must be a string`) })
    .min(1, `${name} must not be empty`);

const Env = z.object({
  REALTIME_APP_ID: required("REALTIME_APP_ID"),
  REALTIME_KEY: required("REALTIME_KEY"),
  REALTIME_SECRET: required("REALTIME_SECRET"),
  REALTIME_PORT: z
    .string()
    .regex(/^\d{1,5}$/, "REALTIME_PORT must be a port number")
    .optional()
    .transform((value) => (value === undefined ? 6001 : Number(value)))
    .refine((port) => port <= 65535, "REALTIME_PORT must be at most 65535"),
  REALTIME_HOST: z.string().min(1, "REALTIME_HOST must not be empty").default("127.0.0.1"),
});

const parsed = Env.safeParse(process.env);
if (!parsed.success) {
  console.error(`realtime: invalid environment: ${parsed.error.issues.map((issue) => issue.message).join("; ")}`);
  process.exit(1);
}
const env = parsed.data;
let bounds;
try {
  bounds = getRealtimeBoundsEnv();
} catch (error) {
  console.error(`realtime: invalid environment: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const server = await startPusherServer({
  appId: env.REALTIME_APP_ID,
  key: env.REALTIME_KEY,
  secret: env.REALTIME_SECRET,
  port: env.REALTIME_PORT,
  host: env.REALTIME_HOST,
  log: (line) => console.error(line),
  limits: {
    maxChannelsPerSocket: bounds.REALTIME_MAX_CHANNELS_PER_SOCKET,
    maxConnectionsPerIp: bounds.REALTIME_MAX_CONNECTIONS_PER_IP,
    maxWebSocketMessageBytes: bounds.REALTIME_MAX_MESSAGE_BYTES,
    publicChannels: bounds.REALTIME_PUBLIC_CHANNELS,
    clientEvents: bounds.REALTIME_CLIENT_EVENTS,
    trustProxyHops: bounds.TRUST_PROXY_HOPS,
  },
}).catch((error: unknown) => {
  console.error(`realtime: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

console.log(`realtime: listening on ${server.url} (app ${env.REALTIME_APP_ID})`);

let stopping = false;
function stop(signal: NodeJS.Signals): void {
  if (stopping) {
    // A second signal means the operator does not want to wait for the graceful close.
    process.exit(1);
  }
  stopping = true;
  console.log(`realtime: ${signal} received, shutting down`);
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`realtime: shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
