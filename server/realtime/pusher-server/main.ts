import { exitOnBadConfig, getConfig } from "~/server/env";
import { startPusherServer } from "./server";

const env = exitOnBadConfig(getConfig);
const missing = (["REALTIME_APP_ID", "REALTIME_KEY", "REALTIME_SECRET"] as const).find((name) => !env[name]);
if (missing) {
  console.error(`error: Invalid configuration: ${missing} is required (\`npm run dev\`/\`npm start\` generate it; set it when running the server alone).`);
  process.exit(1);
}

const server = await startPusherServer({
  appId: env.REALTIME_APP_ID!,
  key: env.REALTIME_KEY!,
  secret: env.REALTIME_SECRET!,
  port: env.REALTIME_PORT,
  host: env.REALTIME_HOST,
  log: (line) => console.error(line),
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
