import type { ErrorShape } from "./types.ts";
import { isGuid } from "./uuid.ts";

/** What a JSON error body is made of: Gatehouse's own RFC 6749 §5.2 members. */
export interface ErrorParts {
  code: string;
  description: string;
  /** Members the error adds (RFC 8628 `interval`, for example). */
  extra?: Record<string, unknown>;
}

/** The values an error shape's templates draw on, besides the error itself. */
export interface ErrorContext {
  /** Epoch ms. */
  now: number;
  /** The request's header named by `correlationHeader`, if any. */
  correlation?: string | null;
}

function fill(template: string, values: Record<string, string | number>): string | number {
  const whole = /^\{(\w+)\}$/.exec(template);
  if (whole && whole[1] in values) return values[whole[1]];
  return template.replace(/\{(\w+)\}/g, (m, name: string) => String(values[name] ?? m));
}

function timestamp(now: number, style: ErrorShape["timestamp"]): string {
  const iso = new Date(now).toISOString().replace(/\.\d+Z$/, "Z");
  return style === "iso-space" ? iso.replace("T", " ") : iso;
}

/**
 * The JSON body of an error: RFC 6749 §5.2's `error` and `error_description` (and the error's
 * own extra members), reshaped by a profile's `shape` when it has one. `error` is never changed,
 * so a client that reacts to it as RFC 6749 says still can.
 */
export function errorBody(
  e: ErrorParts,
  shape: ErrorShape | undefined,
  ctx: ErrorContext,
): Record<string, unknown> {
  const own = { error: e.code, error_description: e.description, ...e.extra };
  if (!shape) return own;
  const values = {
    number: shape.numbers[e.code] ?? shape.other,
    description: e.description,
    timestamp: timestamp(ctx.now, shape.timestamp),
    trace_id: crypto.randomUUID(),
    correlation_id: isGuid(ctx.correlation) ? ctx.correlation.toLowerCase() : crypto.randomUUID(),
  };
  const members = Object.entries(shape.members).map(([name, t]) => [
    name,
    typeof t === "string" ? fill(t, values) : t.map((x) => fill(x, values)),
  ]);
  return {
    ...own,
    error_description: fill(shape.description, values),
    ...Object.fromEntries(members),
  };
}
