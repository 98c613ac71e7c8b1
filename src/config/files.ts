import { isAbsolute, join } from "node:path";
import type { ConfigProblem } from "./problems.ts";

/** `path` relative to `baseDir` unless absolute. */
export function resolvePath(path: string, baseDir: string): string {
  return isAbsolute(path) ? path : join(baseDir, path);
}

/** A file's text, or null with a problem naming the setting and the reason. */
export function readText(path: string, source: string, problems: ConfigProblem[]): string | null {
  try {
    return Deno.readTextFileSync(path);
  } catch (err) {
    const reason = err instanceof Deno.errors.NotFound
      ? "no such file"
      : err instanceof Deno.errors.IsADirectory
      ? "it is a directory"
      : (err as Error).message;
    problems.push({ source, message: `cannot read "${path}": ${reason}` });
    return null;
  }
}
