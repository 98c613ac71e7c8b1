import type { JWTPayload } from "npm:jose@^6";
import { randomToken } from "../crypto/random.ts";
import { OAuthError } from "../protocol/errors.ts";
import type { IssuedToken } from "./requests.ts";
import type { Scenario, ScenarioSpec, TokenKind } from "./scenario_spec.ts";

/** Who a request is for, as far as it is known. */
export interface Who {
  clientId?: string;
  sub?: string;
}

/** What a request's view of the scenarios notes down for the request log. */
export interface RequestNotes {
  sub?: string;
  tokens: IssuedToken[];
  scenario?: string;
}

/**
 * Test-control rules: the next matching requests answer with an error, wait, or get extra claims.
 * Each request fires at most one rule: the oldest pending one that matches it. A rule fires as
 * soon as every filter it has can be decided — at the start of the request when the request
 * names its client and user, else when tokens are signed (claims rules always fire there).
 */
export interface Scenarios {
  add(spec: ScenarioSpec): Scenario;
  /** Pending rules, oldest first. */
  list(): Scenario[];
  remove(id: string): boolean;
  /** Removes every pending rule; returns how many there were. */
  clear(): number;
  /** Whether any rule could match a request to `endpoint` (the request hook's fast path). */
  pendingFor(endpoint: string): boolean;
  /** At the start of a request: fires a matching error or delay rule (throws its error). */
  atStart(who: Who): Promise<void>;
  /**
   * The one hook of token minting: returns the claims to sign, shaped by a matching rule (which
   * may instead throw its error or wait first). Outside a request it returns `payload` as is.
   */
  beforeSign(kind: TokenKind, clientId: string, payload: JWTPayload): Promise<JWTPayload>;
  /** This engine as one request to `endpoint` sees it; it notes issued tokens in `notes`. */
  forRequest(endpoint: string, notes: RequestNotes): Scenarios;
}

const underEndpoint = (path: string, endpoint: string) =>
  path === endpoint || path.startsWith(`${endpoint}/`);

function matches(s: Scenario, who: Who): boolean {
  return (s.clientId === undefined || s.clientId === who.clientId) &&
    (s.sub === undefined || s.sub === who.sub);
}

/** Decidable at the start: no claims, and the request names whatever the rule filters on. */
function decidableAtStart(s: Scenario, who: Who): boolean {
  return !s.claims && (s.clientId === undefined || who.clientId !== undefined) &&
    (s.sub === undefined || who.sub !== undefined);
}

function appliesTo(s: Scenario, kind: TokenKind): boolean {
  return !s.claims || s.token === undefined || s.token === kind;
}

/** Merges a rule's claims into a payload; `null` removes a claim. */
export function shapeClaims(payload: JWTPayload, claims: Record<string, unknown>): JWTPayload {
  const out: Record<string, unknown> = { ...payload };
  for (const [k, v] of Object.entries(claims)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out as JWTPayload;
}

async function perform(s: Scenario): Promise<void> {
  if (s.delayMs) await new Promise((resolve) => setTimeout(resolve, s.delayMs));
  if (s.error) {
    throw new OAuthError(
      s.error.code,
      s.error.description ?? `answered by test scenario ${s.id} (POST /admin/scenarios)`,
      s.error.status,
    );
  }
}

/** Takes one use of the oldest rule for `endpoint` that passes `ok`. */
type Take = (endpoint: string, ok: (s: Scenario) => boolean) => Scenario | null;

/** The engine as one request sees it: at most one rule fires, and issued tokens are noted. */
function requestView(
  engine: Scenarios,
  take: Take,
  endpoint: string,
  notes: RequestNotes,
): Scenarios {
  let fired: Scenario | null = null;
  const fire = async (s: Scenario | null) => {
    fired = s;
    if (!s) return;
    notes.scenario = s.id;
    await perform(s);
  };
  return {
    ...engine,
    async atStart(who) {
      if (fired || !engine.pendingFor(endpoint)) return;
      await fire(take(endpoint, (r) => decidableAtStart(r, who) && matches(r, who)));
    },
    async beforeSign(kind, clientId, payload) {
      const who = { clientId, sub: typeof payload.sub === "string" ? payload.sub : undefined };
      if (!fired && engine.pendingFor(endpoint)) {
        await fire(take(endpoint, (r) => appliesTo(r, kind) && matches(r, who)));
      }
      const rule: Scenario | null = fired;
      const out = rule?.claims && appliesTo(rule, kind)
        ? shapeClaims(payload, rule.claims)
        : payload;
      notes.sub ??= who.sub;
      notes.tokens.push({ kind, claims: out as Record<string, unknown> });
      return out;
    },
  };
}

/**
 * Creates the scenario engine (per process, in memory).
 * @see README.md "Test control" → scenarios
 */
export function createScenarios(): Scenarios {
  let rules: Scenario[] = [];
  const take: Take = (endpoint, ok) => {
    const s = rules.find((r) => underEndpoint(endpoint, r.endpoint) && ok(r));
    if (!s) return null;
    s.remaining--;
    if (s.remaining <= 0) rules = rules.filter((r) => r !== s);
    return s;
  };
  const engine: Scenarios = {
    add(spec) {
      const s = { ...spec, id: randomToken(8), remaining: spec.times };
      rules.push(s);
      return s;
    },
    list: () => rules.map((r) => ({ ...r })),
    remove(id) {
      const before = rules.length;
      rules = rules.filter((r) => r.id !== id);
      return rules.length < before;
    },
    clear() {
      const n = rules.length;
      rules = [];
      return n;
    },
    pendingFor: (endpoint) =>
      rules.length > 0 && rules.some((r) => underEndpoint(endpoint, r.endpoint)),
    atStart: () => Promise.resolve(),
    beforeSign: (_kind, _clientId, payload) => Promise.resolve(payload),
    forRequest: (endpoint, notes) => requestView(engine, take, endpoint, notes),
  };
  return engine;
}
