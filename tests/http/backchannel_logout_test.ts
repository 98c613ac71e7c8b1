import assert from "node:assert/strict";
import { decodeJwt, jwtVerify } from "jose";
import { confirmedLogout } from "../flow.ts";
import { testProvider } from "../helpers.ts";
import { REDIRECT, registered } from "./client_helpers.ts";
import { localServer, providerKeys, signIn } from "./oidc_helpers.ts";

const ISSUER = "http://localhost:9400";
const EVENTS = { "http://schemas.openid.net/event/backchannel-logout": {} };

type Provider = Awaited<ReturnType<typeof testProvider>>;

/** Registers a public client with `extra` metadata. */
async function client(op: Provider, extra: Record<string, unknown>): Promise<string> {
  const body = await registered(op, {
    redirect_uris: [REDIRECT],
    token_endpoint_auth_method: "none",
    ...extra,
  });
  return body.client_id;
}

/** Signs in to every client in turn in one browser session; the ID tokens and the cookie. */
async function oneSession(op: Provider, clientIds: string[]) {
  let cookie = "";
  const idTokens: string[] = [];
  for (const id of clientIds) {
    const signed = await signIn(op, id, { cookie });
    cookie = signed.cookie;
    idTokens.push(signed.tokens.id_token);
  }
  return { cookie, idTokens };
}

Deno.test("logout POSTs a verifiable logout token to each session client with a back-channel URI", async () => {
  await using op = await testProvider({ autoLogin: "" });
  const received: { path: string; type: string | null; form: Record<string, string> }[] = [];
  await using rp = localServer(async (req) => {
    const form = Object.fromEntries(new URLSearchParams(await req.text()));
    received.push({ path: new URL(req.url).pathname, type: req.headers.get("content-type"), form });
    return new Response(null, { status: 200 });
  });
  const withSid = await client(op, {
    backchannel_logout_uri: `${rp.url}/a`,
    backchannel_logout_session_required: true,
  });
  const pairwise = await client(op, {
    backchannel_logout_uri: `${rp.url}/b?tenant=1`,
    subject_type: "pairwise",
  });
  const quiet = await client(op, {});
  const { cookie, idTokens } = await oneSession(op, [withSid, pairwise, quiet]);
  const sid = decodeJwt(idTokens[0]).sid;
  assert.equal(decodeJwt(idTokens[1]).sid, sid, "one session");

  const logout = await confirmedLogout(op, cookie);
  assert.equal(logout.status, 200);
  await logout.body?.cancel();
  await op.deps.background.idle();

  received.sort((x, y) => x.path.localeCompare(y.path));
  assert.deepEqual(received.map((r) => [r.path, r.type, Object.keys(r.form)]), [
    ["/a", "application/x-www-form-urlencoded", ["logout_token"]],
    ["/b", "application/x-www-form-urlencoded", ["logout_token"]],
  ]);
  const keys = await providerKeys(op);
  const expected = [[withSid, idTokens[0]], [pairwise, idTokens[1]]];
  const jtis = new Set<unknown>();
  for (const [i, [clientId, idToken]] of expected.entries()) {
    const { payload, protectedHeader } = await jwtVerify(received[i].form.logout_token, keys, {
      issuer: ISSUER,
      audience: clientId,
      typ: "logout+jwt",
      algorithms: ["RS256"],
    });
    assert.equal(protectedHeader.typ, "logout+jwt");
    const { iat, exp, jti, ...rest } = payload;
    assert.deepEqual(rest, {
      iss: ISSUER,
      sub: decodeJwt(idToken).sub,
      aud: clientId,
      sid,
      events: EVENTS,
    });
    assert.equal(exp! - iat!, 120);
    assert.equal(payload.nonce, undefined, "a logout token never carries a nonce");
    jtis.add(jti);
  }
  assert.equal(jtis.size, 2, "each logout token has its own jti");
  assert.notEqual(decodeJwt(idTokens[1]).sub, "alice", "the pairwise client got its own sub");
  const delivered = op.logs.filter((l) => l.startsWith("INFO back-channel logout delivered"));
  assert.equal(delivered.length, 2);
});

Deno.test("failed back-channel deliveries are logged and never hold up the logout", async () => {
  await using op = await testProvider({ autoLogin: "" });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => release = resolve);
  let hung = 0;
  await using rp = localServer(async (req) => {
    const path = new URL(req.url).pathname;
    await req.text();
    if (path === "/broken") return new Response("oops", { status: 500 });
    hung++;
    await gate;
    return new Response(null, { status: 204 });
  });
  const gone = localServer(() => new Response());
  const goneUrl = `${gone.url}/logout`;
  await gone.close();
  const broken = await client(op, { backchannel_logout_uri: `${rp.url}/broken` });
  const slow = await client(op, { backchannel_logout_uri: `${rp.url}/slow` });
  const unreachable = await client(op, { backchannel_logout_uri: goneUrl });
  const { cookie, idTokens } = await oneSession(op, [broken, slow, unreachable]);
  const sid = String(decodeJwt(idTokens[0]).sid);

  const logout = await confirmedLogout(op, cookie);
  assert.equal(logout.status, 200);
  assert.match(await logout.text(), /You are signed out/);
  // The page was answered while the slow client still holds its delivery open.
  await waitFor(() => hung === 1);
  release();
  await op.deps.background.idle();

  const lines = op.logs.filter((l) => l.includes("back-channel logout"));
  assert.ok(
    lines.includes(
      `WARN back-channel logout failed client_id=${broken} uri=${rp.url}/broken sid=${sid} reason="HTTP 500"`,
    ),
    lines.join("\n"),
  );
  assert.ok(
    lines.includes(
      `INFO back-channel logout delivered client_id=${slow} uri=${rp.url}/slow sid=${sid}`,
    ),
    lines.join("\n"),
  );
  const failed = lines.filter((l) =>
    l.startsWith(`WARN back-channel logout failed client_id=${unreachable}`)
  );
  assert.equal(failed.length, 1, lines.join("\n"));
  assert.equal(lines.length, 3);
});

async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(done(), "timed out waiting");
}

Deno.test("a new sign-in in the same browser ends the old session, and its clients are told", async () => {
  await using op = await testProvider({ autoLogin: "" });
  const tokens: string[] = [];
  await using rp = localServer(async (req) => {
    tokens.push(new URLSearchParams(await req.text()).get("logout_token")!);
    return new Response(null, { status: 200 });
  });
  const id = await client(op, { backchannel_logout_uri: `${rp.url}/bc` });
  const first = await signIn(op, id);
  const oldSid = decodeJwt(first.tokens.id_token).sid;
  const second = await signIn(op, id, {
    cookie: first.cookie,
    params: { prompt: "login", login_hint: "bob" },
  });
  await op.deps.background.idle();
  assert.notEqual(decodeJwt(second.tokens.id_token).sid, oldSid);
  assert.equal(tokens.length, 1);
  const { payload } = await jwtVerify(tokens[0], await providerKeys(op), { typ: "logout+jwt" });
  assert.equal(payload.sid, oldSid);
  assert.equal(payload.sub, "alice");
  assert.equal((await op.deps.store.listSessions(op.clock.now())).length, 1, "the old one is gone");
});
