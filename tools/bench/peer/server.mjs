// panva's oidc-provider, configured as the peer of `deno task bench --peer oidc-provider`:
// RS256, the bench client (client_credentials with a resource indicator → RS256 JWT access
// token; code + PKCE; rotating refresh tokens), the bench users, an unbounded in-memory store
// (the package's default one keeps only 1000 entries) and a login that completes at once.
// Usage: node server.mjs PORT [SEED]: SEED refresh tokens are stored before listening.
import { generateKeyPairSync, randomUUID } from "node:crypto";
import Provider from "oidc-provider";

const port = Number(process.argv[2]);
const seed = Number(process.argv[3] ?? 0);
const issuer = `http://localhost:${port}`;
const USERS = {
  alice: { sub: "alice", name: "Alice Adams", email: "alice@example.com", email_verified: true },
  bob: { sub: "bob", name: "Bob Brown", email: "bob@example.com" },
};

const stores = new Map();
const storeOf = (name) => stores.get(name) ?? stores.set(name, new Map()).get(name);
const grants = new Map();
// oidc-provider awaits each method; the store answers at once.
class MapAdapter {
  constructor(name) {
    this.name = name;
    this.store = storeOf(name);
  }
  upsert(id, payload, expiresIn) {
    this.store.set(id, { payload, exp: Date.now() + expiresIn * 1000 });
    if (payload.grantId) {
      const ids = grants.get(payload.grantId) ??
        grants.set(payload.grantId, []).get(payload.grantId);
      ids.push([this.name, id]);
    }
    return Promise.resolve();
  }
  find(id) {
    const e = this.store.get(id);
    if (e && e.exp < Date.now()) this.store.delete(id);
    return Promise.resolve(e && e.exp >= Date.now() ? e.payload : undefined);
  }
  findByUid(uid) {
    for (const [id, e] of this.store) if (e.payload.uid === uid) return this.find(id);
    return Promise.resolve(undefined);
  }
  findByUserCode(code) {
    for (const [id, e] of this.store) if (e.payload.userCode === code) return this.find(id);
    return Promise.resolve(undefined);
  }
  consume(id) {
    const e = this.store.get(id);
    if (e) e.payload.consumed = Math.floor(Date.now() / 1000);
    return Promise.resolve();
  }
  destroy(id) {
    this.store.delete(id);
    return Promise.resolve();
  }
  revokeByGrantId(grantId) {
    for (const [name, id] of grants.get(grantId) ?? []) storeOf(name).delete(id);
    grants.delete(grantId);
    return Promise.resolve();
  }
}

const jwk = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
  format: "jwk",
});
const provider = new Provider(issuer, {
  adapter: MapAdapter,
  jwks: { keys: [{ ...jwk, kid: "bench", alg: "RS256", use: "sig" }] },
  clients: [{
    client_id: "bench",
    client_secret: "bench-secret",
    grant_types: ["client_credentials", "authorization_code", "refresh_token"],
    response_types: ["code"],
    redirect_uris: ["http://localhost:3000/callback"],
    scope: "openid profile email offline_access read write",
  }],
  scopes: ["openid", "offline_access", "profile", "email", "read", "write"],
  cookies: { keys: ["bench-cookie-key"] },
  ttl: { Grant: 30 * 86400, RefreshToken: 14 * 86400 },
  claims: { openid: ["sub"], profile: ["name"], email: ["email", "email_verified"] },
  findAccount: (_ctx, id) => USERS[id] && { accountId: id, claims: () => USERS[id] },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => undefined,
      useGrantedResource: () => false,
      getResourceServerInfo: (_ctx, resource) => ({
        scope: "read write",
        audience: resource,
        accessTokenFormat: "jwt",
        jwt: { sign: { alg: "RS256" } },
      }),
    },
  },
  pkce: { required: () => true },
  issueRefreshToken: (_ctx, client) => client.grantTypeAllowed("refresh_token"),
  rotateRefreshToken: true,
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
});

// The login page of a real deployment, answered at once: alice signs in and consents.
provider.use(async (ctx, next) => {
  if (!ctx.path.startsWith("/interaction/")) return await next();
  const { params } = await provider.interactionDetails(ctx.req, ctx.res);
  const grant = new provider.Grant({ accountId: "alice", clientId: params.client_id });
  grant.addOIDCScope(params.scope);
  const result = { login: { accountId: "alice" }, consent: { grantId: await grant.save() } };
  ctx.status = 303;
  ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, result));
});

// Refresh tokens stored before the bench, as the Gatehouse side seeds its KV.
for (let i = 0; i < seed; i++) {
  const grant = new provider.Grant({ accountId: `user-${i}`, clientId: "bench" });
  grant.addOIDCScope("openid offline_access");
  const grantId = await grant.save();
  const client = await provider.Client.find("bench");
  const rt = new provider.RefreshToken({
    accountId: `user-${i}`,
    client,
    grantId,
    scope: "openid offline_access",
    gty: "authorization_code",
    sessionUid: randomUUID(),
    iat: Math.floor(Date.now() / 1000),
  });
  await rt.save();
}

provider.listen(port, "127.0.0.1", () => console.log(`ready ${issuer}`));
