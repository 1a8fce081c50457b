// Provider reports in a real Chromium against a real `pregon serve` that asks the sandbox
// provider for them, polls, downloads and loads them by itself (started, with a sent and
// opened campaign, by tests/integration/ui_browser_test.sh): "View report" with the
// provider's rows reconciled with pregon's ledger, pregon's tracking and its chart; the
// reports page — ask for a range of days, watch the requests become ready without a reload,
// "Process pending now", load into the analytics database, load again (confirmed), download
// the file; a bad range refused at the form; a viewer who sees none of the buttons and is
// refused when forging one.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, newPage, login, checkAccessible, screenshot, postForm } from "./browser.mjs";

const admin = { user: "ana", password: process.env.ADMIN_PASSWORD };
const viewer = { user: "vera", password: process.env.VIEWER_PASSWORD };
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Reloads `page` until `ready()` holds (serve works in the background), for up to a minute.
async function reloadUntil(page, ready, what) {
  for (let i = 0; i < 120; i++) {
    if (await ready()) return;
    await page.waitForTimeout(500);
    await page.reload();
  }
  assert.fail(`never happened: ${what}`);
}

function cellsOf(table, header) {
  return table.getByRole("row").filter({ has: table.page().getByRole("rowheader", { name: header, exact: true }) })
    .getByRole("cell");
}

test("View report: the provider's rows reconciled with pregon's, the tracking and its chart", async () => {
  const page = await newPage(browser);
  await login(page, admin.user, admin.password);
  await page.goto("/campaigns?q=Reported");
  await page.getByRole("link", { name: "Reported", exact: true }).click();
  await page.getByRole("link", { name: "View report" }).click();
  await page.getByRole("heading", { level: 1, name: "Report: Reported" }).waitFor();
  const status = page.getByText(/^Reports after the send:/);
  const hours = page.locator("#engagement-chart");
  await reloadUntil(page, async () => /loaded$/.test(await status.innerText()) && await hours.count() > 0,
                    "the reports loaded and the opens recorded");

  // A provider's report covers its account's whole day: at least this campaign's 300.
  const types = page.getByRole("table", { name: "Rows by report" });
  assert.ok(Number((await cellsOf(types, "Sent").innerText()).replace(/,/g, "")) >= 300);
  const ledger = page.getByRole("table", { name: "pregon's ledger against the provider's" });
  assert.equal(await cellsOf(ledger, "Sent by pregon").innerText(), "300");
  assert.equal(await cellsOf(ledger, "Missing from the provider's sent report").innerText(), "0");
  const bounced = Number(await cellsOf(ledger, "Bounced").innerText());
  const reasons = await page.getByRole("table", { name: "Top bounce reasons" }).locator("tbody td:nth-child(2)").allInnerTexts();
  assert.ok(bounced > 0 && reasons.map(Number).reduce((a, b) => a + b, 0) >= bounced, `${bounced}: ${reasons}`);

  const tracking = page.getByRole("table", { name: /Engagement; rates over the messages sent \(sent: 300\)/ });
  const opens = await cellsOf(tracking, "Opens").allInnerTexts();
  assert.equal(Number(opens[0]) + Number(opens[2]), 3, `three readers opened: ${opens}`);
  // uPlot drew the chart from the page's data; the figures are also in a table.
  await page.locator("#engagement-chart canvas").waitFor();
  await page.locator("summary", { hasText: "The figures per hour" }).click();
  const hour = page.getByRole("table", { name: "The figures per hour" }).locator("tbody tr");
  assert.equal(await hour.count(), 1);
  const [, human, , machine] = (await hour.innerText()).split("\t").map(Number);
  assert.equal(human + machine, 3);
  await checkAccessible(page, "the campaign report");
  await screenshot(page, "report");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("reports asked for by hand become ready live, load into analytics and again, and download", async () => {
  const page = await newPage(browser);
  await login(page, admin.user, admin.password);
  await page.goto("/reports");
  await page.getByRole("heading", { level: 1, name: "Reports" }).waitFor();
  await checkAccessible(page, "the reports page");

  // A range longer than a provider keeps is refused at the form, with what was typed kept.
  await page.getByText("Request a report for a range of days").click();
  await page.getByLabel("Sender").selectOption("news-relay");
  await page.getByLabel("From day").fill("2026-01-01");
  await page.getByLabel("To day (inclusive)").fill("2026-12-01");
  await page.getByRole("button", { name: "Request reports" }).click();
  await page.getByRole("alert").filter({ hasText: /the range is \d+ days; a report covers at most 92 days/ }).waitFor();
  assert.equal(await page.getByLabel("From day").inputValue(), "2026-01-01");

  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel("From day").fill(today);
  await page.getByLabel("To day (inclusive)").fill(today);
  for (const type of ["Deliveries", "Bounces", "Opens", "Clicks", "Spam complaints", "Unsubscribed"])
    await page.getByRole("checkbox", { name: type }).uncheck();
  await page.getByRole("button", { name: "Request reports" }).click();
  await page.getByRole("status").filter({ hasText: "1 report(s) requested." }).waitFor();
  const id = await page.locator("#report-table tbody tr").first().locator("td").first().innerText();
  const row = page.locator(`#report-${id}`);
  assert.match(await row.innerText(), /Sent\t/);
  await page.getByRole("button", { name: "Process pending now" }).click();
  await page.getByRole("status").filter({ hasText: /pending request\(s\) are being processed now/ }).waitFor();
  // The table refreshes itself while a request is in work: no reload.
  await page.evaluate(() => { window.pregonMark = "same page"; });
  await row.locator(".report-ready").waitFor({ timeout: 60_000 });
  assert.equal(await page.evaluate(() => window.pregonMark), "same page");
  assert.match(await row.innerText(), /default/);
  await screenshot(page, "reports");

  await row.getByRole("button", { name: `Load to DB (analytics) #${id}` }).click();
  await page.getByRole("status").filter({ hasText: new RegExp(`Report #${id} loaded in analytics: [\\d,]+ rows, 0 skipped\\.`) }).waitFor();
  assert.match(await page.locator(`#report-${id}`).innerText(), /default analytics/);
  await page.locator(`#report-${id}`).getByRole("button", { name: `Load again (default) #${id}` }).click();
  await page.getByText(new RegExp(`Report #${id} is already loaded in default \\([\\d,]+ rows\\)`)).waitFor();
  await checkAccessible(page, "the reload confirmation");
  await page.getByRole("button", { name: "Load again (default)" }).click();
  await page.getByRole("status").filter({ hasText: new RegExp(`Report #${id} loaded in default`) }).waitFor();

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.locator(`#report-${id}`).getByRole("link", { name: `Download CSV #${id}` }).click()]);
  assert.match(download.suggestedFilename(), new RegExp(`^report-${id}-sent-${today}\\.csv$`));
  const lines = readFileSync(await download.path(), "utf8").trim().split(/\r?\n/);
  assert.match(lines[0], /Email/);
  assert.ok(lines.length > 300, `${lines.length} lines`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a viewer sees the reports but none of their buttons, and a forged one is refused", async () => {
  const page = await newPage(browser);
  await login(page, viewer.user, viewer.password);
  await page.goto("/reports?state=ready");
  await page.locator(".report-ready").first().waitFor();
  for (const name of [/Process pending now/, /Load to DB/, /Load again/, /Request reports/])
    assert.equal(await page.getByRole("button", { name }).count(), 0, `${name} shown to a viewer`);
  assert.ok(await page.getByRole("link", { name: /Download CSV/ }).count() > 0);
  const csrf = await page.locator('input[name="csrf_token"]').first().inputValue();
  const forged = await postForm(page, "/reports/process", [["csrf_token", csrf]]);
  assert.equal(forged.status, 403);
  assert.match(forged.text, /does not allow this/);
  await page.goto("/campaigns?q=Reported");
  await page.getByRole("link", { name: "Reported", exact: true }).click();
  await page.getByRole("link", { name: "View report" }).click();
  await page.getByRole("table", { name: "Rows by report" }).waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
