import { hostname, networkInterfaces } from "node:os";

/**
 * `next dev` serves its scripts only to the host it was started for unless told otherwise, so a
 * page opened at 127.0.0.1 or from another machine on the LAN never hydrated. These are the names
 * this machine answers to; production (`next start`) ignores the setting.
 */
const devHosts = [
  "localhost",
  "127.0.0.1",
  "[::1]",
  hostname(),
  ...Object.values(networkInterfaces())
    .flat()
    .filter((i) => i && !i.internal)
    .map((i) => (i.family === "IPv6" ? `[${i.address}]` : i.address)),
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  allowedDevOrigins: [...new Set(devHosts)],
  reactStrictMode: true,
  // Loaded from node_modules at runtime: PGlite ships WASM and data files that must not be bundled.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "pusher", "prom-client"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
