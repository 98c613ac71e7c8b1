import { clientCredentials } from "./client_credentials.ts";
import { fullFlow } from "./full_flow.ts";
import { hostile } from "./hostile.ts";
import { startup } from "./startup.ts";
import { startupTls } from "./startup_tls.ts";
import { storedGrants } from "./stored_grants.ts";
import { tenants } from "./tenants.ts";
import type { BenchSection } from "./types.ts";

/**
 * Every section `deno task bench` runs, in order. To add one, write `tools/bench/<name>.ts`
 * exporting a {@link BenchSection} and list it here.
 */
export const SECTIONS: BenchSection[] = [
  startup,
  startupTls,
  fullFlow,
  clientCredentials,
  storedGrants,
  tenants,
  hostile,
];
