const UNITS: Record<string, number> = { "": 1, s: 1, m: 60, h: 3600, d: 86400 };

/**
 * A positive duration in seconds: a number, or text such as `300`, `90s`, `15m`, `1h`, `7d`.
 * Undefined when `value` is none of these.
 */
export function durationSeconds(value: unknown): number | undefined {
  if (typeof value !== "number" && typeof value !== "string") return undefined;
  const m = String(value).trim().match(/^(\d+)([smhd]?)$/);
  if (m && Number(m[1]) > 0) return Number(m[1]) * UNITS[m[2]];
  return undefined;
}
