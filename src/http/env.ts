import type { Deps } from "../deps.ts";
import type { PagePolicy } from "./headers.ts";

/** Where and how an authorization response is delivered (set once the redirect URI is trusted). */
export interface RedirectTarget {
  redirectUri: string;
  responseMode: "query" | "fragment" | "form_post";
  state?: string;
}

/** Hono context variables shared by routes and the error handler. */
export interface Env {
  Variables: {
    deps: Deps;
    /** What the HTML page being rendered needs in its Content-Security-Policy. */
    page?: PagePolicy;
    /** Render errors as an HTML page (browser endpoints). */
    browser?: boolean;
    /** Send errors back to the client (authorization endpoint, after validation). */
    redirectTarget?: RedirectTarget;
    /** The OAuth error code of the response, for the request log. */
    errorCode?: string;
    clientId?: string;
    sub?: string;
    grantType?: string;
    /** The thumbprint of the request's verified DPoP proof key (RFC 9449), for the request log. */
    dpopJkt?: string;
  };
}
