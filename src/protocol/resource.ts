import { OAuthError } from "./errors.ts";
import { breakRule, type RuleContext, RULES } from "./rules.ts";

/** RFC 8707 §2 `invalid_target`: the resource is malformed, unknown or not allowed. */
export const invalidTarget = (d: string) => new OAuthError("invalid_target", d);

/**
 * The `resource` indicators of a request. The form reader joins a repeated `resource` with a
 * space, which no URI contains, so splitting gives back every value sent. Each must be an
 * absolute URI without a fragment.
 * @see RFC 8707 §2
 */
export function parseResources(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const resources = value.split(" ");
  for (const r of resources) {
    let url: URL;
    try {
      url = new URL(r);
    } catch {
      throw invalidTarget(`"resource" must be an absolute URI, got "${r}"`);
    }
    if (url.hash || r.includes("#")) {
      throw invalidTarget(`"resource" must not contain a fragment, got "${r}"`);
    }
  }
  return [...new Set(resources)];
}

/**
 * The `resource` indicators of a request, each checked against the protected resources the
 * server was given (`--resource`): an unknown one is `invalid_target` under `--strict` and a
 * warning otherwise. Without `--resource` any resource is taken.
 * @see RFC 8707 §2 (invalid_target for a resource the server does not know)
 */
export function requestedResources(
  ctx: RuleContext,
  value: string | undefined,
): string[] | undefined {
  const asked = parseResources(value);
  const known = ctx.config.resources.map((r) => r.url);
  if (!asked || known.length === 0) return asked;
  const unknown = asked.filter((r) => !known.includes(r));
  if (unknown.length > 0) {
    breakRule(
      ctx,
      RULES.resource_known,
      () =>
        invalidTarget(
          `"resource" ${unknown.join(", ")} is not a protected resource of this server (known: ${
            known.join(", ")
          })`,
        ),
      `resource ${unknown.join(", ")}`,
    );
  }
  return asked;
}

/**
 * Checks that `asked` is within `allowed` (the resources of a grant, or a client's registered
 * audience); returns `asked`, or `allowed` when nothing was asked.
 * @see RFC 8707 §2.2
 */
export function narrowResources(
  asked: string[] | undefined,
  allowed: string[] | undefined,
  what: string,
): string[] | undefined {
  if (!asked) return allowed;
  if (!allowed) return asked;
  const extra = asked.filter((r) => !allowed.includes(r));
  if (extra.length) {
    throw invalidTarget(
      `"resource" ${extra.join(", ")} is not among the ${what} (${allowed.join(", ")})`,
    );
  }
  return asked;
}

/**
 * The resources a token request asks for (`resource`), which may only be fewer of those its
 * grant holds; none asked means all of them.
 * @see RFC 8707 §2.2
 */
export function narrowGrantResources(
  value: string | undefined,
  granted: string[] | undefined,
): string[] | undefined {
  const asked = parseResources(value);
  if (!asked) return granted;
  const extra = asked.filter((r) => !(granted ?? []).includes(r));
  if (extra.length) {
    throw invalidTarget(
      `"resource" ${extra.join(", ")} was not granted; the grant's resources are ${
        granted?.join(", ") ?? "none"
      }`,
    );
  }
  return asked;
}
