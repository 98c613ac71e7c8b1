/** The server side of `--tls`: what `Deno.serve` listens with, and what the banner says. */
import type { Config } from "../config/schema.ts";
import { ConfigError } from "../config/problems.ts";
import { defaultCaDir } from "./ca_dir.ts";
import { leafNames, prepareTls, type TlsMaterial } from "./setup.ts";

/** Whether the configuration asks for HTTPS: `--tls`, or your own `--tls-cert`/`--tls-key`. */
export function wantsTls(config: Config): boolean {
  return config.tls || config.tlsCert !== null || config.tlsKey !== null;
}

/** The certificate to listen with under `--tls`; null for plain HTTP. */
export async function tlsFor(config: Config): Promise<TlsMaterial | null> {
  if (!wantsTls(config)) return null;
  return await prepareTls({
    caDir: config.tlsCaDir ?? defaultCaDir(),
    names: leafNames(config.issuer, config.tlsSan),
    certFile: config.tlsCert,
    keyFile: config.tlsKey,
  });
}

/**
 * `Deno.serve` with the certificate, if any. A certificate and key that do not belong together
 * (or are not PEM) are a configuration error naming both files.
 */
export function serveWith(
  config: Config,
  tls: TlsMaterial | null,
  handler: (req: Request) => Response | Promise<Response>,
): Deno.HttpServer<Deno.NetAddr> {
  const base = { hostname: config.host, port: config.port, onListen: () => {} };
  if (!tls) return Deno.serve(base, handler);
  try {
    return Deno.serve({ ...base, cert: tls.cert, key: tls.key }, handler);
  } catch (err) {
    if (err instanceof Deno.errors.AddrInUse || err instanceof Deno.errors.PermissionDenied) {
      throw err;
    }
    const files = config.tlsCert
      ? `--tls-cert "${config.tlsCert}" and --tls-key "${config.tlsKey}"`
      : `the certificate in the CA directory`;
    throw new ConfigError([{
      source: "--tls-cert/--tls-key",
      message: `${files} are not a certificate and its private key: ${(err as Error).message}`,
    }]);
  }
}

/** Banner rows under `--tls`: the CA file and ready-to-paste ways to trust it. */
export function tlsBannerRows(caPath: string | null, issuer: string): string[][] {
  if (!caPath) return [["tls", "your certificate (--tls-cert); clients must trust its issuer"]];
  const q = caPath.includes(" ") ? `"${caPath}"` : caPath;
  return [
    ["tls-ca", caPath],
    ["trust", `NODE_EXTRA_CA_CERTS=${q} DENO_CERT=${q}`],
    ["", `SSL_CERT_FILE=${q} REQUESTS_CA_BUNDLE=${q}`],
    ["", `curl --cacert ${q} ${issuer}/.well-known/openid-configuration`],
  ];
}
