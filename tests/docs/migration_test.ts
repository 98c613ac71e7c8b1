import assert from "node:assert/strict";
import { authorize, authParams, loginForm } from "../flow.ts";
import { testProvider } from "../helpers.ts";

const README = await Deno.readTextFile(new URL("../../README.md", import.meta.url));

Deno.test("the selectors the README's migration table names are on the login page", async () => {
  const section = README.split("### Coming from another mock provider")[1]?.split(/^##/m)[0];
  assert.ok(section, "README has the migration section");
  await using p = await testProvider();
  const { html } = await loginForm(await authorize(p, authParams()));
  const present: Record<string, RegExp> = {
    "`input[name=sub]` (placeholder `sub`)": /<input[^>]*name="sub"[^>]*placeholder="sub"/,
    "`textarea[name=claims]`": /<textarea[^>]*name="claims"/,
    "`button[name=action][value=deny]`": /<button[^>]*name="action" value="deny"/,
    "`button[name=sub][value=alice]`": /<button[^>]*name="sub" value="alice"/,
    '"Sign in" button': /<button type="submit">Sign in<\/button>/,
  };
  for (const [named, pattern] of Object.entries(present)) {
    assert.ok(section.includes(named), `the README names ${named}`);
    assert.match(html, pattern, named);
  }
});
