/**
 * `--tls`: the certificate and key the server listens with. Either the files the user gave
 * (`--tls-cert`/`--tls-key`), or a leaf from Gatehouse's local CA, which is created once in the
 * CA directory and reused by every later run. The leaf is kept there too, so a restart with the
 * same names loads no X.509 code at all.
 */
import { ConfigError } from "../config/problems.ts";
import { CA_CERT_FILE, CA_KEY_FILE, caFile } from "./ca_dir.ts";

/** What `--tls` needs to know. */
export interface TlsSettings {
  /** The CA directory (`--tls-ca-dir`). */
  caDir: string;
  /** The names the leaf must cover, besides localhost and the loopback addresses. */
  names: string[];
  /** `--tls-cert`/`--tls-key`: use these instead of the local CA. */
  certFile: string | null;
  keyFile: string | null;
}

/** The server's certificate chain and key, and the CA that issued it (when it is ours). */
export interface TlsMaterial {
  cert: string;
  key: string;
  /** The local CA's certificate file and PEM; null with `--tls-cert`. */
  caPath: string | null;
  caPem: string | null;
}

/** Kept beside the CA: the last leaf issued, reused while it covers the same names. */
const LEAF_FILE = "gatehouse-leaf.json";
/** A kept leaf this close to expiry is replaced. */
const LEAF_RENEW_MS = 30 * 86_400_000;

/** The names every local leaf covers (RFC 6761 §6.3, RFC 8252 §8.3: loopback). */
export function leafNames(issuer: string | null, extra: string[]): string[] {
  const names = ["localhost", "127.0.0.1", "::1"];
  if (issuer) names.push(new URL(issuer).hostname.replace(/^\[(.*)\]$/, "$1"));
  return [...new Set([...names, ...extra])];
}

/** The certificate and key to listen with; a problem with given files is a ConfigError. */
export async function prepareTls(settings: TlsSettings): Promise<TlsMaterial> {
  if (settings.certFile || settings.keyFile) return await readOwnPair(settings);
  const ca = await loadOrCreateCa(settings.caDir);
  const leaf = await keptLeaf(settings.caDir, ca.certPem, settings.names) ??
    await newLeaf(settings.caDir, ca, settings.names);
  return { cert: leaf.certPem + ca.certPem, key: leaf.keyPem, caPath: ca.path, caPem: ca.certPem };
}

/** The local CA in `dir`, created (key mode 0600) when the directory holds none. */
export async function loadOrCreateCa(dir: string) {
  const certPath = caFile(dir, CA_CERT_FILE);
  const keyPath = caFile(dir, CA_KEY_FILE);
  const existing = await readPair(certPath, keyPath);
  if (existing) return { ...existing, path: certPath, created: false };
  await Deno.mkdir(dir, { recursive: true, mode: 0o700 }).catch((err) => {
    throw caDirError(dir, err);
  });
  const { createCa } = await import("./certificates.ts");
  const ca = await createCa();
  try {
    // createNew: of two processes starting at once, one creates the CA and the other waits.
    await Deno.writeTextFile(keyPath, ca.keyPem, { createNew: true, mode: 0o600 });
  } catch (err) {
    if (!(err instanceof Deno.errors.AlreadyExists)) throw caDirError(dir, err);
    const other = await waitForPair(certPath, keyPath);
    return { ...other, path: certPath, created: false };
  }
  await writeAtomically(certPath, ca.certPem, 0o644);
  return { ...ca, path: certPath, created: true };
}

async function readPair(certPath: string, keyPath: string) {
  const [certPem, keyPem] = await Promise.all([readIfThere(certPath), readIfThere(keyPath)]);
  if (certPem === null && keyPem === null) return null;
  if (certPem === null || keyPem === null) return undefined;
  return { certPem, keyPem };
}

async function waitForPair(certPath: string, keyPath: string) {
  for (let i = 0; i < 100; i++) {
    const pair = await readPair(certPath, keyPath);
    if (pair) return pair;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new ConfigError([{
    source: "--tls-ca-dir",
    message: `"${keyPath}" exists but "${certPath}" does not; remove the key to create a new CA`,
  }]);
}

async function keptLeaf(dir: string, caPem: string, names: string[]) {
  const text = await readIfThere(caFile(dir, LEAF_FILE));
  if (!text) return null;
  try {
    const kept = JSON.parse(text);
    const same = kept.caPem === caPem && JSON.stringify(kept.names) === JSON.stringify(names);
    return same && kept.notAfter - Date.now() > LEAF_RENEW_MS
      ? { certPem: String(kept.certPem), keyPem: String(kept.keyPem) }
      : null;
  } catch {
    return null;
  }
}

async function newLeaf(dir: string, ca: { certPem: string; keyPem: string }, names: string[]) {
  const { issueLeaf } = await import("./certificates.ts");
  const leaf = await issueLeaf(ca, names);
  const kept = { names, caPem: ca.certPem, ...leaf };
  await writeAtomically(caFile(dir, LEAF_FILE), JSON.stringify(kept), 0o600).catch(() => {});
  return leaf;
}

async function readOwnPair(settings: TlsSettings): Promise<TlsMaterial> {
  const problems = [];
  if (!settings.certFile) problems.push({ source: "--tls-key", message: "needs --tls-cert" });
  if (!settings.keyFile) problems.push({ source: "--tls-cert", message: "needs --tls-key" });
  if (problems.length) throw new ConfigError(problems);
  const read = async (flag: string, path: string) => {
    try {
      return await Deno.readTextFile(path);
    } catch (err) {
      problems.push({ source: flag, message: `Cannot read "${path}": ${(err as Error).message}` });
      return "";
    }
  };
  const cert = await read("--tls-cert", settings.certFile!);
  const key = await read("--tls-key", settings.keyFile!);
  if (problems.length) throw new ConfigError(problems);
  return { cert, key, caPath: null, caPem: null };
}

async function readIfThere(path: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
}

async function writeAtomically(path: string, text: string, mode: number): Promise<void> {
  const temp = `${path}.${crypto.randomUUID()}.tmp`;
  await Deno.writeTextFile(temp, text, { mode });
  await Deno.rename(temp, path);
}

function caDirError(dir: string, err: unknown): ConfigError {
  return new ConfigError([{
    source: "--tls-ca-dir",
    message: `Cannot create the CA in "${dir}": ${(err as Error).message}`,
  }]);
}
