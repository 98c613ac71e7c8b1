/** A client deleted through RFC 7592 stays deleted: lenient mode does not make it ad hoc again. */
import assert from "node:assert/strict";
import { form, testProvider } from "../helpers.ts";
import { authorize, basic, bearer, exchange, REDIRECT, registered } from "./client_helpers.ts";

Deno.test("a deleted client is refused with invalid_client in lenient mode at /authorize, /token, /introspect and /revoke", async () => {
  await using op = await testProvider({ autoLogin: "" });
  const reg = await registered(op, {
    redirect_uris: [REDIRECT],
    grant_types: ["authorization_code", "refresh_token", "client_credentials"],
  });
  const id = reg.client_id;
  const url = await authorize(op, { client_id: id });
  const tokens = await exchange(op, url.searchParams.get("code")!, {
    headers: basic(id, reg.client_secret),
  });
  assert.equal(tokens.status, 200);
  op.clock.freeze(Date.parse("2030-01-02T03:04:05Z"));
  const del = await op.request(reg.registration_client_uri, {
    method: "DELETE",
    headers: bearer(reg.registration_access_token),
  });
  assert.equal(del.status, 204);
  const message = `client "${id}" was deleted at 2030-01-02T03:04:05.000Z`;

  const page = await op.request(
    `/authorize?${new URLSearchParams({
      client_id: id,
      redirect_uri: REDIRECT,
      response_type: "code",
      scope: "openid",
    })}`,
  );
  assert.equal(page.status, 400, "an error page, not a redirect");
  assert.match(page.headers.get("content-type")!, /^text\/html/);
  const html = await page.text();
  assert.match(html, /invalid_client/);
  assert.ok(html.includes(message.replaceAll('"', "&quot;")), html);

  // Any secret, as an ad-hoc client would be taken with, and the real one.
  for (const secret of ["anything", reg.client_secret]) {
    for (const path of ["/token", "/introspect", "/revoke"]) {
      const params: Record<string, string> = path === "/token"
        ? { grant_type: "client_credentials" }
        : { token: String(tokens.body.access_token) };
      const init = form(params);
      init.headers = { ...init.headers, ...basic(id, secret) };
      const res = await op.request(path, init);
      assert.equal(res.status, 401, `${path} with ${secret}`);
      assert.deepEqual(await res.json(), { error: "invalid_client", error_description: message });
    }
  }
  const publicUse = await op.request(
    "/token",
    form({ grant_type: "client_credentials", client_id: id }),
  );
  assert.equal(publicUse.status, 401);
  assert.equal((await publicUse.json()).error_description, message);
  assert.deepEqual(
    (await op.deps.warnings.kept()).filter((w) => w.rule === "registration"),
    [],
    "never taken as an unregistered client",
  );
});
