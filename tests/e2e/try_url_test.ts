import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { spawnGatehouse } from "../fixtures/gatehouse_process.ts";
import { loginForm, submitForm } from "../flow.ts";
import type { TestProvider } from "../helpers.ts";

/** The banner's rows by name (`  try   http://…`). */
function rows(stdout: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of stdout.matchAll(/^ {2}(\S+(?: client)?) +(.+)$/gm)) map.set(m[1], m[2]);
  return map;
}

/** Follows the banner's try URL as a browser and a back end would: login page, code, token. */
async function followTryUrl(banner: Map<string, string>, extraArgs: string[]) {
  const tryUrl = new URL(banner.get("try")!);
  assert.equal(tryUrl.searchParams.get("code_challenge_method"), "S256");
  const http = {
    request: (path: string, init?: RequestInit) =>
      fetch(new URL(path, tryUrl), { ...init, redirect: "manual" }),
  } as unknown as TestProvider;
  const first = await fetch(tryUrl, { redirect: "manual" });
  const redirect = extraArgs.includes("--auto-login")
    ? first
    : await submitForm(http, await loginForm(first), { sub: "alice" });
  assert.equal(redirect.status, 303, await redirect.text());
  const back = new URL(redirect.headers.get("location")!);
  assert.equal(back.searchParams.get("error"), null, back.href);
  const redeem = banner.get("redeem")!;
  const args = [...redeem.matchAll(/-d (\S+)=(\S+)/g)].map((m) => [m[1], m[2]]);
  const form = new URLSearchParams(
    args.map(([k, v]) => [k, k === "code" ? back.searchParams.get("code")! : v]),
  );
  const token = await fetch(redeem.split(" ").at(-1)!, { method: "POST", body: form });
  const body = await token.json();
  assert.equal(token.status, 200, JSON.stringify(body));
  return decodeJwt(body.id_token);
}

for (const mode of [[], ["--require-pkce"], ["--strict"], ["--strict", "--auto-login"]]) {
  Deno.test(`the banner's try URL signs alice in under ${mode.join(" ") || "the defaults"}`, async () => {
    await using op = await spawnGatehouse(["--port", "0", "--user", "alice", ...mode]);
    const banner = rows(op.stdout());
    const claims = await followTryUrl(banner, mode);
    assert.equal(claims.sub, "alice");
    assert.equal(claims.nonce, new URL(banner.get("try")!).searchParams.get("nonce"));
    assert.match(banner.get("verifier")!, /^[\w-]{43} /);
    assert.equal(banner.get("inspector"), `${claims.iss}/`);
    assert.match(banner.get("auto-login")!, mode.includes("--auto-login") ? /^on/ : /^off/);
  });
}

Deno.test("under --strict the try URL uses a registered client of --clients when one fits", async () => {
  const clients = JSON.stringify([{
    client_id: "web",
    redirect_uris: ["http://localhost:8080/cb"],
    token_endpoint_auth_method: "none",
  }]);
  await using op = await spawnGatehouse(["--port", "0", "--user", "alice", "--strict"], {
    env: { GATEHOUSE_CLIENTS: clients },
  });
  const banner = rows(op.stdout());
  assert.equal(new URL(banner.get("try")!).searchParams.get("client_id"), "web");
  assert.match(banner.get("try client")!, /^web \(/);
  assert.equal((await followTryUrl(banner, [])).aud, "web");
});
