import { exitOnBadConfig, getConfig } from "~/server/env";
import { describeError, getLogger } from "~/server/observability/logger";
import { startPusherServer } from "./server";

const env = exitOnBadConfig(getConfig);
const missing = (["REALTIME_APP_ID", "REALTIME_KEY", "REALTIME_SECRET"] as const).find((name) => !env[name]);
if (missing) {
  process.stderr.write(
    `error: Invalid configuration: ${missing} is required (\`npm run dev\`/\`npm start\` generate it; set it when running the server alone).\n`,
  );
  process.exit(1);
}

const server = await startPusherServer({
  appId: env.REALTIME_APP_ID!,
  key: env.REALTIME_KEY!,
  secret: env.REALTIME_SECRET!,
  port: env.REALTIME_PORT,
  host: env.REALTIME_HOST,
  log: (line) => getLogger().warn(line),
  limits: {
    maxChannelsPerSocket: env.REALTIME_MAX_CHANNELS_PER_SOCKET,
    maxConnectionsPerIp: env.REALTIME_MAX_CONNECTIONS_PER_IP,
    maxWebSocketMessageBytes: env.REALTIME_MAX_MESSAGE_BYTES,
    publicChannels: env.REALTIME_PUBLIC_CHANNELS,
    clientEvents: env.REALTIME_CLIENT_EVENTS,
    trustProxyHops: env.TRUST_PROXY_HOPS,
  },
}).catch((error: unknown) => {
  getLogger().fatal({ error: describeError(error) }, "realtime: failed to start");
  process.exit(1);
});

getLogger().info({ url: server.url, app: env.REALTIME_APP_ID }, "realtime: listening");

let stopping = false;
function stop(signal: NodeJS.Signals): void {
  if (stopping) {
    // A second signal means the operator does not want to wait for the graceful close.
    process.exit(1);
  }
  stopping = true;
  getLogger().info({ signal }, "realtime: shutting down");
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      getLogger().error({ error: describeError(error) }, "realtime: shutdown failed");
      process.exit(1);
    },
  );
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
