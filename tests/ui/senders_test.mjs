// Senders in a real Chromium against a real `pregon serve` (started by
// tests/integration/ui_browser_test.sh): the senders listed with where they send and whether a
// secret is set — never the secret; a new SMTP sender refused for a missing field (the secrets
// not sent back), then added, its password nowhere in the page; "Test connection" reaching the
// sandbox provider (ok) and a closed port (error); a viewer who gets neither the form nor the
// button, and 403 when forging the test.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, login, checkAccessible, screenshot, postForm } from "./browser.mjs";

const admin = { user: "ana", password: process.env.ADMIN_PASSWORD };
const viewer = { user: "vera", password: process.env.VIEWER_PASSWORD };
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// The row whose first cell starts with the sender's name (a paused one says so under it).
function senderRow(page, name) {
  return page.locator("tbody tr", { has: page.locator("td:first-child", { hasText: name }) });
}

test("a sender is added with a secret never shown again, and its connection tested", async () => {
  const page = await newPage(browser);
  await login(page, admin.user, admin.password);
  await page.getByRole("link", { name: "Senders" }).click();
  await page.getByRole("heading", { level: 1, name: "Senders" }).waitFor();
  assert.match(await senderRow(page, "news-relay").innerText(), /Relay HTTP API\thttp:\/\/127\.0\.0\.1:\d+\/\tnews@example\.com\t.*\tset \(never shown\)/);
  assert.match(await senderRow(page, "throttled-relay").innerText(), /^throttled-relay\npaused until \d{4}-/);
  await checkAccessible(page, "the senders");

  await page.getByText("Add a sender").click();
  await page.getByLabel("Name", { exact: true }).fill("mailer");
  await page.getByLabel("Type").selectOption("smtp");
  await page.getByLabel("Bot token").fill("123:not-for-smtp");
  await page.getByRole("button", { name: "Add sender" }).click();
  await page.getByRole("alert").waitFor();
  assert.equal(await page.getByLabel("Name", { exact: true }).inputValue(), "mailer");
  assert.equal(await page.getByLabel("Bot token").inputValue(), "", "a secret is not sent back");

  await page.getByLabel("SMTP URL").fill("smtp://mailer:s3cret-pw@127.0.0.1:1?starttls=never");
  await page.getByLabel("From address").fill("news@example.com");
  await page.getByRole("button", { name: "Add sender" }).click();
  await page.getByRole("status").filter({ hasText: "Sender added." }).waitFor();
  const mailer = senderRow(page, "mailer");
  assert.match(await mailer.innerText(), /SMTP\tsmtp:\/\/mailer:.*@127\.0\.0\.1:1.*\tset \(never shown\)/);
  assert.ok(!(await page.content()).includes("s3cret-pw"), "the SMTP password is in the page");

  await senderRow(page, "news-relay").getByRole("button", { name: "Test connection news-relay" }).click();
  const result = page.getByRole("status").filter({ hasText: "Connection test of “news-relay”" });
  await result.waitFor();
  await result.locator(".check-ok").first().waitFor();
  await checkAccessible(page, "a connection test");
  await screenshot(page, "senders");
  await senderRow(page, "mailer").getByRole("button", { name: "Test connection mailer" }).click();
  await page.getByRole("status").filter({ hasText: "Connection test of “mailer”" }).locator(".check-error").waitFor();
  assert.ok(!(await page.content()).includes("s3cret-pw"));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a viewer sees the senders but cannot add or test one", async () => {
  const page = await newPage(browser);
  await login(page, viewer.user, viewer.password);
  await page.goto("/senders");
  await senderRow(page, "news-relay").waitFor();
  assert.equal(await page.getByRole("button", { name: /Test connection/ }).count(), 0);
  assert.equal(await page.getByText("Add a sender").count(), 0);
  const csrf = await page.locator('input[name="csrf_token"]').first().inputValue();
  const forged = await postForm(page, "/senders/1/test", [["csrf_token", csrf]]);
  assert.equal(forged.status, 403);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
