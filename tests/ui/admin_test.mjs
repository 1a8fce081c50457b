// The admin UI in a real Chromium against a real `pregon serve` (started, with its data, by
// tests/integration/ui_browser_test.sh): log in, send three campaigns with one multi-select
// action and watch their progress bars reach done from the live stream, pause, resume and
// cancel one from its page, a viewer who sees no action and is refused when forging one, a
// forged form refused for its CSRF token, both languages, and axe-core on every page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, login, checkAccessible, screenshot, postForm } from "./browser.mjs";

const admin = { user: "ana", password: process.env.ADMIN_PASSWORD };
const viewer = { user: "vera", password: process.env.VIEWER_PASSWORD };
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

function row(page, name) {
  return page.locator("tbody tr", { has: page.getByRole("link", { name, exact: true }) });
}

test("a wrong password is refused on the form; the right one opens the dashboard", async () => {
  const page = await newPage(browser);
  await page.goto("/campaigns");
  assert.match(page.url(), /\/login\?next=%2Fcampaigns$/);
  await checkAccessible(page, "the login page");
  await screenshot(page, "login");
  await login(page, admin.user, "not-the-password");
  await page.getByRole("alert").filter({ hasText: "Wrong username or password." }).waitFor();
  await login(page, admin.user, admin.password);
  await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
  await page.getByRole("heading", { name: "Scheduled next" }).waitFor();
  await checkAccessible(page, "the dashboard");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("three campaigns sent with one action reach done live, without a reload", async () => {
  const page = await newPage(browser);
  await login(page, admin.user, admin.password);
  await page.goto("/campaigns?q=Multi");
  await checkAccessible(page, "the campaign list");
  for (const name of ["Multi 1", "Multi 2", "Multi 3"])
    await row(page, name).getByRole("checkbox").check();
  await page.getByRole("button", { name: "Send now" }).click();
  await page.getByText("Send 3 campaign(s) now?").waitFor();
  for (const name of ["Multi 1", "Multi 2", "Multi 3"])
    await page.getByRole("link", { name, exact: true }).waitFor();
  await checkAccessible(page, "the confirmation page");
  await screenshot(page, "confirm");
  await page.getByRole("button", { name: "Yes, send 3 now" }).click();
  await page.getByRole("status").filter({ hasText: "3 campaign(s) queued to send now." }).waitFor();
  const listUrl = page.url();
  // Marks this document: a reload or a navigation would lose the mark.
  await page.evaluate(() => { window.pregonMark = "same page"; });
  for (const name of ["Multi 1", "Multi 2", "Multi 3"]) {
    await row(page, name).locator(".status-done").waitFor({ timeout: 60_000 });
    assert.match(await row(page, name).locator(".progress small").innerText(), /Done · 300 \/ 300 \(100 %\)/);
  }
  assert.equal(await page.evaluate(() => window.pregonMark), "same page");
  assert.equal(page.url(), listUrl);
  await screenshot(page, "campaigns");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a campaign is paused, resumed and cancelled from its page, each confirmed", async () => {
  const page = await newPage(browser);
  await login(page, admin.user, admin.password);
  await page.goto("/campaigns?q=Slow");
  await page.getByRole("link", { name: "Slow", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Slow" }).waitFor();
  await checkAccessible(page, "a campaign's page");
  await page.getByRole("button", { name: "Send now" }).click();
  await page.getByRole("button", { name: "Yes, send 1 now" }).click();
  await page.getByRole("status").filter({ hasText: "1 campaign(s) queued" }).waitFor();
  // The live stream shows its progress and log as the first batch goes out.
  await page.locator("#events").getByText("started", { exact: true }).first().waitFor({ timeout: 30_000 });
  await screenshot(page, "campaign");
  await page.getByRole("button", { name: "Pause" }).click();
  await page.getByText("Pause 1 campaign(s)?").waitFor();
  await page.getByRole("button", { name: "Yes, pause 1" }).click();
  await page.locator("#live-progress .status-paused").waitFor();
  await page.getByRole("button", { name: "Resume" }).click();
  await page.getByRole("button", { name: "Yes, resume 1" }).click();
  await page.getByRole("status").filter({ hasText: "1 campaign(s) resumed." }).waitFor();
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.getByText(/Cancel 1 campaign\(s\)\? Every message not yet sent is dropped/).waitFor();
  await page.getByRole("button", { name: "Yes, cancel 1" }).click();
  await page.locator("#live-progress .status-cancelled").waitFor();
  assert.equal(await page.getByRole("button", { name: "Resume" }).count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a viewer sees no action, and a forged one is refused", async () => {
  const page = await newPage(browser);
  await login(page, viewer.user, viewer.password);
  await page.goto("/campaigns");
  await page.getByRole("link", { name: "Multi 1", exact: true }).waitFor();
  for (const name of ["Send now", "Pause", "Resume", "Cancel"])
    assert.equal(await page.getByRole("button", { name }).count(), 0, `${name} shown to a viewer`);
  assert.equal(await page.getByRole("checkbox").count(), 0);
  await page.getByRole("link", { name: "Draft one", exact: true }).click();
  assert.equal(await page.getByRole("button", { name: "Send now" }).count(), 0);
  const id = page.url().split("/").pop();
  const csrf = await page.locator('input[name="csrf_token"]').first().inputValue();
  const forged = await postForm(page, "/campaigns/actions",
                                [["csrf_token", csrf], ["action", "send"], ["ids", id], ["confirm", "yes"]]);
  assert.equal(forged.status, 403);
  assert.match(forged.text, /does not allow this/);
  await page.reload();
  await page.locator(".status-draft").first().waitFor();
  await page.context().close();
});

test("a form without the session's CSRF token changes nothing", async () => {
  const page = await newPage(browser);
  await login(page, admin.user, admin.password);
  await page.goto("/campaigns?q=Draft");
  const id = await row(page, "Draft one").getByRole("checkbox").getAttribute("value");
  for (const token of [null, "pgc_forged"]) {
    const fields = [["action", "send"], ["ids", id], ["confirm", "yes"]];
    if (token) fields.push(["csrf_token", token]);
    const r = await postForm(page, "/campaigns/actions", fields);
    assert.equal(r.status, 403);
    assert.match(r.text, /This form has expired or did not come from pregon/);
  }
  await page.reload();
  await row(page, "Draft one").locator(".status-draft").waitFor();
  await page.context().close();
});

test("Spanish from the browser's language, and English by the switch", async () => {
  const page = await newPage(browser, "es-CL");
  await page.goto("/login");
  assert.equal(await page.locator("html").getAttribute("lang"), "es");
  await page.getByRole("heading", { level: 1, name: "Iniciar sesión" }).waitFor();
  await login(page, admin.user, admin.password);
  await page.getByRole("heading", { level: 1, name: "Panel" }).waitFor();
  await page.getByRole("heading", { name: "Próximas programadas" }).waitFor();
  await page.getByRole("link", { name: "Campañas" }).click();
  await page.getByRole("button", { name: "Enviar ahora" }).waitFor();
  await checkAccessible(page, "the campaign list in Spanish");
  await screenshot(page, "campaigns-es");
  await page.getByRole("button", { name: "English" }).click();
  await page.getByRole("heading", { level: 1, name: "Campaigns" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "en");
  await page.getByRole("link", { name: "Dashboard" }).click();
  await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();  // the choice stays
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
