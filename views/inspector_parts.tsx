/** @jsxImportSource npm:hono@^4/jsx */
import type { DecodedToken } from "../src/control/decode.ts";
import { describeTime, TIME_CLAIMS } from "../src/control/decode.ts";
import type { IssuedToken, RequestEntry } from "../src/control/requests.ts";

/** Extra styles of the inspector (inline: the page loads nothing from the network). */
export const INSPECTOR_CSS = `
.ok{color:#166534;font-weight:600}.bad{color:#b42318;font-weight:600}
a.signin{display:inline-block;padding:.2rem .6rem;border:1px solid #1f6feb;border-radius:6px;text-decoration:none}
td code{overflow-wrap:break-word}table.claims td code{overflow-wrap:anywhere}td code.req{white-space:nowrap;overflow-wrap:normal}details summary{cursor:pointer;color:#1f6feb}
.status-err{color:#b42318}.scroll{overflow-x:auto}
`;

function claimValue(name: string, value: unknown, now: number): string {
  if (TIME_CLAIMS.has(name) && typeof value === "number") return describeTime(value, now);
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A claims table; times (`iat`, `exp`, …) are readable against the provider's clock. */
export function ClaimsTable(props: { claims: Record<string, unknown>; now: number }) {
  return (
    <table class="claims">
      {Object.entries(props.claims).map(([name, value]) => (
        <tr>
          <th>
            <code>{name}</code>
          </th>
          <td>
            <code>{claimValue(name, value, props.now)}</code>
          </td>
        </tr>
      ))}
    </table>
  );
}

/** The decoder's answer: header, claims and whether the signature is ours. */
export function DecodedView(props: { decoded: DecodedToken; now: number }) {
  const d = props.decoded;
  if (!d.ok) {
    return <p id="signature" class="bad">{d.reason}</p>;
  }
  return (
    <div id="decoded">
      {d.signature.ok
        ? (
          <p id="signature" class="ok">
            Signature verified: key {d.signature.kid} ({d.signature.alg}) of this provider
          </p>
        )
        : <p id="signature" class="bad">Signature not verified: {d.signature.reason}</p>}
      {!d.ours && <p class="warn">The "iss" claim is not this provider's issuer.</p>}
      <h3>Header</h3>
      <ClaimsTable claims={d.header} now={props.now} />
      <h3>Claims</h3>
      <ClaimsTable claims={d.claims} now={props.now} />
    </div>
  );
}

function TokenDetails(props: { token: IssuedToken; now: number }) {
  const sub = props.token.claims.sub;
  return (
    <details class="token" data-kind={props.token.kind}>
      <summary>
        {props.token.kind}
        {typeof sub === "string" ? ` for ${sub}` : ""}
      </summary>
      <ClaimsTable claims={props.token.claims} now={props.now} />
    </details>
  );
}

function RequestRow(props: { r: RequestEntry; now: number }) {
  const r = props.r;
  return (
    <tr class="request" data-id={String(r.id)} data-path={r.path}>
      <td>{new Date(r.at).toISOString().slice(11, 19)}</td>
      <td>
        <code class="req">{r.method} {r.path}</code>
      </td>
      <td class={r.status >= 400 ? "status-err" : undefined}>
        {r.status}
        {r.error ? ` ${r.error}` : ""}
      </td>
      <td>{r.clientId ?? ""}</td>
      <td>{r.sub ?? ""}</td>
      <td>{r.grantType ?? ""}</td>
      <td>
        {r.warnings.map((w) => <div class="warn" title={w.message}>{w.message}</div>)}
        {r.scenario && <div class="muted">scenario {r.scenario}</div>}
        {r.tokens.map((t) => <TokenDetails token={t} now={props.now} />)}
      </td>
    </tr>
  );
}

/** Recent requests, newest first, with their warnings and the claims of the tokens they got. */
export function RequestsTable(props: { requests: RequestEntry[]; now: number }) {
  if (props.requests.length === 0) {
    return <p class="muted">No requests yet. Sign in with a link below, or point an app here.</p>;
  }
  return (
    <div class="scroll">
      <table id="requests-table">
        <tr>
          <th>time</th>
          <th>request</th>
          <th>status</th>
          <th>client</th>
          <th>user</th>
          <th>grant</th>
          <th>warnings and tokens</th>
        </tr>
        {props.requests.map((r) => <RequestRow r={r} now={props.now} />)}
      </table>
    </div>
  );
}
