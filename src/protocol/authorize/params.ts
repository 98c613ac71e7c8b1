import type { Deps } from "../../deps.ts";
import type { Client } from "../../types.ts";
import { ctx, isPublic } from "../clients/resolve.ts";
import { invalidRequest, OAuthError, unsupportedResponseType } from "../errors.ts";
import {
  carriesTokens,
  normalizeResponseType,
  RESPONSE_TYPES,
  type ResponseType,
} from "./response_type.ts";
import { breakRule, RULES } from "../rules.ts";
import { DISPLAY_VALUES } from "../capabilities.ts";

export { DISPLAY_VALUES };

const PROMPTS = new Set(["none", "login", "consent", "select_account"]);

/** `display` values (OIDC Core §3.1.2.1); the login page is the same for each. */

/**
 * The response type, which the client must have registered; an ad-hoc client (lenient mode) is
 * taken to have registered `code` only, and gets a warning for the others.
 * @see OIDC Core §3.1.2.1, OpenID Connect Registration §2 (response_types)
 */
export function parseResponseType(
  deps: Pick<Deps, "config" | "clock" | "warnings">,
  client: Client,
  value?: string,
): ResponseType {
  if (!value) throw invalidRequest('missing "response_type"');
  const type = normalizeResponseType(value);
  if (!type) {
    throw unsupportedResponseType(
      `"response_type" "${value}" is not supported; use one of ${RESPONSE_TYPES.join(", ")}`,
    );
  }
  const registered = client.response_types.map((t) => normalizeResponseType(t) ?? t);
  if (registered.includes(type)) return type;
  const refusal = () =>
    new OAuthError(
      "unauthorized_client",
      `the client may not use response_type "${type}" (registered: ${
        client.response_types.join(", ") || "none"
      })`,
    );
  if (client.origin !== "ad-hoc") throw refusal();
  breakRule(ctx(deps, client.client_id), RULES.response_type_registered, refusal, type);
  return type;
}

/**
 * The nonce: required whenever the authorization endpoint itself returns tokens (OIDC Core
 * §3.2.2.1, §3.3.2.11); for the code flow, a strictness rule.
 */
export function checkNonce(
  deps: Pick<Deps, "config" | "clock" | "warnings">,
  client: Client,
  type: ResponseType,
  scopes: string[],
  nonce?: string,
): void {
  if (!scopes.includes("openid") || nonce) return;
  if (carriesTokens(type)) {
    throw invalidRequest(`missing "nonce"; response_type "${type}" requires it`);
  }
  breakRule(
    ctx(deps, client.client_id),
    RULES.nonce_required,
    () => invalidRequest('missing "nonce"; it is required for OpenID Connect requests'),
  );
}

export function parsePrompt(value: string | undefined): string[] {
  const prompt = (value ?? "").split(" ").filter(Boolean);
  for (const p of prompt) {
    if (!PROMPTS.has(p)) {
      throw invalidRequest(
        `unsupported "prompt" value "${p}"; use none, login, consent or select_account`,
      );
    }
  }
  if (prompt.includes("none") && prompt.length > 1) {
    throw invalidRequest('"prompt=none" cannot be combined with other prompt values');
  }
  return prompt;
}

export function parseMaxAge(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) {
    throw invalidRequest(`"max_age" must be a non-negative integer, got "${value}"`);
  }
  return Number(value);
}

/** `display` must be one of the four values OIDC Core §3.1.2.1 defines. */
export function parseDisplay(value: string | undefined): string | undefined {
  if (value === undefined || DISPLAY_VALUES.includes(value)) return value;
  throw invalidRequest(`unsupported "display" value "${value}"; use page, popup, touch or wap`);
}

/** A space-separated list of BCP 47 language tags (`ui_locales`, `claims_locales`). */
export function parseLocales(value: string | undefined): string[] | undefined {
  const tags = value?.split(" ").filter(Boolean);
  return tags?.length ? tags : undefined;
}

/**
 * PKCE. Public clients MUST use it (RFC 9700 §2.1.1): registered ones are held to that in every
 * mode, while an ad-hoc client shows whether it is public only at /token (`checkAdHocPkce`).
 * Confidential clients SHOULD (advice). `plain` only when S256 is impossible (RFC 7636 §4.2).
 */
export function checkPkceRules(
  deps: Pick<Deps, "config" | "clock" | "warnings">,
  client: Client,
  challenge?: string,
  method?: string,
) {
  const rules = ctx(deps, client.client_id);
  if (challenge) {
    if ((method ?? "plain") !== "plain") return;
    breakRule(
      rules,
      RULES.pkce_s256,
      () => invalidRequest('"code_challenge_method" plain is not allowed; use S256'),
    );
    return;
  }
  if (client.origin === "ad-hoc") {
    if (!RULES.pkce_required.enforced(deps.config)) return;
    throw invalidRequest('missing "code_challenge"; PKCE is required');
  }
  if (isPublic(client)) {
    throw invalidRequest('missing "code_challenge"; public clients must use PKCE');
  }
  breakRule(
    rules,
    RULES.pkce_confidential,
    () => invalidRequest('missing "code_challenge"; PKCE is required of every client here'),
  );
}

/**
 * At /token, for a code an ad-hoc client got without PKCE: now that it has shown whether it
 * authenticates, the public one breaks `pkce-required` and the confidential one `pkce-confidential`.
 * Only lenient mode has ad-hoc clients, so this only warns.
 * @see RFC 9700 §2.1.1
 */
export function checkAdHocPkce(deps: Deps, client: Client): void {
  const rule = isPublic(client) ? RULES.pkce_required : RULES.pkce_confidential;
  const refusal = () => invalidRequest('missing "code_challenge" at /authorize; PKCE is required');
  breakRule(ctx(deps, client.client_id), rule, refusal, "the code was issued without PKCE");
}
