import assert from "node:assert/strict";
import { s256 } from "../../src/protocol/pkce.ts";
import { halfHash } from "../../src/protocol/tokens/mint.ts";

Deno.test("at_hash and c_hash match OIDC Core's examples; S256 matches RFC 7636's", () => {
  // OIDC Core §A.3 (access token → at_hash) and §A.4 (code → c_hash), RS256.
  assert.equal(
    halfHash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y", "RS256"),
    "77QmUPtjPfzWtF2AnpK9RQ",
  );
  assert.equal(
    halfHash("Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk", "RS256"),
    "LDktKdoQak3Pk0cnXxCltA",
  );
  // SHA-384 and SHA-512 halves are 24 and 32 octets (32 and 43 base64url characters).
  assert.equal(halfHash("x", "ES384").length, 32);
  assert.equal(halfHash("x", "EdDSA").length, 43);
  // RFC 7636 Appendix B.
  assert.equal(
    s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
    "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
  );
});
