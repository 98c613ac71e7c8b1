import type { Deps } from "../deps.ts";
import { endpointsFor } from "../protocol/endpoints.ts";
import { profileNamed } from "../profiles/index.ts";
import { displayName } from "../users.ts";
import type { RequestEntry } from "./requests.ts";

/** A user row: who, and the link that signs them in for the inspector's test client. */
export interface UserRow {
  sub: string;
  name: string;
  signIn: string;
}

/** A client row: metadata only, never a secret or a registration token. */
export interface ClientRow {
  clientId: string;
  name?: string;
  origin: string;
  authMethod: string;
  redirectUris: string[];
  grantTypes: string[];
}

/** A live session: who, since when, until when, and which clients it signed in to. */
export interface SessionRow {
  sub: string;
  sid: string;
  authTime: number;
  exp: number;
  clients: string[];
}

/** Everything the inspector page shows, gathered once per page view. */
export interface InspectorModel {
  issuer: string;
  /** Epoch ms by the provider's clock (frozen or shifted, perhaps). */
  now: number;
  clock: { frozen: boolean; offsetSeconds: number };
  urls: [string, string][];
  users: UserRow[];
  clients: ClientRow[];
  sessions: SessionRow[];
  /** Newest first. */
  requests: RequestEntry[];
  adminToken: boolean;
}

/** The client the inspector's sign-in links use (ad hoc unless registered under that id). */
export const INSPECTOR_CLIENT = "gatehouse-inspector";

/** Where the inspector is: the issuer itself (with a trailing slash for a root issuer). */
export function inspectorUrl(issuer: string): string {
  return new URL(issuer).pathname === "/" ? `${issuer}/` : issuer;
}

/** Lists the URLs people look for: discovery, the endpoints, and the test-control ones. */
function urlsOf(deps: Deps): [string, string][] {
  const { issuer, backchannelUrl, profile } = deps.config;
  // At the paths discovery lists: a profile's, when the issuer has one.
  const e = endpointsFor(issuer, backchannelUrl ?? undefined, profileNamed(profile)?.paths);
  return [
    ["discovery", e.discovery],
    ["authorization", e.authorization],
    ["token", e.token],
    ["userinfo", e.userinfo],
    ["jwks", e.jwks],
    ["end session", e.endSession],
    ["introspection", e.introspection],
    ["revocation", e.revocation],
    ["registration", e.registration],
    ["device authorization", e.deviceAuthorization],
    ["users API", `${deps.config.issuer}/users`],
    ["control plane", `${deps.config.issuer}/admin`],
    ["metrics", `${deps.config.issuer}/metrics`],
  ];
}

/** Reads what the inspector shows: storage for users, clients and sessions; memory for requests. */
export async function inspectorModel(deps: Deps): Promise<InspectorModel> {
  const now = deps.clock.now();
  const { offsetMs, frozenAt } = deps.clock.state();
  const users = (await deps.users.list()).map((u) => ({
    sub: u.sub,
    name: displayName(u),
    signIn: `${deps.config.issuer}/inspector/sign-in`,
  }));
  const clients = (await deps.store.listClients()).map((c) => ({
    clientId: c.client_id,
    name: c.client_name,
    origin: c.origin,
    authMethod: c.token_endpoint_auth_method,
    redirectUris: c.redirect_uris,
    grantTypes: c.grant_types,
  }));
  const sessions = (await deps.store.listSessions(now)).map((s) => ({
    sub: s.sub,
    sid: s.sid,
    authTime: s.authTime,
    exp: s.exp,
    clients: s.clients,
  }));
  return {
    issuer: deps.config.issuer,
    now,
    clock: { frozen: frozenAt !== null, offsetSeconds: Math.round(offsetMs / 1000) },
    urls: urlsOf(deps),
    users,
    clients,
    sessions,
    requests: deps.requests.list().reverse(),
    adminToken: deps.config.adminToken !== null,
  };
}
