/** @jsxImportSource npm:hono@^4/jsx */
import type { Child } from "npm:hono@^4/jsx";

/** The one style element of every page; the CSP allows it by hash (src/http/headers.ts). */
export const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;
background:#f4f5f7;color:#1c1e21}main{max-width:34rem;margin:0 auto;padding:1.25rem}
main.wide{max-width:64rem}h1{font-size:1.35rem;margin:.2rem 0 1rem}h2{font-size:1.05rem;margin:1.2rem 0 .5rem}
.card{background:#fff;border:1px solid #dde1e6;border-radius:10px;padding:1rem 1.1rem;margin:0 0 1rem}
.brand{font-weight:600;color:#4b5563;letter-spacing:.02em;font-size:.9rem}
button,.button{display:block;width:100%;padding:.7rem .9rem;margin:.4rem 0;border-radius:8px;border:1px solid #1f6feb;
background:#1f6feb;color:#fff;font:inherit;text-align:left;cursor:pointer;text-decoration:none}
button.secondary{background:#fff;color:#1f6feb}button.danger{background:#fff;color:#b42318;border-color:#b42318}
button small{display:block;opacity:.85;font-size:.8rem}
input,textarea{width:100%;padding:.55rem;border:1px solid #c5cbd3;border-radius:8px;font:inherit;margin:.25rem 0 .5rem}
textarea{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem;min-height:5rem}
label{font-size:.9rem;color:#4b5563}dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem .75rem;margin:0}
dt{color:#4b5563;font-size:.85rem}dd{margin:0;overflow-wrap:anywhere;font-size:.9rem}
code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}pre{white-space:pre-wrap;overflow-wrap:anywhere}
@media (max-width:600px){dl{grid-template-columns:1fr}dt{margin-top:.35rem}table{display:block;overflow-x:auto}}
.error{border-color:#f3b5ae;background:#fff6f5}.warn{color:#92400e}.muted{color:#6b7280;font-size:.85rem}
table{border-collapse:collapse;width:100%;font-size:.88rem}td,th{border-bottom:1px solid #e5e7eb;padding:.35rem;text-align:left;vertical-align:top}
`;

/** The page shell: no scripts or assets from the network, readable on a phone. */
export function Layout(props: { title: string; wide?: boolean; children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{props.title} · Gatehouse</title>
        <style dangerouslySetInnerHTML={{ __html: STYLE }} />
      </head>
      <body>
        <main class={props.wide ? "wide" : undefined}>
          <div class="brand">Gatehouse</div>
          {props.children}
        </main>
      </body>
    </html>
  );
}
