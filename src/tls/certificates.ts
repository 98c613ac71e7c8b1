/**
 * The local CA's certificates, built with `@peculiar/x509` on WebCrypto (no hand-written ASN.1).
 * This module is large: it is imported only when a certificate must be made (`--tls` with no
 * usable certificate in the CA directory), so a plain start never loads it.
 * @see RFC 5280 §4.2 (extensions), CA/Browser Forum Baseline Requirements §7.1 (profiles)
 */
import "npm:reflect-metadata@^0.2";
import * as x509 from "npm:@peculiar/x509@^2";

/** A certificate and its private key, both PEM. */
export interface PemPair {
  certPem: string;
  keyPem: string;
}

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const DAY_MS = 86_400_000;
/** The CA outlives many leaves: a developer trusts it once. */
const CA_DAYS = 3650;
/** Within the 398 days clients such as Apple's accept for a server certificate. */
export const LEAF_DAYS = 397;

/** A new self-signed CA that may only issue end-entity certificates (path length 0). */
export async function createCa(now = new Date()): Promise<PemPair> {
  const keys = await crypto.subtle.generateKey(ALG, true, ["sign", "verify"]);
  // The date tells apart the CAs a developer may have trusted over time.
  const name = `CN=Gatehouse local CA ${
    now.toISOString().slice(0, 10)
  }, O=Gatehouse development CA`;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + CA_DAYS * DAY_MS),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return {
    certPem: `${cert.toString("pem").trimEnd()}\n`,
    keyPem: await keyToPem(keys.privateKey),
  };
}

/**
 * A server certificate from `ca` for `names`: DNS names and IP addresses (IPv4 or IPv6) as
 * subjectAltName entries, `serverAuth` only.
 */
export async function issueLeaf(ca: PemPair, names: string[], now = new Date()) {
  const caCert = new x509.X509Certificate(ca.certPem);
  const caKey = await crypto.subtle.importKey(
    "pkcs8",
    x509.PemConverter.decode(ca.keyPem)[0],
    ALG,
    false,
    ["sign"],
  );
  const keys = await crypto.subtle.generateKey(ALG, true, ["sign", "verify"]);
  const notAfter = new Date(now.getTime() + LEAF_DAYS * DAY_MS);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${names[0]}, O=Gatehouse development certificate`,
    issuer: caCert.subject,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter,
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names.map(generalName)),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return {
    certPem: `${cert.toString("pem").trimEnd()}\n`,
    keyPem: await keyToPem(keys.privateKey),
    notAfter: notAfter.getTime(),
  };
}

function generalName(name: string): { type: "dns" | "ip"; value: string } {
  const ip = /^\d{1,3}(\.\d{1,3}){3}$/.test(name) || name.includes(":");
  return { type: ip ? "ip" : "dns", value: name };
}

async function keyToPem(key: CryptoKey): Promise<string> {
  const der = await crypto.subtle.exportKey("pkcs8", key);
  return `${x509.PemConverter.encode(der, "PRIVATE KEY").trimEnd()}\n`;
}

/** A positive 127-bit serial number (RFC 5280 §4.1.2.2: unique, at most 20 octets). */
function serial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] &= 0x7f;
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
