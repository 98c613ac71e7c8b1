/** Where Gatehouse writes its request log and warnings. */
export interface Log {
  /** One structured event; `text` format prints `message key=value …`. */
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

const encoder = new TextEncoder();
let pending: string[] = [];

/** Writes the lines buffered so far to stderr, in order, at once. */
function flushStderr(): void {
  if (pending.length === 0) return;
  const bytes = encoder.encode(pending.join(""));
  pending = [];
  try {
    let written = 0;
    while (written < bytes.length) written += Deno.stderr.writeSync(bytes.subarray(written));
  } catch {
    // Stderr is gone (a closed pipe): there is nowhere to say so, and serving goes on.
  }
}

/**
 * Queues one line for stderr; the lines of one turn of the event loop go out in one write, right
 * after it (and before the process exits). A write per line cost a tenth of a discovery request;
 * `console.error` would also format its argument first.
 */
function writeStderr(line: string): void {
  if (pending.length === 0) {
    setTimeout(flushStderr, 0);
    if (!exitHooked) {
      exitHooked = true;
      globalThis.addEventListener("unload", flushStderr);
    }
  }
  pending.push(line + "\n");
}
let exitHooked = false;

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
    // A plain loop: this runs once per request.
    let line = `${level === "warn" ? "WARN" : "INFO"} ${message}`;
    for (const k in fields) {
      const v = fields[k];
      if (v === undefined) continue;
      line += ` ${k}=${typeof v === "string" && !/\s/.test(v) ? v : JSON.stringify(v)}`;
    }
    write(line);
  };
  return {
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
  };
}
