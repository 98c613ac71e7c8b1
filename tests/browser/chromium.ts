/** Launches Debian's Chromium through playwright-core (never a downloaded browser). */
import { type BrowserContext, chromium } from "playwright-core";

/** Flags that keep Chromium off the network it cannot reach here. */
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Where Chromium is: `CHROMIUM_PATH`, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium";
}

/** Whether a Chromium is where {@link chromiumPath} says. */
export function chromiumFound(path = chromiumPath()): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** `REQUIRE_CHROMIUM=1` (set by .ci/run) makes a missing browser a failure instead of a skip. */
const REQUIRED = Deno.env.get("REQUIRE_CHROMIUM") === "1";
const FOUND = chromiumFound();
const MISSING = `no Chromium at ${chromiumPath()}: install it (Debian: apt-get install chromium) ` +
  "or set CHROMIUM_PATH";
if (!FOUND && !REQUIRED) {
  console.error(`browser tests skipped: ${MISSING}; they run once it is found`);
}

/**
 * `Deno.test` for a test that drives Chromium: skipped (with one line on stderr saying how to
 * enable it) when no browser is found, failed instead under `REQUIRE_CHROMIUM=1`.
 */
export function browserTest(def: Deno.TestDefinition): void {
  if (FOUND) return Deno.test(def);
  if (!REQUIRED) return Deno.test({ ...def, ignore: true });
  Deno.test({
    ...def,
    fn() {
      throw new Error(`${MISSING} (REQUIRE_CHROMIUM=1 forbids skipping the browser tests)`);
    },
  });
}

/** A fresh browser profile in a temporary directory; `close()` removes both. */
export async function launchBrowser(extraArgs: string[] = []): Promise<
  { context: BrowserContext; close(): Promise<void> }
> {
  const dir = await Deno.makeTempDir({ prefix: "gatehouse-chromium-" });
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath(),
    headless: true,
    args: [...ARGS, ...extraArgs],
  });
  return {
    context,
    async close() {
      await context.close();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}
