/**
 * The `gatehouse` command: an OpenID Connect provider for development, testing and CI.
 * @module
 */
import { runCli } from "./src/cli.ts";

if (import.meta.main) {
  Deno.exit(await runCli(Deno.args));
}
