/**
 * Real relying-party libraries against a real Gatehouse: a provider on a port, Chromium for the
 * login page, and the modes every library must pass in (the default and `--strict`).
 */
import type { Page } from "playwright-core";
import type { Config } from "../../src/config/schema.ts";
import { defaultConfig } from "../../src/config/schema.ts";
import { type RunningServer, startServer } from "../../src/server.ts";
import { RULES } from "../../src/protocol/rules.ts";
import { ALICE, BOB, captureLog } from "../helpers.ts";
import { launchBrowser } from "../browser/chromium.ts";

/** The modes of the done-when: the default, and `--strict`. */
export const MODES: { name: string; config: Partial<Config> }[] = [
  { name: "default", config: {} },
  { name: "--strict", config: { strict: true } },
];

/** A provider in `mode` and a Chromium page; `await using` closes both. */
export interface InteropHarness extends AsyncDisposable {
  op: RunningServer;
  page: Page;
  /** Ids of the `reject` rules the library's requests broke (none, for a well-behaved RP). */
  rejectWarnings(): Promise<string[]>;
}

export async function interopHarness(mode: Partial<Config>): Promise<InteropHarness> {
  const { log } = captureLog();
  const op = await startServer({ ...defaultConfig(), port: 0, users: [ALICE, BOB], ...mode }, {
    deps: { log },
  });
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
  const reject = new Set(
    Object.values(RULES).filter((r) => r.level === "reject").map((r) => r.id),
  );
  return {
    op,
    page,
    rejectWarnings: async () =>
      (await op.deps.warnings.kept()).map((w) => w.rule).filter((id) => reject.has(id)),
    async [Symbol.asyncDispose]() {
      await browser.close();
      await op.close();
    },
  };
}

/** On Gatehouse's login page, clicks the button of user `sub`. */
export async function chooseUser(page: Page, sub = "alice"): Promise<void> {
  await page.click(`button[name="sub"][value="${sub}"]`);
}

/** The scope every library asks for: claims by scope, and refresh (OIDC Core §11). */
export const SCOPE = "openid profile email offline_access";
