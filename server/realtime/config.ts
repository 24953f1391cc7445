import { getEnv } from "~/server/env";

export interface ServerRealtimeConfig {
  appId: string;
  key: string;
  secret: string;
  host: string;
  port: number;
  useTLS: boolean;
  cluster: string;
}

/** What the browser needs to connect (never the secret). */
export interface ClientRealtimeConfig {
  key: string;
  wsHost: string;
  wsPort: number;
  forceTLS: boolean;
  cluster: string;
}

/**
 * PUSHER_* name the service the app publishes to: Pusher itself (cluster only), soketi, or the
 * embedded server that `npm run dev` / `npm start` launch with generated credentials.
 * null when nothing is configured (e.g. unit tests): publishing is then skipped.
 */
export function serverRealtimeConfig(): ServerRealtimeConfig | null {
  const env = getEnv();
  if (!env.PUSHER_APP_ID || !env.PUSHER_KEY || !env.PUSHER_SECRET) return null;
  const host = env.PUSHER_HOST ?? `api-${env.PUSHER_CLUSTER}.pusher.com`;
  return {
    appId: env.PUSHER_APP_ID,
    key: env.PUSHER_KEY,
    secret: env.PUSHER_SECRET,
    host,
    port: env.PUSHER_PORT ?? (env.PUSHER_USE_TLS ? 443 : 80),
    useTLS: env.PUSHER_USE_TLS,
    cluster: env.PUSHER_CLUSTER,
  };
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/**
 * `pageHost` is the host name the browser opened the page at. A realtime service the app reaches
 * on loopback runs on this machine, so the browser reaches it by the page's own host name: a page
 * opened at 127.0.0.1 or at the LAN address connects there, not to "localhost".
 */
export function clientRealtimeConfig(pageHost?: string | null): ClientRealtimeConfig | null {
  const env = getEnv();
  const server = serverRealtimeConfig();
  if (!server) return null;
  const sameMachine = env.PUSHER_HOST !== undefined && LOOPBACK.has(env.PUSHER_HOST) && pageHost;
  const publicHost =
    env.PUSHER_PUBLIC_HOST ??
    (sameMachine ? pageHost : env.PUSHER_HOST ? server.host : `ws-${server.cluster}.pusher.com`);
  return {
    key: server.key,
    wsHost: publicHost,
    wsPort: env.PUSHER_PUBLIC_PORT ?? server.port,
    forceTLS: env.PUSHER_PUBLIC_USE_TLS ?? server.useTLS,
    cluster: server.cluster,
  };
}

/** "127.0.0.1:3000" → "127.0.0.1"; null when the Host header is missing or malformed. */
export function pageHostname(hostHeader: string | null | undefined): string | null {
  if (!hostHeader) return null;
  try {
    return new URL(`http://${hostHeader}`).hostname || null;
  } catch {
    return null;
  }
}
