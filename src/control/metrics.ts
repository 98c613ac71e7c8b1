/** What the request log tells the metrics about one answered request. */
export interface RequestObservation {
  method: string;
  /** The matched route pattern (bounded cardinality), never the raw path. */
  route: string;
  status: number;
  seconds: number;
  /** The OAuth (or problem) error code, when the answer was an error. */
  error?: string;
  /** The grant the tokens were issued under, with one entry per signed token. */
  tokens: { grant: string; type: string }[];
  /** Ids of the strictness rules the request broke. */
  warnings: string[];
}

/** Counters and a latency histogram, rendered in the Prometheus text format. */
export interface Metrics {
  observe(o: RequestObservation): void;
  render(): string;
}

/** Latency buckets in seconds (upper bounds). */
export const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Labels = Record<string, string>;

/** A counter family: label set (as a stable string) → value. */
class Family extends Map<string, { labels: Labels; value: number }> {
  inc(labels: Labels, by = 1) {
    const key = JSON.stringify(labels);
    const cur = this.get(key);
    if (cur) cur.value += by;
    else this.set(key, { labels, value: by });
  }
}

interface Histogram {
  buckets: number[];
  sum: number;
  count: number;
}

/** Escapes a label value (Prometheus text format: backslash, quote, newline). */
export function escapeLabel(v: string): string {
  return v.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n");
}

function labelText(labels: Labels, extra = ""): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  if (extra) parts.push(extra);
  return parts.length ? `{${parts.join(",")}}` : "";
}

function renderFamily(name: string, help: string, family: Family): string[] {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} counter`];
  for (const { labels, value } of family.values()) {
    lines.push(`${name}${labelText(labels)} ${value}`);
  }
  return lines;
}

function renderHistogram(name: string, help: string, byRoute: Map<string, Histogram>): string[] {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
  for (const [route, h] of byRoute) {
    const labels = { route };
    BUCKETS.forEach((le, i) =>
      lines.push(`${name}_bucket${labelText(labels, `le="${le}"`)} ${h.buckets[i]}`)
    );
    lines.push(`${name}_bucket${labelText(labels, 'le="+Inf"')} ${h.count}`);
    lines.push(`${name}_sum${labelText(labels)} ${h.sum}`);
    lines.push(`${name}_count${labelText(labels)} ${h.count}`);
  }
  return lines;
}

/**
 * In-memory metrics of this process. Observing is a few map updates: it sits on every request.
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/ (text format 0.0.4)
 */
export function createMetrics(crypto?: { backend: string; library: string }): Metrics {
  const requests = new Family();
  const tokens = new Family();
  const errors = new Family();
  const warnings = new Family();
  const latency = new Map<string, Histogram>();
  return {
    observe(o) {
      requests.inc({ method: o.method, route: o.route, status: String(o.status) });
      if (o.error) errors.inc({ code: o.error });
      for (const t of o.tokens) tokens.inc({ grant: t.grant, type: t.type });
      for (const rule of o.warnings) warnings.inc({ rule });
      let h = latency.get(o.route);
      if (!h) latency.set(o.route, h = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 });
      for (let i = 0; i < BUCKETS.length; i++) if (o.seconds <= BUCKETS[i]) h.buckets[i]++;
      h.sum += o.seconds;
      h.count++;
    },
    render: () =>
      [
        ...(crypto ? renderInfo(crypto) : []),
        ...renderMemory(),
        ...renderFamily("gatehouse_http_requests_total", "Requests by route and status.", requests),
        ...renderFamily("gatehouse_tokens_issued_total", "Signed tokens issued, by grant.", tokens),
        ...renderFamily("gatehouse_oauth_errors_total", "Error responses by error code.", errors),
        ...renderFamily(
          "gatehouse_strictness_warnings_total",
          "Strictness rules broken in lenient mode.",
          warnings,
        ),
        ...renderHistogram(
          "gatehouse_http_request_duration_seconds",
          "Time to answer a request.",
          latency,
        ),
      ].join("\n") + "\n",
  };
}

/** Which backend signs tokens (`--crypto`), as an info-style gauge. */
function renderInfo(crypto: { backend: string; library: string }): string[] {
  return [
    "# HELP gatehouse_crypto_info The signing backend (--crypto) and its library.",
    "# TYPE gatehouse_crypto_info gauge",
    `gatehouse_crypto_info${labelText(crypto)} 1`,
  ];
}

/** The process's memory: resident set, and the JavaScript heap it is mostly made of. */
function renderMemory(): string[] {
  const m = Deno.memoryUsage();
  const name = "gatehouse_process_memory_bytes";
  return [
    `# HELP ${name} Resident set (rss) and JavaScript heap: used, total (reserved), external.`,
    `# TYPE ${name} gauge`,
    `${name}{kind="rss"} ${m.rss}`,
    `${name}{kind="heap_used"} ${m.heapUsed}`,
    `${name}{kind="heap_total"} ${m.heapTotal}`,
    `${name}{kind="external"} ${m.external}`,
  ];
}
