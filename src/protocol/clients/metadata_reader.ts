import { typeName } from "../../config/problems.ts";

/** What is wrong with one member of client metadata, as RFC 7591 §3.2.2 names it. */
export interface MetadataProblem {
  error: "invalid_redirect_uri" | "invalid_client_metadata";
  /** Starts with the member's path: `redirect_uris[0] "…" must not have a fragment`. */
  message: string;
}

/** Typed reads of a metadata object that collect every problem instead of stopping at one. */
export interface MetadataReader {
  readonly problems: MetadataProblem[];
  /** Whether the member is present (not undefined or null). */
  has(name: string): boolean;
  /** Records a problem about `path`: `${root}${path} ${text}`. */
  fail(path: string, text: string, error?: MetadataProblem["error"]): void;
  string(name: string): string | undefined;
  /** A string that must be one of `allowed`. */
  oneOf(name: string, allowed: readonly string[]): string | undefined;
  boolean(name: string): boolean | undefined;
  strings(name: string): string[] | undefined;
  /** An absolute http(s) URL without a fragment. */
  url(name: string): string | undefined;
  raw(name: string): unknown;
}

/**
 * Reads `doc` (already known to be an object). `root` prefixes every path in messages: "" for a
 * registration request, `clients[1].` for a clients file.
 */
export function metadataReader(doc: Record<string, unknown>, root: string): MetadataReader {
  const problems: MetadataProblem[] = [];
  const fail = (
    path: string,
    text: string,
    error: MetadataProblem["error"] = "invalid_client_metadata",
  ) => void problems.push({ error, message: `${root}${path} ${text}` });
  const expected = (path: string, what: string, value: unknown) =>
    fail(path, `must be ${what}, got ${typeName(value)}`);
  const present = (name: string) => doc[name] !== undefined && doc[name] !== null;
  const reader: MetadataReader = {
    problems,
    has: present,
    fail,
    raw: (name) => doc[name],
    string(name) {
      if (!present(name)) return undefined;
      if (typeof doc[name] === "string") return doc[name] as string;
      expected(name, "a string", doc[name]);
    },
    oneOf(name, allowed) {
      const value = reader.string(name);
      if (value === undefined || allowed.includes(value)) return value;
      fail(name, `"${value}" is not supported; use ${allowed.join(", ")}`);
    },
    boolean(name) {
      if (!present(name)) return undefined;
      if (typeof doc[name] === "boolean") return doc[name] as boolean;
      expected(name, "true or false", doc[name]);
    },
    strings(name) {
      if (!present(name)) return undefined;
      const value = doc[name];
      if (!Array.isArray(value)) return void expected(name, "a list of strings", value);
      const bad = value.findIndex((v) => typeof v !== "string");
      if (bad >= 0) return void expected(`${name}[${bad}]`, "a string", value[bad]);
      return value as string[];
    },
    url(name) {
      const value = reader.string(name);
      if (value === undefined) return undefined;
      const problem = urlProblem(value);
      if (problem) return void fail(name, `"${value}" ${problem}`);
      return value;
    },
  };
  return reader;
}

/** Why `value` is not an absolute http(s) URL without a fragment, or null. */
export function urlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is not an absolute URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an http(s) URL";
  if (value.includes("#")) return "must not have a fragment";
  return null;
}
