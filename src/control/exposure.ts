/** Whether `host` only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/**
 * The start-up warning for a control plane anyone on the network can use: listening beyond
 * loopback without `--admin-token`. Null when there is nothing to warn about. No imports: the
 * server prints it before the app is loaded.
 */
export function exposureWarning(
  config: { host: string; adminToken: string | null },
): string | null {
  if (config.adminToken !== null || isLoopback(config.host)) return null;
  return `WARNING: listening on ${config.host} without --admin-token: anyone who can reach this ` +
    "port can change users, mint tokens, move the clock and reset the provider through /admin " +
    "and /users, see live sessions and token claims and sign a browser in as any user in the " +
    "inspector (/), and read /metrics. Set --admin-token (GATEHOUSE_ADMIN_TOKEN) to require a " +
    "Bearer token for all of them.";
}

/** A warning framed to stand out in the start-up output. */
export function loud(message: string): string {
  const bar = "!".repeat(78);
  const words = message.split(" ");
  const lines: string[] = [];
  for (const word of words) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + word.length < 74) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return [bar, ...lines.map((l) => `!! ${l}`), bar].join("\n");
}
