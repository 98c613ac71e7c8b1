import assert from "node:assert/strict";
import { authorize, authParams, location, REDIRECT } from "../flow.ts";
import { testProvider } from "../helpers.ts";

/** Asserts the HTML error page (400), which must not redirect, and its error and description. */
async function assertPage(res: Response, error: string, description: string) {
  assert.equal(res.status, 400);
  assert.equal(res.headers.get("location"), null);
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
  const html = await res.text();
  assert.ok(html.includes(`<code>${error}</code>`), `page lacks ${error}: ${html}`);
  const escaped = description.replaceAll("&", "&amp;").replaceAll('"', "&quot;");
  assert.ok(html.includes(escaped), `page lacks "${escaped}"`);
}

/** Asserts an error redirected to the client, with state and iss (RFC 9207). */
function assertRedirected(res: Response, error: string, description: string, state = "st-1") {
  const url = location(res);
  assert.equal(url.origin + url.pathname, REDIRECT);
  assert.deepEqual(Object.fromEntries(url.searchParams), {
    error,
    error_description: description,
    state,
    iss: "http://localhost:9400",
  });
}

Deno.test("/authorize shows a page, never a redirect, when client_id is missing", async () => {
  await using p = await testProvider();
  const { client_id: _, ...params } = authParams();
  await assertPage(await authorize(p, params), "invalid_request", 'missing "client_id"');
});

Deno.test("/authorize shows a page for an unknown client under --require-registration", async () => {
  await using p = await testProvider({ requireRegistration: true });
  await assertPage(
    await authorize(p, authParams()),
    "invalid_client",
    'unknown client "app": only registered clients are accepted',
  );
});

Deno.test("/authorize shows a page for a redirect_uri not registered for the client", async () => {
  await using p = await testProvider();
  await p.deps.store.putClient({
    client_id: "reg",
    redirect_uris: ["https://app.example/cb"],
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
    origin: "static",
  });
  await assertPage(
    await authorize(p, authParams({ client_id: "reg" })),
    "invalid_request",
    `"redirect_uri" ${REDIRECT} is not registered for client "reg" (registered: https://app.example/cb)`,
  );
});

Deno.test("/authorize shows a page for a relative or fragment redirect_uri", async () => {
  await using p = await testProvider();
  await assertPage(
    await authorize(p, authParams({ redirect_uri: "/cb" })),
    "invalid_request",
    '"redirect_uri" must be an absolute URI, got "/cb"',
  );
  await assertPage(
    await authorize(p, authParams({ redirect_uri: "http://localhost/cb#x" })),
    "invalid_request",
    '"redirect_uri" must not contain a fragment',
  );
});

Deno.test("/authorize redirects invalid_request when response_type is missing", async () => {
  await using p = await testProvider();
  const { response_type: _, ...params } = authParams();
  assertRedirected(await authorize(p, params), "invalid_request", 'missing "response_type"');
});

Deno.test("/authorize redirects unsupported_response_type", async () => {
  await using p = await testProvider();
  assertRedirected(
    await authorize(p, authParams({ response_type: "token" })),
    "unsupported_response_type",
    '"response_type" "token" is not supported; use one of code, id_token, id_token token, ' +
      "code id_token, code token, code id_token token, none",
  );
});

Deno.test("/authorize redirects invalid_request for an invalid code_challenge_method", async () => {
  await using p = await testProvider();
  assertRedirected(
    await authorize(p, authParams({ code_challenge_method: "S512" })),
    "invalid_request",
    '"code_challenge_method" must be S256 or plain, got "S512"',
  );
});

Deno.test("/authorize refuses PKCE plain under --strict", async () => {
  await using p = await testProvider({ strict: true, requireRegistration: false });
  await p.deps.store.putClient({
    client_id: "app",
    redirect_uris: [REDIRECT],
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
    origin: "static",
  });
  assertRedirected(
    await authorize(p, authParams({ code_challenge_method: "plain" })),
    "invalid_request",
    '"code_challenge_method" plain is not allowed; use S256',
  );
});

Deno.test("/authorize refuses a registered public client without PKCE", async () => {
  await using p = await testProvider();
  await p.deps.store.putClient({
    client_id: "spa",
    redirect_uris: [REDIRECT],
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
    origin: "static",
  });
  const { code_challenge: _c, code_challenge_method: _m, ...params } = authParams({
    client_id: "spa",
  });
  assertRedirected(
    await authorize(p, params),
    "invalid_request",
    'missing "code_challenge"; public clients must use PKCE',
  );
});

Deno.test("/authorize requires nonce under --require-nonce and warns without it", async () => {
  const { nonce: _, ...params } = authParams();
  {
    await using p = await testProvider({ requireNonce: true });
    assertRedirected(
      await authorize(p, params),
      "invalid_request",
      'missing "nonce"; it is required for OpenID Connect requests',
    );
  }
  await using lenient = await testProvider({ autoLogin: "" });
  const url = location(await authorize(lenient, params));
  assert.ok(url.searchParams.get("code"));
  assert.deepEqual(
    lenient.deps.warnings.recent().map((w) => w.rule).sort(),
    ["nonce-required", "registration"],
  );
});

Deno.test("/authorize redirects in the fragment when response_mode=fragment", async () => {
  await using p = await testProvider();
  const res = await authorize(p, authParams({ response_mode: "fragment", prompt: "bogus" }));
  const url = location(res);
  assert.equal(url.search, "");
  const fragment = new URLSearchParams(url.hash.slice(1));
  assert.equal(fragment.get("error"), "invalid_request");
  assert.equal(
    fragment.get("error_description"),
    'unsupported "prompt" value "bogus"; use none, login, consent or select_account',
  );
  assert.equal(fragment.get("state"), "st-1");
});

Deno.test("/authorize answers login_required for prompt=none without a session", async () => {
  await using p = await testProvider();
  assertRedirected(
    await authorize(p, authParams({ prompt: "none" })),
    "login_required",
    "no user is signed in",
  );
});

Deno.test("/authorize refuses a repeated parameter on the page when the client is unknown yet", async () => {
  await using p = await testProvider();
  const res = await p.request("/authorize?client_id=a&client_id=b&response_type=code");
  await assertPage(res, "invalid_request", 'parameter "client_id" is repeated');
});

for (const strict of [false, true]) {
  for (
    const [uri, extra] of [
      ["javascript:alert(document.domain)//", { response_type: "bogus" }],
      ["javascript:alert(1)//", { response_mode: "form_post" }],
      ["data:text/html,<script>alert(1)</script>", { response_mode: "form_post" }],
      ["vbscript:msgbox", {}],
    ] as const
  ) {
    Deno.test(`${strict ? "--strict" : "lenient"}: an ad-hoc redirect_uri ${uri.split(":")[0]}: gets the error page`, async () => {
      await using p = await testProvider({ strict });
      const res = await p.request(`/authorize?${new URLSearchParams({
        client_id: "adhoc",
        redirect_uri: uri,
        response_type: "code",
        scope: "openid",
        ...extra,
      })}`);
      assert.equal(res.status, 400);
      assert.equal(res.headers.get("location"), null);
      const html = await res.text();
      const why = strict ? /unknown client/ : /scheme, which is never a redirect target/;
      assert.match(html, why);
      assert.doesNotMatch(html, /<form method="post" action="(javascript|data|vbscript):/);
    });
  }
}
