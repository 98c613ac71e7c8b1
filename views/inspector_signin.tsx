/** @jsxImportSource npm:hono@^4/jsx */
import type { DecodedToken } from "../src/control/decode.ts";
import { DecodedView, INSPECTOR_CSS } from "./inspector_parts.tsx";
import { Layout } from "./layout.tsx";

/** One issued token: decoded (when it is a JWT) and as sent, to copy into a request. */
export interface ShownToken {
  name: string;
  value: string;
  decoded?: DecodedToken;
}

/** After a sign-in link: who signed in, and the tokens the inspector's client received. */
export function SignedInPage(props: {
  sub: string;
  clientId: string;
  inspector: string;
  tokens: ShownToken[];
  now: number;
}) {
  return (
    <Layout title="Signed in" wide>
      <style dangerouslySetInnerHTML={{ __html: INSPECTOR_CSS }} />
      <h1 id="signed-in">Signed in as {props.sub}</h1>
      <p>
        The client <code>{props.clientId}</code>{" "}
        ran the authorization code flow with PKCE and redeemed its code. The tokens it received:
      </p>
      {props.tokens.map((t) => (
        <section class="card" data-token={t.name}>
          <h2>{t.name}</h2>
          <textarea readonly aria-label={t.name}>{t.value}</textarea>
          {t.decoded && <DecodedView decoded={t.decoded} now={props.now} />}
        </section>
      ))}
      <p>
        <a href={props.inspector}>Back to the inspector</a>
      </p>
    </Layout>
  );
}
