import type { Config } from "../config/schema.ts";
import type { Store } from "../store/store.ts";
import type { Warning } from "../types.ts";
import type { OAuthError } from "./errors.ts";

export type { Warning };

/** A rule a production OP enforces, which lenient mode only warns about. */
export interface Rule {
  /** Stable id, shown in warnings and the README. */
  id: string;
  /** One line: what a production OP would say. */
  explanation: string;
  /** Whether the configuration enforces the rule (otherwise it is a warning). */
  enforced(config: Config): boolean;
}

/** Every strictness rule, by id. */
export const RULES = {
  registration: {
    id: "registration",
    explanation: "the client_id is not registered",
    enforced: (c) => c.strict || c.requireRegistration,
  },
  pkce_required: {
    id: "pkce-required",
    explanation: "the authorization request has no PKCE code_challenge",
    enforced: (c) => c.strict || c.requirePkce,
  },
  pkce_s256: {
    id: "pkce-s256",
    explanation: 'code_challenge_method "plain" is not allowed; use S256',
    enforced: (c) => c.strict,
  },
  nonce_required: {
    id: "nonce-required",
    explanation: "an OpenID Connect authorization request has no nonce",
    enforced: (c) => c.strict || c.requireNonce,
  },
  redirect_uri_secure: {
    id: "redirect-uri-secure",
    explanation: "redirect_uri must be https, or http on a loopback address",
    enforced: (c) => c.strict,
  },
  refresh_offline_access: {
    id: "refresh-offline-access",
    explanation: "a refresh token is issued only when offline_access was granted",
    enforced: (c) => c.strict,
  },
  id_token_claims: {
    id: "id-token-claims",
    explanation:
      "with an access token, claims requested by scope are released by userinfo only, not in the ID token (OIDC Core §5.4)",
    enforced: (c) => c.strict,
  },
  response_type_registered: {
    id: "response-type-registered",
    explanation:
      "the client did not register this response_type (an unregistered client is taken to have registered only code)",
    enforced: (c) => c.strict,
  },
  request_object_signed: {
    id: "request-object-signed",
    explanation:
      'a request object must be signed with a key the client registered (alg "none" only when it registered request_object_signing_alg "none")',
    enforced: (c) => c.strict,
  },
  password_required: {
    id: "password-required",
    explanation: "the password grant named a user who has no password, and any password was taken",
    enforced: (c) => c.strict,
  },
  exchange_trusted_issuer: {
    id: "exchange-trusted-issuer",
    explanation:
      "a token exchange presented a JWT from an issuer not in --trusted-issuers, whose signature therefore was not verified (RFC 8693 §2.1)",
    enforced: (c) => c.strict,
  },
  resource_known: {
    id: "resource-known",
    explanation:
      "the resource indicator names no protected resource this server knows (--resource)",
    enforced: (c) => c.strict,
  },
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

/** The warning text: "a production OP would reject this: <explanation> [rule id]". */
export function warningText(rule: Rule, detail?: string): string {
  return `a production OP would reject this: ${rule.explanation}${
    detail ? ` (${detail})` : ""
  } [${rule.id}]`;
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
