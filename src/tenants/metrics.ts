import { escapeLabel, type Metrics } from "../control/metrics.ts";

/** Adds `label="value"` to every sample line of Prometheus text (comments stay as they are). */
export function addLabel(text: string, label: string, value: string): string {
  const pair = `${label}="${escapeLabel(value)}"`;
  return text.split("\n").map((line) => {
    if (line === "" || line.startsWith("#")) return line;
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0] ?? "";
    const rest = line.slice(name.length);
    return rest.startsWith("{") ? `${name}{${pair},${rest.slice(1)}` : `${name}{${pair}}${rest}`;
  }).join("\n");
}

/** A tenant's metrics: each sample labelled `tenant="<name>"`. */
export function labelMetrics(metrics: Metrics, tenant: string): Metrics {
  return {
    ...metrics,
    observe: (o) => metrics.observe(o),
    render: () => addLabel(metrics.render(), "tenant", tenant),
  };
}
