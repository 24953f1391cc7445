import { Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * Process-wide Prometheus metrics. The registry lives on globalThis so Next's dev reloads do not
 * register the same metric twice. Gauges that need I/O (outbox lag, realtime connections) are set
 * by the /api/metrics route just before it renders.
 */
function create() {
  const registry = new Registry();
  return {
    registry,
    procedureCalls: new Counter({
      name: "recall_trpc_requests_total",
      help: "tRPC procedure calls by procedure and result code (OK or the tRPC error code).",
      labelNames: ["procedure", "status"] as const,
      registers: [registry],
    }),
    procedureSeconds: new Histogram({
      name: "recall_trpc_request_duration_seconds",
      help: "tRPC procedure latency by procedure.",
      labelNames: ["procedure"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    recalls: new Counter({
      name: "recall_recalls_total",
      help: "Messages recalled, by who recalled them (sender, group_owner, group_admin, system_admin).",
      labelNames: ["actor_kind"] as const,
      registers: [registry],
    }),
    rateLimitRefusals: new Counter({
      name: "recall_rate_limit_refusals_total",
      help: "Requests refused by a rate limit, by limit name.",
      labelNames: ["limit"] as const,
      registers: [registry],
    }),
    publishFailures: new Counter({
      name: "recall_realtime_publish_failures_total",
      help: "Outbox rows whose publish to the realtime service failed (they are retried).",
      registers: [registry],
    }),
    outboxLag: new Gauge({
      name: "recall_outbox_lag_seconds",
      help: "Age of the oldest unpublished outbox row (0 when empty).",
      registers: [registry],
    }),
    outboxPending: new Gauge({
      name: "recall_outbox_pending",
      help: "Unpublished outbox rows.",
      registers: [registry],
    }),
    realtimeConnections: new Gauge({
      name: "recall_realtime_connections",
      help: "Open WebSocket connections on the embedded realtime server.",
      registers: [registry],
    }),
    realtimeChannels: new Gauge({
      name: "recall_realtime_channels",
      help: "Occupied channels on the embedded realtime server.",
      registers: [registry],
    }),
  };
}

const state = globalThis as unknown as { recallMetrics?: ReturnType<typeof create> };

export function metrics() {
  state.recallMetrics ??= create();
  return state.recallMetrics;
}
