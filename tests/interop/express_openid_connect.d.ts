/**
 * The members of express-openid-connect the interop test uses (express.d.ts: of Express). Its own typings pull in
 * @types/express and @types/node, whose globals would change the type check of every other test.
 */
type Middleware = (req: never, res: never, next: (err?: unknown) => void) => unknown;

declare const eoc: {
  auth(config: Record<string, unknown>): Middleware;
  requiresAuth(): Middleware;
};
export default eoc;
