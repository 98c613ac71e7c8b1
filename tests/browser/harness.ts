/** A provider, a relying party's callback and a Chromium page, torn down together. */
import type { Page } from "playwright-core";
import { defaultConfig } from "../../src/config/schema.ts";
import { type RunningServer, startServer } from "../../src/server.ts";
import { ALICE, BOB, captureLog } from "../helpers.ts";
import { type CallbackServer, startCallbackServer } from "./callback_server.ts";
import { launchBrowser } from "./chromium.ts";

/** What a browser test drives; `await using` closes the browser, the callback and the provider. */
export interface BrowserHarness extends AsyncDisposable {
  op: RunningServer;
  rp: CallbackServer;
  page: Page;
}

/** Starts a provider with alice and bob (its log captured), a callback server and Chromium. */
export async function browserHarness(): Promise<BrowserHarness> {
  const { log } = captureLog();
  const op = await startServer({ ...defaultConfig(), port: 0, users: [ALICE, BOB] }, {
    deps: { log },
  });
  const rp = startCallbackServer();
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  return {
    op,
    rp,
    page,
    async [Symbol.asyncDispose]() {
      await browser.close();
      await rp.close();
      await op.close();
    },
  };
}
