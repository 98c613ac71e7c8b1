/** Loopback redirect URIs match on any port (RFC 8252 §7.3); every other host exactly. */
import assert from "node:assert/strict";
import { matchRegisteredRedirect } from "../../src/protocol/authorize/redirect_uri_policy.ts";
import { testProvider } from "../helpers.ts";
import { staticClients } from "./client_fixtures.ts";
import { authorize } from "./client_helpers.ts";

const REGISTERED = [
  "http://127.0.0.1/cb",
  "http://[::1]:8080/cb?app=1",
  "http://localhost:3000/cb",
  "https://app.example/cb",
  "http://app.example:8000/cb",
];

Deno.test("a registered loopback redirect URI matches on any port; nothing else about it may differ", () => {
  const cases: [string, string | undefined][] = [
    ["http://127.0.0.1/cb", "http://127.0.0.1/cb"],
    ["http://127.0.0.1:49152/cb", "http://127.0.0.1/cb"],
    ["http://[::1]:5000/cb?app=1", "http://[::1]:8080/cb?app=1"],
    ["http://[::1]/cb?app=1", "http://[::1]:8080/cb?app=1"],
    ["http://localhost:51000/cb", "http://localhost:3000/cb"],
    ["http://127.0.0.1:49152/other", undefined],
    ["http://127.0.0.1:49152/cb?x=1", undefined],
    ["https://127.0.0.1:49152/cb", undefined],
    ["http://[::1]:5000/cb", undefined],
    ["http://localhost:51000/cb#f", undefined],
    ["http://127.0.0.2:80/cb", undefined],
    ["http://localhost:3000/cb", "http://localhost:3000/cb"],
    ["http://127.0.0.1:3000/cb", "http://127.0.0.1/cb"],
    ["https://app.example:8443/cb", undefined],
    ["http://app.example:8001/cb", undefined],
    ["http://app.example:8000/cb", "http://app.example:8000/cb"],
  ];
  for (const [given, expected] of cases) {
    assert.equal(matchRegisteredRedirect(REGISTERED, given), expected, given);
  }
});

Deno.test("/authorize accepts a registered native client's new random port, in every mode", async () => {
  for (const mode of [{}, { strict: true }, { strict: true, strictAll: true }]) {
    await using op = await testProvider({
      autoLogin: "",
      ...mode,
      clients: await staticClients([
        { client_id: "cli", redirect_uris: ["http://127.0.0.1/callback"] },
      ]),
    });
    const port = String(40000 + Math.floor(Math.random() * 20000));
    const redirect = `http://127.0.0.1:${port}/callback`;
    const url = await authorize(op, { client_id: "cli", redirect_uri: redirect });
    assert.equal(url.origin + url.pathname, redirect);
    assert.ok(url.searchParams.get("code"), JSON.stringify(mode));
    assert.deepEqual(await op.deps.warnings.kept(), []);
    const other = await op.request(
      `/authorize?client_id=cli&response_type=code&redirect_uri=${
        encodeURIComponent(`http://127.0.0.1:${port}/elsewhere`)
      }`,
    );
    assert.equal(other.status, 400, "another path is not registered");
    assert.match(await other.text(), /is not registered for client &quot;cli&quot;/);
  }
});

Deno.test("/authorize compares a non-loopback redirect URI exactly, port included", async () => {
  await using op = await testProvider({
    autoLogin: "",
    clients: await staticClients([
      { client_id: "web", client_secret: "s", redirect_uris: ["https://app.example/cb"] },
    ]),
  });
  const res = await op.request(
    `/authorize?client_id=web&response_type=code&redirect_uri=${
      encodeURIComponent("https://app.example:8443/cb")
    }`,
  );
  assert.equal(res.status, 400);
  assert.match(await res.text(), /https:\/\/app.example:8443\/cb is not registered/);
});
