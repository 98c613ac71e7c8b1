import type { Config } from "../config/schema.ts";
import type { Store } from "../store/store.ts";
import type { Warning } from "../types.ts";
import type { OAuthError } from "./errors.ts";

export type { Warning };

/**
 * How a rule stands with production OPs. `reject`: a MUST of the specs that production OPs enforce;
 * `--strict` enforces it. `advice`: best practice production OPs do not enforce by default;
 * only `--strict=all` enforces it.
 */
export type RuleLevel = "reject" | "advice";

/** A rule lenient mode only warns about, and that strict modes enforce. */
export interface Rule {
  /** Stable id, shown in warnings and the README. */
  id: string;
  level: RuleLevel;
  /** One line: what is wrong with the request. */
  explanation: string;
  /** The spec clause behind the rule. */
  clause: string;
  /** Whether the configuration enforces the rule (otherwise it is a warning). */
  enforced(config: Config): boolean;
}

type Flags = Pick<Config, "strict" | "strictAll">;

/** `--strict` enforces every `reject` rule, `--strict=all` every rule. */
export function levelEnforced(level: RuleLevel, config: Flags): boolean {
  return level === "reject" ? config.strict || config.strictAll : config.strictAll;
}

function rule(
  id: string,
  level: RuleLevel,
  clause: string,
  explanation: string,
  also: (c: Config) => boolean = () => false,
): Rule {
  return { id, level, clause, explanation, enforced: (c) => levelEnforced(level, c) || also(c) };
}

/** Every strictness rule, by id. */
export const RULES = {
  registration: rule(
    "registration",
    "reject",
    "RFC 6749 §2, §3.1.2.2",
    "the client_id is not registered",
    (c) => c.requireRegistration,
  ),
  pkce_required: rule(
    "pkce-required",
    "reject",
    "RFC 9700 §2.1.1",
    "a public client's authorization request has no PKCE code_challenge",
    (c) => c.requirePkce,
  ),
  pkce_confidential: rule(
    "pkce-confidential",
    "advice",
    "RFC 9700 §2.1.1",
    "confidential clients should use PKCE too; the request has no code_challenge",
    (c) => c.requirePkce,
  ),
  pkce_s256: rule(
    "pkce-s256",
    "reject",
    "RFC 7636 §4.2, RFC 9700 §2.1.1",
    'code_challenge_method "plain" is not allowed; use S256',
  ),
  nonce_required: rule(
    "nonce-required",
    "advice",
    "OIDC Core §3.1.2.1 (OPTIONAL in the code flow), §15.5.2",
    "send a nonce with OpenID Connect authorization requests",
    (c) => c.requireNonce,
  ),
  redirect_uri_secure: rule(
    "redirect-uri-secure",
    "reject",
    "RFC 6749 §3.1.2.1, RFC 9700 §2.6, OIDC Registration §2",
    "redirect_uri must be https, or http on a loopback address",
  ),
  redirect_uri_localhost: rule(
    "redirect-uri-localhost",
    "advice",
    "RFC 8252 §8.3",
    'use the loopback IP literal 127.0.0.1 or [::1] in redirect URIs, not "localhost"',
  ),
  refresh_offline_access: rule(
    "refresh-offline-access",
    "reject",
    "OIDC Core §11",
    "a refresh token is issued only when offline_access was granted",
  ),
  response_type_registered: rule(
    "response-type-registered",
    "reject",
    "OIDC Registration §2 (response_types)",
    "the client did not register this response_type (an unregistered client is taken to have registered only code)",
  ),
  request_object_signed: rule(
    "request-object-signed",
    "reject",
    "OIDC Core §6.1, OIDC Registration §2 (request_object_signing_alg)",
    'a request object must be signed with a key the client registered (alg "none" only when it registered request_object_signing_alg "none")',
  ),
  password_required: rule(
    "password-required",
    "reject",
    "RFC 6749 §4.3.2",
    "the password grant named a user who has no password, and any password was taken",
  ),
  exchange_trusted_issuer: rule(
    "exchange-trusted-issuer",
    "reject",
    "RFC 8693 §2.1",
    "a token exchange presented a JWT from an issuer not in --trusted-issuers, whose signature therefore was not verified",
  ),
  resource_known: rule(
    "resource-known",
    "reject",
    "RFC 8707 §2",
    "the resource indicator names no protected resource this server knows (--resource)",
  ),
} satisfies Record<string, Rule>;

/** Where warnings go: the log, and a bounded list in storage the inspector shows. */
export interface WarningSink {
  /** Logs the warning at once and starts keeping it; `flush()` waits until it is kept. */
  record(warning: Warning): void;
  /** Resolves once every recorded warning is in storage. */
  flush(): Promise<void>;
  /** This process's recent warnings, oldest first. */
  recent(): Warning[];
  /** The warnings kept in storage, oldest first (from every process sharing it). */
  kept(): Promise<Warning[]>;
}

/**
 * The warning text: "a production OP would reject this: <explanation> [rule id]" for a `reject`
 * rule, "recommended: <explanation> [rule id]" for an `advice` one.
 */
export function warningText(rule: Rule, detail?: string): string {
  const lead = rule.level === "reject" ? "a production OP would reject this" : "recommended";
  return `${lead}: ${rule.explanation}${detail ? ` (${detail})` : ""} [${rule.id}]`;
}

/** What a rule check needs to know. */
export interface RuleContext {
  config: Config;
  warnings: WarningSink;
  now: number;
  clientId?: string;
}

/**
 * Applies `rule` when it is broken: throws `error()` when the configuration enforces it,
 * otherwise records a warning and lets the request go on.
 */
export function breakRule(
  ctx: RuleContext,
  rule: Rule,
  error: () => OAuthError,
  detail?: string,
): void {
  if (isEnforced(ctx, rule, detail)) throw error();
}

/**
 * For a broken rule whose consequence is not an error (a refresh token withheld, say): true when
 * the configuration enforces it; otherwise records the warning and returns false.
 */
export function isEnforced(ctx: RuleContext, rule: Rule, detail?: string): boolean {
  if (rule.enforced(ctx.config)) return true;
  ctx.warnings.record({
    rule: rule.id,
    message: warningText(rule, detail),
    clientId: ctx.clientId,
    at: ctx.now,
  });
  return false;
}

/**
 * Writes each warning to the log and keeps the last `limit` in the store (bounded, in KV), so the
 * inspector of any process sharing the storage shows them.
 */
export function createWarningSink(
  log: { warn(m: string, f?: Record<string, unknown>): void },
  store: Pick<Store, "recordWarning" | "recentWarnings">,
  limit = 200,
): WarningSink {
  const list: Warning[] = [];
  // Writes run concurrently (keys sort by time, so order needs no queue); flush() waits only
  // for those pending when it is called.
  const pending = new Set<Promise<void>>();
  const flush = async () => {
    await Promise.all([...pending]);
  };
  return {
    record(w) {
      log.warn(w.message, { rule: w.rule, client_id: w.clientId });
      list.push(w);
      if (list.length > limit) list.shift();
      const write = store.recordWarning(w, limit).catch((err) =>
        log.warn("cannot keep a warning", { error: (err as Error).message })
      ).finally(() => pending.delete(write));
      pending.add(write);
    },
    flush,
    recent: () => [...list],
    async kept() {
      await flush();
      return await store.recentWarnings(limit);
    },
  };
}
