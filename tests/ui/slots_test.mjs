// Hour slots in a real Chromium against a real `pregon serve` that runs the slot jobs
// (started by tests/integration/ui_browser_test.sh with a job that prepares 250 items and takes
// two seconds a range, the client "dario" holding the one place of 22:00): the client "cata"
// lands on her slots, is refused the full hour with the replaced system's message, books the
// hour the script chose (PREGON_UI_BOOK_HOUR: never the current or the next one, whose runs
// serve makes by itself), watches its run reach completed without a reload, reads what her
// jobs printed, cannot see dario's run at all, and cancels.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { launch, newPage, login, checkAccessible, screenshot, postForm } from "./browser.mjs";

let browser;
const bookHour = Number(process.env.PREGON_UI_BOOK_HOUR);
const bookLabel = `${String(bookHour).padStart(2, "0")}:00`;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// `pregon trigger-slot --hour H`, as cron or serve would at the full hour: the run's id.
function triggerSlot(hour) {
  const out = execFileSync(process.env.PREGON_BIN, ["trigger-slot", "--hour", String(hour), "--json"]);
  return JSON.parse(out.toString()).id;
}

test("a client books an hour, watches its run live, and sees no one else's", async () => {
  const page = await newPage(browser);
  await login(page, "cata", "pw-cata-123");
  await page.getByRole("heading", { level: 1, name: "Hour slots" }).waitFor();
  await page.getByText("You have no hour reserved.").waitFor();
  assert.equal(await page.getByRole("link", { name: "Campaigns" }).count(), 0, "a client sees only its slots");
  await checkAccessible(page, "the slots page");
  assert.equal(await page.locator('#slot-hour option[value="22"]').count(), 0, "a full hour is not offered");

  const csrf = await page.locator('input[name="csrf_token"]').first().inputValue();
  const full = await postForm(page, "/slots/reserve",
                              [["csrf_token", csrf], ["hour", "22"], ["monthly_orders_estimate", "100"]]);
  assert.equal(full.status, 422);
  assert.match(full.text, /The 22:00 slot is full \(at most 1 user\)/);

  await page.getByLabel("Hour", { exact: true }).selectOption(String(bookHour));
  await page.getByLabel("Orders a month (estimate)").fill("abc");
  await page.getByRole("button", { name: "Reserve" }).click();
  await page.getByRole("alert").filter({ hasText: "must be a whole number" }).waitFor();
  await page.getByLabel("Orders a month (estimate)").fill("1500");
  await page.getByRole("button", { name: "Reserve" }).click();
  await page.getByRole("status").filter({ hasText: "Reservation saved." }).waitFor();
  assert.match(await page.getByText(/^Your hour:/).innerText(), new RegExp(`Your hour: ${bookLabel} · weight 1 · monthly orders 1,500`));
  await page.getByRole("row", { name: new RegExp(`^${bookLabel} yours`) }).waitFor();

  const mine = triggerSlot(bookHour);
  const others = triggerSlot(22);
  await page.reload();
  await page.getByRole("link", { name: bookLabel }).click();
  await page.getByRole("heading", { level: 1, name: new RegExp(`^Run of ${bookLabel}`) }).waitFor();
  await page.evaluate(() => { window.pregonMark = "same page"; });
  const cata = page.getByRole("row", { name: /^cata / });
  await cata.locator(".run-completed").waitFor({ timeout: 60_000 });
  assert.match(await cata.innerText(), /250\t.*3 of 3 ranges done, 0 failed/s);
  assert.equal(await page.evaluate(() => window.pregonMark), "same page", "no reload");
  assert.equal(await page.getByRole("row", { name: /^dario / }).count(), 0);
  await page.locator(".run-completed").first().waitFor();

  // What her jobs printed (as of the page's loading, so once more): her prepare and three
  // ranges, none of dario's, the output as text.
  await page.reload();
  const logs = page.getByRole("region", { name: "What the jobs printed" });
  await logs.waitFor();
  assert.equal(await logs.locator("details").count(), 4);
  const first = logs.locator("details", { has: page.locator("summary", { hasText: "cata · items 1–100 · done · 1 attempt(s)" }) });
  await first.locator("summary").click();
  assert.equal(await first.locator("pre").innerText(), "range of cata: items 1 to 100\n<b>not bold</b>\n");
  assert.equal(await logs.getByText("dario").count(), 0);
  await checkAccessible(page, "a run");
  await screenshot(page, "slot-run");

  const hidden = await page.goto(`/slots/runs/${others}`);
  assert.equal(hidden.status(), 404, "another client's run is as if it did not exist");
  assert.ok(mine !== others);

  await page.goto("/slots");
  await page.getByRole("button", { name: "Cancel the reservation" }).click();
  await page.getByRole("button", { name: "Cancel the reservation" }).click();  // confirmed
  await page.getByRole("status").filter({ hasText: "Reservation cancelled." }).waitFor();
  await page.getByText("You have no hour reserved.").waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
