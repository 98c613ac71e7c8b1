/** @jsxImportSource npm:hono@^4/jsx */
import { Layout } from "./layout.tsx";

/** The error page for browser endpoints, used until the client's redirect URI is trusted. */
export function ErrorPage(props: { error: string; description: string; hint?: string }) {
  return (
    <Layout title="Error">
      <h1>The request cannot be completed</h1>
      <div class="card error">
        <dl>
          <dt>error</dt>
          <dd>
            <code>{props.error}</code>
          </dd>
          <dt>description</dt>
          <dd>{props.description}</dd>
        </dl>
      </div>
      {props.hint && <p class="muted">{props.hint}</p>}
    </Layout>
  );
}
