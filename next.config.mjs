/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Loaded from node_modules at runtime: PGlite ships WASM and data files that must not be bundled.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "pusher"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
