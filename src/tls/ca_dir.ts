/** Where the local certificate authority lives, without loading any X.509 code. */

/** The CA certificate's file name inside the CA directory. */
export const CA_CERT_FILE = "gatehouse-ca.pem";
/** The CA private key's file name inside the CA directory (mode 0600). */
export const CA_KEY_FILE = "gatehouse-ca-key.pem";

/**
 * The per-user data directory for the CA: `$XDG_DATA_HOME/gatehouse/ca` (else
 * `~/.local/share/gatehouse/ca`) on Linux, `~/Library/Application Support/gatehouse/ca` on macOS,
 * `%LOCALAPPDATA%\gatehouse\ca` on Windows. One directory per user, so every run, container
 * volume or storage choice reuses the CA a developer trusted once.
 */
export function defaultCaDir(
  env: Record<string, string | undefined> = safeEnv(),
  os: typeof Deno.build.os = Deno.build.os,
): string {
  const home = env.HOME ?? env.USERPROFILE ?? ".";
  if (os === "windows") {
    const base = env.LOCALAPPDATA ?? `${home}\\AppData\\Local`;
    return `${base}\\gatehouse\\ca`;
  }
  if (os === "darwin") return `${home}/Library/Application Support/gatehouse/ca`;
  const data = env.XDG_DATA_HOME || `${home}/.local/share`;
  return `${data}/gatehouse/ca`;
}

/** Joins a CA directory and a file name with the platform's separator. */
export function caFile(dir: string, name: string): string {
  const sep = Deno.build.os === "windows" ? "\\" : "/";
  return dir.endsWith(sep) || dir.endsWith("/") ? dir + name : dir + sep + name;
}

function safeEnv(): Record<string, string | undefined> {
  const get = (name: string) => {
    try {
      return Deno.env.get(name);
    } catch {
      return undefined;
    }
  };
  return {
    HOME: get("HOME"),
    USERPROFILE: get("USERPROFILE"),
    LOCALAPPDATA: get("LOCALAPPDATA"),
    XDG_DATA_HOME: get("XDG_DATA_HOME"),
  };
}
