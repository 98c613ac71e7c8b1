/** @jsxImportSource npm:hono@^4/jsx */
import { Layout } from "./layout.tsx";

/** The device page: where the user types the code the device shows (RFC 8628 §3.3). */
export function DeviceCodePage(props: {
  action: string;
  csrf: string;
  userCode?: string;
  error?: string;
}) {
  return (
    <Layout title="Connect a device">
      <h1>Connect a device</h1>
      <p>Enter the code shown on the device. Only continue if it matches what the device shows.</p>
      {props.error && <div class="card error" role="alert">{props.error}</div>}
      <form method="post" action={props.action} class="card">
        <input type="hidden" name="csrf" value={props.csrf} />
        <label for="user_code">code</label>
        <input
          id="user_code"
          name="user_code"
          required
          autofocus
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          aria-describedby="user_code_hint"
          value={props.userCode ?? ""}
        />
        <p id="user_code_hint" class="muted">
          Eight letters, as the device shows them (such as WDJB-MJHT); the dash is optional.
        </p>
        <button type="submit">Continue</button>
      </form>
    </Layout>
  );
}

/** What the device page says once the user approved or denied, or the code was gone. */
export function DeviceDonePage(props: { outcome: "approved" | "denied" | "gone"; client: string }) {
  const text = {
    approved: ["Device connected", `${props.client} is signed in. You can return to the device.`],
    denied: ["Access denied", `${props.client} was refused access. You can close this page.`],
    gone: [
      "This code no longer works",
      "It expired or was already used. Start again on the device.",
    ],
  }[props.outcome];
  return (
    <Layout title={text[0]}>
      <h1>{text[0]}</h1>
      <div class={props.outcome === "gone" ? "card error" : "card"}>{text[1]}</div>
    </Layout>
  );
}
