// Users' roles and passwords in a real Chromium against a real `pregon serve` (started by
// tests/integration/ui_browser_test.sh, which made the operator "olga"): an admin changes
// olga's role and her open page follows it at once; an admin resets her password and her
// sessions end; olga changes her own password from her profile (a wrong current password and
// two different new ones refused first), keeps that session and loses her other one; the last
// admin cannot give up the role; the language is chosen on the profile and kept with the user.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, login, checkAccessible, screenshot } from "./browser.mjs";

const admin = { user: "ana", password: process.env.ADMIN_PASSWORD };
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function signedOut(page) {
  await page.reload();
  return new URL(page.url()).pathname === "/login";
}

test("an admin changes a role and resets a password; the user's sessions follow", async () => {
  const olga = await newPage(browser);
  await login(olga, "olga", "pw-olga-123");
  await olga.goto("/campaigns");
  await olga.getByRole("button", { name: "Send now" }).waitFor();

  const page = await newPage(browser);
  await login(page, admin.user, admin.password);
  await page.goto("/users");
  await page.locator("summary", { hasText: "Change a user's role" }).click();
  await page.locator("#role-user").selectOption("olga");
  await page.locator("#role-new").selectOption("viewer");
  await page.getByRole("button", { name: "Change role" }).click();
  await page.getByRole("status").filter({ hasText: "Role changed." }).waitFor();
  await page.getByRole("row", { name: /^olga Viewer/ }).waitFor();
  await olga.reload();
  await olga.getByRole("link", { name: "Multi 1", exact: true }).waitFor();
  assert.equal(await olga.getByRole("button", { name: "Send now" }).count(), 0, "the role applies at once");

  // The last admin cannot stop being one.
  await page.locator("summary", { hasText: "Change a user's role" }).click();
  await page.locator("#role-user").selectOption("ana");
  await page.locator("#role-new").selectOption("operator");
  await page.getByRole("button", { name: "Change role" }).click();
  await page.getByRole("alert").filter({ hasText: /last admin/ }).waitFor();

  await page.getByText("Reset a user's password").click();
  await page.locator("#reset-user").selectOption("olga");
  await page.locator("#reset-password").fill("reset-by-ana-1");
  await page.getByRole("button", { name: "Set password and sign out" }).click();
  await page.getByRole("status").filter({ hasText: "Password set; the user was signed out everywhere." }).waitFor();
  await checkAccessible(page, "the users page with its forms");
  assert.ok(await signedOut(olga), "olga's session ended with the reset");
  await login(olga, "olga", "pw-olga-123");
  await olga.getByRole("alert").filter({ hasText: "Wrong username or password." }).waitFor();
  await login(olga, "olga", "reset-by-ana-1");
  await olga.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
  assert.deepEqual(page.errors, []);
  assert.deepEqual(olga.errors, []);
  await page.context().close();
  await olga.context().close();
});

test("a user changes their own password and language on their profile", async () => {
  const other = await newPage(browser);
  await login(other, "olga", "reset-by-ana-1");
  const page = await newPage(browser);
  await login(page, "olga", "reset-by-ana-1");
  await page.getByRole("link", { name: "olga · viewer" }).click();
  await page.getByRole("heading", { level: 1, name: "Your profile" }).waitFor();
  await checkAccessible(page, "the profile");

  const change = async (current, password, repeat) => {
    await page.getByLabel("Current password").fill(current);
    await page.getByLabel("New password", { exact: true }).fill(password);
    await page.getByLabel("New password again").fill(repeat);
    await page.getByRole("button", { name: "Change your password" }).click();
  };
  await change("not-my-password", "olga-own-pass-2", "olga-own-pass-2");
  await page.getByRole("alert").filter({ hasText: /current_password/ }).waitFor();
  await change("reset-by-ana-1", "olga-own-pass-2", "olga-own-pass-3");
  await page.getByRole("alert").filter({ hasText: "The two new passwords differ" }).waitFor();
  await change("reset-by-ana-1", "olga-own-pass-2", "olga-own-pass-2");
  await page.getByRole("status").filter({ hasText: "Password changed. Your other sessions were signed out." }).waitFor();
  await screenshot(page, "profile");
  assert.ok(!(await signedOut(page)), "this session stays");
  assert.ok(await signedOut(other), "the other one ended");

  await page.locator("#profile-lang").selectOption("es");
  await page.getByRole("button", { name: "Use this language" }).click();
  await page.getByRole("heading", { level: 1, name: "Tu perfil" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "es");
  // The choice is kept with the user: in another browser, English by its own language and
  // with no choice of its own, she signs in to Spanish; switching there follows her back.
  const elsewhere = await newPage(browser);
  await login(elsewhere, "olga", "olga-own-pass-2");
  assert.equal(await elsewhere.locator("html").getAttribute("lang"), "es");
  await elsewhere.getByRole("button", { name: "English" }).click();
  await elsewhere.getByRole("button", { name: "Español" }).waitFor();
  assert.equal(await elsewhere.locator("html").getAttribute("lang"), "en");
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Your profile" }).waitFor();
  assert.deepEqual(page.errors, []);
  assert.deepEqual(elsewhere.errors, []);
  await page.context().close();
  await other.context().close();
  await elsewhere.context().close();
});
