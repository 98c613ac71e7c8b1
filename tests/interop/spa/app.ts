/**
 * A single-page app using oidc-client-ts the way its README shows: a UserManager, signinRedirect,
 * signinRedirectCallback on the callback page, signinSilent (with the refresh token) and
 * signoutRedirect. Bundled for the browser by tests/interop/oidc_client_ts_test.ts; the page
 * gives the settings in `<script id="settings" type="application/json">`.
 */
import { UserManager } from "oidc-client-ts";

/** The few DOM members the app uses (the tests are type-checked without the DOM library). */
interface Page {
  document: {
    getElementById(id: string): { textContent: string | null } | null;
    createElement(tag: "pre"): { id: string; textContent: string | null };
    body: { append(node: unknown): void };
  };
  location: { pathname: string };
}
const { document, location } = globalThis as unknown as Page;

const settings = JSON.parse(document.getElementById("settings")!.textContent!);
const manager = new UserManager({ ...settings, loadUserInfo: true });

function show(id: string, value: unknown): void {
  const pre = document.createElement("pre");
  pre.id = id;
  pre.textContent = JSON.stringify(value);
  document.body.append(pre);
}

async function main(): Promise<void> {
  const page = location.pathname;
  if (page === "/") return await manager.signinRedirect();
  if (page === "/callback") {
    const user = await manager.signinRedirectCallback();
    const refreshed = await manager.signinSilent();
    show("result", {
      profile: user.profile,
      refreshed: refreshed !== null && refreshed.access_token !== user.access_token,
      scope: user.scope,
    });
    return;
  }
  if (page === "/logout") return await manager.signoutRedirect();
  if (page === "/logged-out") show("logged-out", await manager.getUser());
}

main().catch((err) => show("error", String(err?.message ?? err)));
