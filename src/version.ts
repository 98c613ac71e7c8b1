import meta from "../deno.json" with { type: "json" };

/** Gatehouse's version, from deno.json. */
export const VERSION: string = meta.version;
