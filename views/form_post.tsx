/** @jsxImportSource npm:hono@^4/jsx */
import { Layout } from "./layout.tsx";

/** Submits the response form at once; the CSP allows exactly this script by its hash. */
export const SUBMIT_SCRIPT = 'document.getElementById("response").submit()';

/**
 * The form_post response: a form that submits itself, and a button for browsers without scripts.
 * @see OAuth 2.0 Form Post Response Mode §2
 */
export function FormPost(props: { action: string; params: [string, string][] }) {
  return (
    <Layout title="Signing in">
      <form method="post" action={props.action} id="response">
        {props.params.map(([name, value]) => <input type="hidden" name={name} value={value} />)}
        <noscript>
          <p>JavaScript is off: press the button to continue.</p>
        </noscript>
        <button type="submit">Continue to the application</button>
      </form>
      <script dangerouslySetInnerHTML={{ __html: SUBMIT_SCRIPT }} />
    </Layout>
  );
}
