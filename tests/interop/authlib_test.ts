/**
 * Python's Authlib (Debian's python3-authlib) in a small Flask app, as Authlib's Flask guide
 * writes it: it registers through /register, Chromium signs in on Gatehouse's login page, the
 * app validates the ID token, reads userinfo, refreshes, and logs out at the provider. In the
 * default mode and under --strict.
 */
import assert from "node:assert/strict";
import { ALICE } from "../helpers.ts";
import { chooseUser, interopHarness, MODES } from "./harness.ts";
import { browserTest } from "../browser/chromium.ts";

const APP = new URL("./authlib_rp.py", import.meta.url).pathname;

/** Starts the Flask app against `issuer`; resolves with its base URL once it is ready. */
async function startFlask(issuer: string) {
  const child = new Deno.Command("/usr/bin/python3", {
    args: [APP, issuer],
    stdout: "piped",
    stderr: "piped",
    env: { AUTHLIB_INSECURE_TRANSPORT: "1", PYTHONUNBUFFERED: "1" },
  }).spawn();
  const stderr = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  const errors: string[] = [];
  (async () => {
    for (let r = await stderr.read(); !r.done; r = await stderr.read()) errors.push(r.value);
  })();
  const stdout = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const deadline = setTimeout(() => child.kill(), 20_000);
  let first = "";
  while (!first.includes("\n")) {
    const r = await stdout.read();
    if (r.done) break;
    first += r.value;
  }
  clearTimeout(deadline);
  first = first.split("\n")[0];
  const close = async () => {
    try {
      child.kill();
    } catch { /* already gone */ }
    await child.status;
    await stdout.cancel().catch(() => {});
  };
  if (!first.startsWith("ready ")) {
    await close();
    throw new Error(`the Flask app did not start: ${errors.join("")}`);
  }
  return { base: first.slice("ready ".length), errors, close };
}

for (const mode of MODES) {
  browserTest({
    name: `Authlib (Flask) signs in, reads userinfo, refreshes and logs out (${mode.name})`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      await using h = await interopHarness(mode.config);
      const rp = await startFlask(h.op.issuer);
      try {
        await h.page.goto(`${rp.base}/login`);
        await chooseUser(h.page);
        await h.page.waitForURL(`${rp.base}/profile`);
        const profile = JSON.parse(await h.page.locator("body").innerText());
        assert.ok(profile, `no profile; the app said: ${rp.errors.join("")}`);
        assert.equal(profile.id_token_claims.sub, "alice");
        assert.equal(profile.id_token_claims.email, ALICE.email);
        assert.equal(profile.userinfo.email, ALICE.email);
        assert.equal(profile.refreshed, true);

        await h.page.goto(`${rp.base}/logout`);
        await h.page.waitForSelector("#home");
        await h.page.goto(`${rp.base}/login`);
        await h.page.waitForSelector('button[name="sub"][value="alice"]');
        assert.deepEqual(await h.rejectWarnings(), []);
      } finally {
        await rp.close();
      }
    },
  });
}
