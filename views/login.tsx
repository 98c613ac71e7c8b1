/** @jsxImportSource npm:hono@^4/jsx */
import { displayName } from "../src/users.ts";
import type { User } from "../src/types.ts";
import { Layout } from "./layout.tsx";

/** What the login and consent pages show about the request. */
export interface RequestSummary {
  clientId: string;
  clientName?: string;
  redirectUri: string;
  scopes: string[];
  /** For a device request (RFC 8628): the user code, shown instead of the redirect URI. */
  userCode?: string;
}

/** Hidden fields every form on the page carries. */
export function Hidden(props: { interaction: string; csrf: string }) {
  return (
    <>
      <input type="hidden" name="interaction" value={props.interaction} />
      <input type="hidden" name="csrf" value={props.csrf} />
    </>
  );
}

/** The client, redirect URI and scopes of the request. */
export function RequestPanel(props: { request: RequestSummary }) {
  const r = props.request;
  return (
    <div class="card">
      <dl>
        <dt>client</dt>
        <dd>
          {r.clientName ? `${r.clientName} (${r.clientId})` : r.clientId}
        </dd>
        <dt>{r.userCode ? "device" : "redirect URI"}</dt>
        <dd>{r.userCode ? `user code ${r.userCode}` : r.redirectUri}</dd>
        <dt>scopes</dt>
        <dd>{r.scopes.length ? r.scopes.join(" ") : "(none)"}</dd>
      </dl>
    </div>
  );
}

/** A predefined user's submit button (the login page contract: `name="sub" value=<sub>`). */
function UserButton(props: { user: User; hint?: string }) {
  const u = props.user;
  return (
    <button
      type="submit"
      name="sub"
      value={u.sub}
      autofocus={u.sub === props.hint}
      class={u.sub === props.hint ? undefined : "secondary"}
    >
      {displayName(u)}
      <small>sub: {u.sub}</small>
    </button>
  );
}

/**
 * The login page: one button per user (with a password field for a user who has a password), a
 * free-form sub with JSON claims, and deny.
 * The contract in DESIGN.md ("Login page contract") is what test automation relies on.
 */
export function LoginPage(props: {
  action: string;
  interaction: string;
  csrf: string;
  users: User[];
  request: RequestSummary;
  loginHint?: string;
  error?: string;
  claimsText?: string;
}) {
  const hidden = <Hidden interaction={props.interaction} csrf={props.csrf} />;
  return (
    <Layout title="Sign in">
      <h1>Sign in</h1>
      <RequestPanel request={props.request} />
      {props.error && <div class="card error" role="alert">{props.error}</div>}
      {props.users.length > 0 && <h2>Choose a user</h2>}
      {props.users.some((u) => !u.password) && (
        <form method="post" action={props.action} class="card">
          {hidden}
          {props.users.filter((u) =>
            !u.password
          ).map((u) => <UserButton user={u} hint={props.loginHint} />)}
        </form>
      )}
      {props.users.filter((u) => u.password).map((u, i) => (
        <form method="post" action={props.action} class="card">
          {hidden}
          <label for={`password-${i}`}>Password for {displayName(u)}</label>
          <input
            id={`password-${i}`}
            type="password"
            name="password"
            autocomplete="current-password"
          />
          <UserButton user={u} hint={props.loginHint} />
        </form>
      ))}
      <form method="post" action={props.action} class="card">
        {hidden}
        <h2>Or any user</h2>
        <label for="sub">sub</label>
        <input
          id="sub"
          name="sub"
          placeholder="sub"
          required
          autocomplete="off"
          value={props.loginHint ?? ""}
        />
        <label for="claims">claims (optional JSON object)</label>
        <textarea id="claims" name="claims" placeholder='{"email": "dev@example.com"}'>
          {props.claimsText ?? ""}
        </textarea>
        <button type="submit">Sign in</button>
      </form>
      <form method="post" action={props.action}>
        {hidden}
        <button type="submit" name="action" value="deny" class="danger">
          Deny (the client gets access_denied)
        </button>
      </form>
    </Layout>
  );
}

/** The consent page: the claims the scopes release, then allow or deny. */
export function ConsentPage(props: {
  action: string;
  interaction: string;
  csrf: string;
  user: string;
  request: RequestSummary;
  /** The claims the client will receive (ID token or userinfo), by name. */
  claims: Record<string, unknown>;
}) {
  const released = Object.entries(props.claims);
  return (
    <Layout title="Consent">
      <h1>Allow access?</h1>
      <p>
        Signed in as <strong>{props.user}</strong>.
      </p>
      <RequestPanel request={props.request} />
      <div class="card" id="released-claims">
        <h2>It will receive</h2>
        {released.length === 0
          ? <p class="muted">Only your sub: the scopes release no other claims.</p>
          : (
            <dl>
              {released.map(([name, value]) => (
                <>
                  <dt>{name}</dt>
                  <dd>{typeof value === "string" ? value : JSON.stringify(value)}</dd>
                </>
              ))}
            </dl>
          )}
      </div>
      <form method="post" action={props.action}>
        <Hidden interaction={props.interaction} csrf={props.csrf} />
        <button type="submit" name="action" value="allow">Allow</button>
        <button type="submit" name="action" value="deny" class="danger">Deny</button>
      </form>
    </Layout>
  );
}
