/** `gatehouse ca`, and the local CA as `gatehouse healthcheck` trusts it. */
import { CA_CERT_FILE, caFile, defaultCaDir } from "./ca_dir.ts";

/**
 * `gatehouse ca`: the CA certificate's path on the first line, then its PEM. Creates the CA when
 * the directory holds none, so it can be trusted before the first `--tls` run.
 */
export async function printCa(caDir: string | null, print: (line: string) => void) {
  const { loadOrCreateCa } = await import("./setup.ts");
  const ca = await loadOrCreateCa(caDir ?? defaultCaDir());
  print(ca.path);
  print(ca.certPem.trimEnd());
}

/**
 * An HTTP client trusting the local CA (besides the system's roots), when its certificate
 * exists; null otherwise.
 */
export async function clientTrustingCa(caDir: string | null): Promise<Deno.HttpClient | null> {
  try {
    const pem = await Deno.readTextFile(caFile(caDir ?? defaultCaDir(), CA_CERT_FILE));
    return Deno.createHttpClient({ caCerts: [pem] });
  } catch {
    return null;
  }
}
