/**
 * The members of Express the interop test uses. @types/express would bring @types/node, whose
 * globals (CryptoKey, among others) would change the type check of every other test.
 */
type Handler = (req: never, res: never, next: (err?: unknown) => void) => unknown;

interface App {
  use(handler: Handler): void;
  get(path: string, ...handlers: Handler[]): void;
  listen(port: number, host: string, ready: () => void): import("node:http").Server;
}

declare function express(): App;
export default express;
