/** HTTP statuses the control plane answers errors with. */
export type ProblemStatus = 400 | 401 | 404 | 409 | 413 | 500;

export const TITLES: Record<ProblemStatus, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  409: "Conflict",
  413: "Content Too Large",
  500: "Internal Server Error",
};

/**
 * An error of the control plane (`/admin`, `/users`), answered as RFC 9457 problem details.
 * `code` is a stable, machine-readable slug (also counted in `/metrics`).
 * @see RFC 9457 §3
 */
export class ProblemError extends Error {
  constructor(
    readonly status: ProblemStatus,
    readonly code: string,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = "ProblemError";
  }
}

/** 400 with a specific detail: the request body or a parameter is wrong. */
export const badRequest = (detail: string) => new ProblemError(400, "invalid_request", detail);
/** 404 for a named thing that does not exist. */
export const notFound = (detail: string) => new ProblemError(404, "not_found", detail);
