/** Where Gatehouse writes its request log and warnings. */
export interface Log {
  /** One structured event; `text` format prints `message key=value …`. */
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

const encoder = new TextEncoder();

/**
 * Writes one line to stderr at once. `console.error` would format its argument first, which on a
 * token endpoint under load costs more than the write itself.
 */
function writeStderr(line: string): void {
  const bytes = encoder.encode(line + "\n");
  let written = 0;
  while (written < bytes.length) written += Deno.stderr.writeSync(bytes.subarray(written));
}

/** A log writing to stderr in `text` or `json` lines. */
export function createLog(
  format: "text" | "json",
  write: (line: string) => void = writeStderr,
): Log {
  const emit = (level: string, message: string, fields: Record<string, unknown> = {}) => {
    if (format === "json") {
      write(JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }));
      return;
    }
    const kv = Object.entries(fields)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${typeof v === "string" && !/\s/.test(v) ? v : JSON.stringify(v)}`);
    write([level === "warn" ? "WARN" : "INFO", message, ...kv].join(" "));
  };
  return {
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
  };
}
