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
  const paused = page.getByRole("region", { name: "Senders paused by their provider" });
  assert.match(await paused.innerText(), /throttled-relay: paused until \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  // The throttles the engine logged while sending "Provider throttled" (its provider answers
  // every second request 429), each linked to its campaign.
  const answered = page.getByRole("region", { name: "What providers answered in the last 24 hours" });
  const throttle = answered.getByRole("row", { name: /Provider throttled Throttled sender throttling-relay paused for/ });
  assert.ok(await throttle.count() >= 1, "a throttle is listed");
  assert.match(await throttle.first().getByRole("link").getAttribute("href"), /^\/campaigns\/\d+$/);
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

test("a campaign's deliveries by status, a page at a time, and all of them as CSV", async () => {
  const page = await newPage(browser);
  await login(page, admin.user, admin.password);
  await page.goto("/campaigns?q=Multi%201");
  await page.getByRole("link", { name: "Multi 1", exact: true }).click();
  await page.getByRole("link", { name: "Deliveries" }).click();
  await page.getByLabel("Status").selectOption("sent");
  await page.getByRole("button", { name: "Filter" }).click();
  const rows = page.locator("tbody tr");
  assert.equal(await rows.count(), 100);
  assert.equal(await page.locator(".delivery-sent").count(), 100);
  assert.match(await rows.first().innerText(), /^1\tp\d+@example\.com\tSent\t1\t/);
  await page.getByRole("link", { name: "Next page" }).click();
  assert.equal(await rows.count(), 100);
  assert.match(await rows.first().innerText(), /^101\t/);
  await checkAccessible(page, "the deliveries");
  const [download] = await Promise.all([page.waitForEvent("download"),
                                        page.getByRole("link", { name: "Download all as CSV" }).click()]);
  const csv = (await import("node:fs")).readFileSync(await download.path(), "utf8").trim().split("\r\n");
  assert.equal(csv[0], "address,status,attempts,last_error,sent_at,provider_status,opens,clicks");
  assert.equal(csv.length, 301);
  await page.getByLabel("Status").selectOption("failed");
  await page.getByRole("button", { name: "Filter" }).click();
  await page.getByText("No delivery here").waitFor();
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
  // A large form is judged from its head first (before its body is read): the token is
  // checked all the same once the body is in.
  const made = await postForm(page, "/campaigns/new", [["name", "Forged"], ["sender", "news-relay"],
                                                       ["list", "clientes"], ["text", "x"],
                                                       ["batch_size", "5"], ["max_attempts", "1"]]);
  assert.equal(made.status, 403);
  await page.reload();
  await row(page, "Draft one").locator(".status-draft").waitFor();
  await page.goto("/campaigns?q=Forged");
  await page.getByText("No campaign matches this filter.").waitFor();
  await page.context().close();
});

test("a campaign is made from the form, its template error shown at its field, then edited", async () => {
  const page = await newPage(browser);
  await login(page, admin.user, admin.password);
  await page.goto("/campaigns");
  await page.getByRole("button", { name: "New campaign" }).click();
  await page.getByRole("heading", { level: 1, name: "New campaign" }).waitFor();
  await page.locator("#f-name").fill("Form made");
  await page.getByLabel("Sender").selectOption("news-relay");
  await page.getByLabel("Contact list").selectOption("clientes");
  await page.getByLabel("Subject").fill("Hola {{nmae}}");
  await page.getByLabel("Text body").fill("Hola {{name}} de {{city}}");
  await page.getByRole("button", { name: "Create campaign" }).click();
  const subject = page.getByLabel("Subject");
  assert.equal(await subject.getAttribute("aria-invalid"), "true");
  assert.match(await page.locator("#e-subject").innerText(), /line 1, column 6: unknown field 'nmae'/);
  assert.equal(await page.getByLabel("Text body").inputValue(), "Hola {{name}} de {{city}}");  // kept
  await checkAccessible(page, "the campaign form with an error");
  await screenshot(page, "campaign-form");
  await subject.fill("Hola {{name}}");
  await page.getByLabel("Daily send window").fill("08:00-21:00");
  await page.getByLabel("Time zone").fill("America/Santiago");
  await page.getByLabel("Batch size").fill("25");
  await page.getByRole("button", { name: "Create campaign" }).click();
  await page.getByRole("status").filter({ hasText: "Campaign saved." }).waitFor();
  await page.getByRole("heading", { level: 1, name: "Form made" }).waitFor();
  await page.getByRole("row", { name: /Send window 08:00-21:00 \(America\/Santiago\)/ }).waitFor();
  await page.getByRole("row", { name: /Batch size 25/ }).waitFor();
  await page.getByRole("link", { name: "Edit" }).click();
  assert.equal(await page.getByLabel("Time zone").inputValue(), "America/Santiago");
  await page.locator("#f-name").fill("Form made, edited");
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByRole("heading", { level: 1, name: "Form made, edited" }).waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a preview for any contact, the HTML in a sandboxed frame, and a test send", async () => {
  const page = await newPage(browser);
  await login(page, admin.user, admin.password);
  await page.goto("/campaigns?q=Draft");
  await page.getByRole("link", { name: "Draft one", exact: true }).click();
  await page.getByRole("link", { name: "Preview and test send" }).click();
  await page.getByRole("cell", { name: "p0@example.com (Name 0)" }).waitFor();  // the list's first
  await page.getByLabel("Contact (e-mail or chat id)").fill("p5@example.com");
  await page.getByRole("button", { name: "Show" }).click();
  await page.getByRole("cell", { name: "Hola Name 5", exact: true }).waitFor();
  const frame = page.locator("iframe.message-html");
  assert.equal(await frame.getAttribute("sandbox"), "");
  await page.frameLocator("iframe.message-html").getByText("Hola Name 5 de City 5").waitFor();
  await checkAccessible(page, "the preview");
  await screenshot(page, "preview");
  await page.getByLabel("Send to").fill("test@example.com");
  await page.getByRole("button", { name: "Send the test" }).click();
  await page.getByRole("status").filter({ hasText: "Test message sent to test@example.com." }).waitFor();
  await page.getByLabel("Send to").fill("not an address");
  await page.getByRole("button", { name: "Send the test" }).click();
  await page.getByRole("alert").waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("an admin makes a user and an API token, shown once, then revokes it", async () => {
  const page = await newPage(browser);
  await login(page, admin.user, admin.password);
  await page.getByRole("link", { name: "Users" }).click();
  await page.getByText("New user").click();
  await page.locator("#new-username").fill("otto");
  await page.locator("#new-role").selectOption("operator");
  await page.locator("#new-password").fill("short");
  await page.getByRole("button", { name: "Create user" }).click();
  await page.getByRole("alert").filter({ hasText: /password/ }).waitFor();  // too short
  await page.locator("#new-password").fill("otto-password-1");
  await page.getByRole("button", { name: "Create user" }).click();
  await page.getByRole("status").filter({ hasText: "User created." }).waitFor();
  await page.getByRole("row", { name: /otto Operator 0/ }).waitFor();
  await page.getByText("New API token").click();
  await page.locator("#token-user").selectOption("otto");
  await page.locator("#token-name").fill("ci");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = await page.getByLabel("The new token").inputValue();
  assert.match(token, /^pgn_/);
  await checkAccessible(page, "the users page");
  await screenshot(page, "users");
  const me = async () => (await fetch(`${process.env.PREGON_URL}/api/v1/auth/me`,
                                      { headers: { Authorization: `Bearer ${token}` } })).status;
  assert.equal(await me(), 200);
  await page.goto("/users");
  assert.equal(await page.getByLabel("The new token").count(), 0);  // shown once
  const row = page.getByRole("row", { name: /^ci / });
  await row.getByRole("button", { name: /Revoke/ }).click();
  await page.getByText("Revoke this API token?").waitFor();
  await page.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("status").filter({ hasText: "Token revoked." }).waitFor();
  assert.equal(await me(), 401);
  assert.deepEqual(page.errors, []);
  await page.context().close();

  const viewerPage = await newPage(browser);
  await login(viewerPage, viewer.user, viewer.password);
  assert.equal(await viewerPage.getByRole("link", { name: "Users" }).count(), 0);
  const r = await viewerPage.goto("/users");
  assert.equal(r.status(), 403);
  await viewerPage.context().close();
});

test("the suppression list: add, import with its report by line, filter, remove", async () => {
  const page = await newPage(browser);
  await login(page, admin.user, admin.password);
  await page.getByRole("link", { name: "Suppressions" }).click();
  // (The provider's reports of another campaign suppress its bounces: only this test adds by hand.)
  await page.locator("#filter-reason").selectOption("manual");
  await page.getByRole("button", { name: "Filter" }).click();
  await page.getByText("No address is suppressed here.").waitFor();
  await page.getByText("Suppress an address").click();
  await page.locator("#add-address").fill("not an address");
  await page.getByRole("button", { name: "Suppress", exact: true }).click();
  await page.getByRole("alert").waitFor();
  await page.locator("#add-address").fill("Blocked@Example.com");
  await page.getByRole("button", { name: "Suppress", exact: true }).click();
  await page.getByRole("status").filter({ hasText: "Address suppressed" }).waitFor();
  await page.getByRole("row", { name: /blocked@example\.com Added by hand/ }).waitFor();  // normalised
  await page.getByText("Import a CSV").click();
  await page.setInputFiles("#import-file", {
    name: "bounces.csv", mimeType: "text/csv",
    buffer: Buffer.from("email,reason\nok1@example.com,bounced\nbad-row,\nok2@example.com,\n") });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await page.getByText("2 addresses suppressed, 0 already suppressed and updated, 1 rows skipped.").waitFor();
  await page.getByRole("row", { name: /^3 / }).waitFor();  // the bad row, by its line
  await checkAccessible(page, "the suppression list with an import report");
  await screenshot(page, "suppressions");
  await page.locator("#filter-reason").selectOption("bounced");
  await page.getByRole("button", { name: "Filter" }).click();
  await page.getByRole("row", { name: /ok1@example\.com Bounced/ }).waitFor();
  assert.equal(await page.getByRole("row", { name: /ok2@example\.com/ }).count(), 0);
  await page.getByRole("row", { name: /ok1@example\.com/ }).getByRole("button", { name: /Remove/ }).click();
  await page.getByText("Send to ok1@example.com again?").waitFor();
  await page.getByRole("button", { name: "Remove" }).click();
  await page.getByRole("status").filter({ hasText: "Address no longer suppressed." }).waitFor();
  assert.equal(await page.getByRole("row", { name: /ok1@example\.com/ }).count(), 0);
  assert.deepEqual(page.errors, []);
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

// Last: the four streams it holds end only when the server next writes to them.
test("a page whose live stream is refused polls for its progress instead", async () => {
  const page = await newPage(browser);
  await login(page, admin.user, admin.password);
  // Four pages hold the user's four stream slots (PREGON_HTTP_STREAMS_PER_USER).
  const holders = [];
  for (let i = 0; i < 4; ++i) {
    const holder = await page.context().newPage();
    const streaming = holder.waitForResponse((r) => r.url().includes("/live/campaigns?ids=") && r.status() === 200);
    await holder.goto("/campaigns?q=Polled");
    await streaming;
    holders.push(holder);
  }
  await page.goto("/campaigns?q=Polled");
  await page.getByRole("link", { name: "Polled", exact: true }).click();
  await page.getByRole("button", { name: "Send now" }).click();
  const refused = page.waitForResponse((r) => /\/live\/campaigns\/\d+\?after=\d+$/.test(r.url()));
  const polled = page.waitForRequest((r) => r.url().includes("poll=1"));
  await page.getByRole("button", { name: "Yes, send 1 now" }).click();
  assert.equal((await refused).status(), 429);
  await polled;
  assert.doesNotMatch(await page.locator("#live-progress").innerText(), /Done/);  // as loaded
  await page.locator("#live-progress .status-done").waitFor({ timeout: 60_000 });
  await page.locator("#live-counters").getByText("300").first().waitFor();
  for (const holder of holders) await holder.close();
  await page.context().close();
});
