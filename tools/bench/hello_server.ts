/** The floor for startup figures: a bare Deno.serve answering 200, started like Gatehouse. */
const port = Number(Deno.args[Deno.args.indexOf("--port") + 1]);
Deno.serve({ hostname: "127.0.0.1", port, onListen() {} }, () => new Response("ok"));
