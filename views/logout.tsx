/** @jsxImportSource npm:hono@^4/jsx */
import { Layout } from "./layout.tsx";

/**
 * Goes on to the client once every front-channel iframe has loaded (or failed to). The CSP
 * allows exactly this script by its hash.
 */
export const CONTINUE_ON_LOAD =
  'addEventListener("load",function(){location.replace(document.getElementById("continue").href)})';

/**
 * After RP-initiated logout: a hidden iframe per front-channel logout URI of the session's
 * clients; with `next` (the post-logout redirect), a link there, followed once the frames load.
 * With `warning` (an unknown client in lenient mode) the link is only shown, never followed.
 * @see OpenID Connect Front-Channel Logout 1.0 §3, RP-Initiated Logout 1.0 §3
 */
export function LoggedOutPage(
  props: { user?: string; frontchannel?: string[]; next?: string; warning?: string },
) {
  return (
    <Layout title="Signed out">
      <h1>You are signed out</h1>
      <p>{props.user ? `${props.user} was signed out of Gatehouse.` : "No session was active."}</p>
      {(props.frontchannel ?? []).map((src) => (
        <iframe src={src} class="frontchannel-logout" title="Signing out of an application" hidden>
        </iframe>
      ))}
      {props.next && props.warning && (
        <div class="card error">
          <p class="warn" role="alert">{props.warning}</p>
          <a id="untrusted" href={props.next}>{props.next}</a>
        </div>
      )}
      {props.next && !props.warning && (
        <>
          <a id="continue" class="button" href={props.next}>Continue to the application</a>
          <script dangerouslySetInnerHTML={{ __html: CONTINUE_ON_LOAD }} />
        </>
      )}
    </Layout>
  );
}

/**
 * Asks before ending the session when the request did not prove which session it is about
 * (no `id_token_hint`, or one from another session). The request's parameters go back in
 * hidden fields with a CSRF token bound to this browser.
 * @see OpenID Connect RP-Initiated Logout 1.0 §2 ("the OP MUST ask the End-User")
 */
export function LogoutConfirmPage(
  props: { action: string; user: string; client?: string; fields: [string, string][] },
) {
  return (
    <Layout title="Sign out?">
      <h1>Sign out of Gatehouse?</h1>
      <p>
        Signed in as <strong>{props.user}</strong>.
        {props.client ? ` The application "${props.client}" asks to sign you out.` : ""}
      </p>
      <form method="post" action={props.action}>
        {props.fields.map(([name, value]) => <input type="hidden" name={name} value={value} />)}
        <button type="submit" id="confirm-logout">Sign out</button>
      </form>
    </Layout>
  );
}
