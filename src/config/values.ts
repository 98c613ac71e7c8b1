import type { Config } from "./schema.ts";
import type { Pick, Setting } from "./sources.ts";
import { type ConfigProblem, typeName } from "./problems.ts";
import { durationSeconds } from "./duration.ts";
import { resolvePath } from "./files.ts";

/** What a parser may look at besides its own setting. */
export interface ParseContext {
  /** Records a problem against a source (`--port`, `gatehouse.yaml: port`). */
  add(source: string, message: string): void;
  problems: ConfigProblem[];
  /** Any other flag's winning setting. */
  pick: Pick;
  /** The configuration so far: every flag above this one in the table is already set. */
  config: Config;
}

/**
 * How one flag's value is read: from the command line (`arg`), then into a typed value.
 * `parse` returns undefined after reporting a problem; the default then stays.
 */
export interface Parser<T> {
  /** `flag`: no value (`--strict`); `value`: one; `optional`: `--auto-login [SUB]`; `list`: repeatable. */
  arg: "flag" | "value" | "optional" | "list";
  /** The value when no source sets the flag and the table gives no default. */
  absent: T;
  parse(s: Setting, ctx: ParseContext): T | undefined | Promise<T | undefined>;
  /** Run `parse` even when no source sets this flag (it reads other flags through `ctx.pick`). */
  always?: boolean;
}

/** Any text (a number is taken as its digits). */
export const text: Parser<string | null> = {
  arg: "value",
  absent: null,
  parse(s, ctx) {
    if (typeof s.value === "string") return s.value;
    if (typeof s.value === "number") return String(s.value);
    ctx.add(s.source, `expected a string, got ${typeName(s.value)}`);
    return undefined;
  },
};

/** One of a fixed set of words. */
export function oneOf<T extends string>(values: readonly T[]): Parser<T | null> {
  const list = values.length === 2 ? values.join(" or ") : values.join(", ");
  return {
    arg: "value",
    absent: null,
    parse(s, ctx) {
      const t = text.parse(s, ctx) as string | undefined;
      if (t === undefined) return undefined;
      if ((values as readonly string[]).includes(t)) return t as T;
      ctx.add(s.source, `expected one of ${list}, got "${t}"`);
      return undefined;
    },
  };
}

/**
 * A file path resolved against where it was given (the working directory, or the config file's
 * folder); `keep` values such as `:memory:` and URLs pass through unchanged.
 */
export function path(keep: (value: string) => boolean = () => false): Parser<string | null> {
  return {
    arg: "value",
    absent: null,
    parse(s, ctx) {
      const t = text.parse(s, ctx) as string | undefined;
      if (t === undefined || keep(t)) return t;
      return resolvePath(t, s.baseDir);
    },
  };
}

/** A port from 0 to 65535. */
export const port: Parser<number> = {
  arg: "value",
  absent: 0,
  parse(s, ctx) {
    const t = String(s.value);
    const n = Number(t);
    if (/^\d+$/.test(t) && n <= 65535) return n;
    ctx.add(s.source, `expected an integer from 0 to 65535, got "${t}"`);
    return undefined;
  },
};

/** true/false, 1/0, yes/no, on/off. */
export const bool: Parser<boolean> = {
  arg: "flag",
  absent: false,
  parse(s, ctx) {
    if (typeof s.value === "boolean") return s.value;
    const t = String(s.value).toLowerCase();
    if (["1", "true", "yes", "on"].includes(t)) return true;
    if (["0", "false", "no", "off"].includes(t)) return false;
    ctx.add(s.source, `expected true or false, got "${s.value}"`);
    return undefined;
  },
};

/** A boolean that may not be on together with the (earlier) `field`, set by `flag`. */
export function boolUnless(field: keyof Config, flag: string): Parser<boolean> {
  return {
    ...bool,
    parse(s, ctx) {
      const on = bool.parse(s, ctx);
      if (on && ctx.config[field]) ctx.add(s.source, `cannot be combined with ${flag}`);
      return on;
    },
  };
}

/** A value that may be left out (`--auto-login` alone, or `true`): then the empty string. */
export const optionalText: Parser<string | null> = {
  arg: "optional",
  absent: null,
  parse(s, ctx) {
    if (s.value === true) return "";
    if (s.value === false) return null;
    return text.parse(s, ctx);
  },
};

/**
 * `--strict` and `--strict=all`: on (a bare flag, `true`, or `all`) or off. `all` turns the
 * `--pedantic` field on too, so this parser also runs when only `--pedantic` is given.
 */
export const strictLevel: Parser<boolean> = {
  arg: "optional",
  absent: false,
  always: true,
  parse(s, ctx) {
    if (ctx.config.strictAll) return true;
    if (s.value === undefined || s.value === "" || s.value === true) return s.value !== undefined;
    if (String(s.value).toLowerCase() === "all") return true;
    return bool.parse(s, { ...ctx, add: (source) => ctx.add(source, strictProblem(s.value)) });
  },
};

/** `--pedantic`, or `--strict=all`: the `advice` rules are enforced too. */
export const pedantic: Parser<boolean> = {
  ...bool,
  always: true,
  parse(s, ctx) {
    const strict = ctx.pick("strict");
    if (typeof strict?.value === "string" && strict.value.toLowerCase() === "all") return true;
    return s.value === undefined ? false : bool.parse(s, ctx);
  },
};

function strictProblem(value: unknown): string {
  return `expected true, false or all, got "${value}"`;
}

/** A positive duration: 300, 90s, 15m, 1h or 7d, in seconds. */
export const duration: Parser<number> = {
  arg: "value",
  absent: 0,
  parse(s, ctx) {
    const seconds = durationSeconds(s.value);
    if (seconds !== undefined) return seconds;
    const example = "such as 300, 90s, 15m, 1h or 7d";
    ctx.add(s.source, `expected a positive duration ${example}, got "${s.value}"`);
    return undefined;
  },
};

/** An absolute http(s) URL without query or fragment, without a trailing slash. */
export const issuerUrl: Parser<string | null> = {
  arg: "value",
  absent: null,
  parse(s, ctx) {
    const t = String(s.value);
    const url = URL.parse(t);
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
      ctx.add(s.source, `expected an absolute http(s) URL, got "${t}"`);
    } else if (url.search || t.includes("?")) {
      ctx.add(s.source, `the issuer must not have a query, got "${t}"`);
    } else if (url.hash || t.includes("#")) {
      ctx.add(s.source, `the issuer must not have a fragment, got "${t}"`);
    } else {
      return url.href.replace(/\/+$/, "");
    }
    return undefined;
  },
};

/** `--backchannel-url`: an origin only, because every endpoint keeps the issuer's path. */
export const origin: Parser<string | null> = {
  arg: "value",
  absent: null,
  parse(s, ctx) {
    const t = String(s.value);
    const url = URL.parse(t);
    const bare = url && url.pathname === "/" && !url.search && !url.hash && !/[?#]/.test(t);
    if (url && (url.protocol === "http:" || url.protocol === "https:") && bare && !url.username) {
      return url.origin;
    }
    const expected =
      "expected an origin such as http://gatehouse:9400 (no path, query or fragment)";
    ctx.add(s.source, `${expected}, got "${t}"`);
    return undefined;
  },
};

/** A repeatable value; read by another flag's parser (`--user` by `--users`), so kept raw. */
export const list: Parser<null> = { arg: "list", absent: null, parse: () => null };

/** Every value of a repeatable flag (an env var takes a comma-separated list). */
function listed(s: Setting): string[] {
  if (Array.isArray(s.value)) return s.value.map(String);
  const t = String(s.value);
  return s.kind === "env" ? t.split(",").map((v) => v.trim()).filter(Boolean) : [t];
}

/** A repeatable text value (`--tls-san a --tls-san b`). */
export const textList: Parser<string[]> = {
  arg: "list",
  absent: [],
  parse: (s) => listed(s),
};

/** A protected resource (RFC 8707) and the scopes it accepts; null scopes: any. */
export interface ResourceSpec {
  url: string;
  scopes: string[] | null;
}

/** `--resource URL[=SCOPES]`: an absolute URL without a fragment, scopes space-separated. */
export const resourceList: Parser<ResourceSpec[]> = {
  arg: "list",
  absent: [],
  parse(s, ctx) {
    const out: ResourceSpec[] = [];
    for (const item of listed(s)) {
      const at = item.search(/=(?=[^/]*$)/);
      const url = at < 0 ? item : item.slice(0, at);
      const scopes = at < 0 ? null : item.slice(at + 1).split(/\s+/).filter(Boolean);
      if (!URL.canParse(url) || url.includes("#")) {
        ctx.add(s.source, `expected an absolute URL without a fragment, got "${url}"`);
        return undefined;
      }
      out.push({ url, scopes });
    }
    return out;
  },
};
