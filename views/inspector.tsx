/** @jsxImportSource npm:hono@^4/jsx */
import type { DecodedToken } from "../src/control/decode.ts";
import { describeTime } from "../src/control/decode.ts";
import type { InspectorModel } from "../src/control/inspector_model.ts";
import { DecodedView, INSPECTOR_CSS, RequestsTable } from "./inspector_parts.tsx";
import { Layout } from "./layout.tsx";

function ProviderCard(props: { m: InspectorModel }) {
  const m = props.m;
  const clock = m.clock.frozen
    ? "frozen"
    : m.clock.offsetSeconds
    ? `running, ${m.clock.offsetSeconds}s from real time`
    : "real time";
  return (
    <section id="provider" class="card">
      <dl>
        <dt>issuer</dt>
        <dd>
          <code>{m.issuer}</code>
        </dd>
        <dt>clock</dt>
        <dd>
          {new Date(m.now).toISOString()} ({clock})
        </dd>
        <dt>control plane</dt>
        <dd>{m.adminToken ? "needs the --admin-token" : "open (no --admin-token)"}</dd>
        {m.urls.map(([label, url]) => (
          <>
            <dt>{label}</dt>
            <dd>
              <code>{url}</code>
            </dd>
          </>
        ))}
      </dl>
    </section>
  );
}

function DecoderCard(
  props: { action: string; token?: string; decoded?: DecodedToken; now: number },
) {
  return (
    <section id="decoder" class="card">
      <h2>Token decoder</h2>
      <form method="post" action={props.action}>
        <label for="token">Paste a JWT (ID token or access token)</label>
        <textarea id="token" name="token" required autocomplete="off" spellcheck={false}>
          {props.token ?? ""}
        </textarea>
        <button type="submit">Decode and verify</button>
      </form>
      {props.decoded && <DecodedView decoded={props.decoded} now={props.now} />}
    </section>
  );
}

function UsersCard(props: { m: InspectorModel; csrf: string }) {
  return (
    <section id="users" class="card">
      <h2>Users</h2>
      {props.m.users.length === 0 && <p class="muted">No users; any sub can sign in.</p>}
      <table>
        {props.m.users.map((u) => (
          <tr class="user" data-sub={u.sub}>
            <td>{u.name}</td>
            <td>
              <code>{u.sub}</code>
            </td>
            <td>
              <form method="post" action={u.signIn}>
                <input type="hidden" name="sub" value={u.sub} />
                <input type="hidden" name="csrf" value={props.csrf} />
                <button type="submit" class="signin secondary">Sign in as {u.sub}</button>
              </form>
            </td>
          </tr>
        ))}
      </table>
    </section>
  );
}

function ClientsCard(props: { m: InspectorModel }) {
  return (
    <section id="clients" class="card">
      <h2>Clients</h2>
      {props.m.clients.length === 0 && (
        <p class="muted">No registered clients; unknown client_ids are accepted ad hoc.</p>
      )}
      <table>
        {props.m.clients.map((c) => (
          <tr class="client" data-client-id={c.clientId}>
            <td>
              <code>{c.clientId}</code>
              {c.name ? ` (${c.name})` : ""}
            </td>
            <td>{c.origin}</td>
            <td>{c.authMethod}</td>
            <td>{c.grantTypes.join(" ")}</td>
            <td>{c.redirectUris.map((u) => <div>{u}</div>)}</td>
          </tr>
        ))}
      </table>
    </section>
  );
}

function SessionsCard(props: { m: InspectorModel }) {
  return (
    <section id="sessions" class="card">
      <h2>Live sessions</h2>
      {props.m.sessions.length === 0 && <p class="muted">Nobody is signed in.</p>}
      <table>
        {props.m.sessions.map((s) => (
          <tr class="session" data-sub={s.sub}>
            <td>
              <code>{s.sub}</code>
            </td>
            <td>signed in {describeTime(s.authTime, props.m.now)}</td>
            <td>ends {describeTime(Math.floor(s.exp / 1000), props.m.now)}</td>
            <td>{s.clients.join(", ")}</td>
          </tr>
        ))}
      </table>
    </section>
  );
}

/**
 * The inspector: the issuer and its URLs, a token decoder, recent requests with their warnings,
 * users with sign-in links, clients and live sessions. Server-rendered; works without scripts.
 */
export function InspectorPage(props: {
  model: InspectorModel;
  decodeAction: string;
  /** Binds the sign-in forms to this browser. */
  csrf: string;
  token?: string;
  decoded?: DecodedToken;
}) {
  const m = props.model;
  return (
    <Layout title="Inspector" wide>
      <style dangerouslySetInnerHTML={{ __html: INSPECTOR_CSS }} />
      <h1>Inspector</h1>
      <ProviderCard m={m} />
      <DecoderCard
        action={props.decodeAction}
        token={props.token}
        decoded={props.decoded}
        now={m.now}
      />
      <section id="requests" class="card">
        <h2>Recent requests</h2>
        <RequestsTable requests={m.requests} now={m.now} />
      </section>
      <UsersCard m={m} csrf={props.csrf} />
      <ClientsCard m={m} />
      <SessionsCard m={m} />
    </Layout>
  );
}
