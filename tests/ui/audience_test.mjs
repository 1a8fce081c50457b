// Contacts and lists in a real Chromium against a real `pregon serve` (started by
// tests/integration/ui_browser_test.sh): the project's dirty CSV fixture (BOM, semicolons,
// CRLF, a quoted line break, bad rows) imported from the page, its report by line as
// tests/fixtures/contacts-dirty.expected.md says, the list with its fields, a contact looked
// up, a file that is not a CSV refused whole, a viewer who gets no import form, and a campaign
// made with the same file uploaded in its form.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { launch, newPage, login, checkAccessible, screenshot } from "./browser.mjs";

const admin = { user: "ana", password: process.env.ADMIN_PASSWORD };
const viewer = { user: "vera", password: process.env.VIEWER_PASSWORD };
const dirtyCsv = fileURLToPath(new URL("../fixtures/contacts-dirty.csv", import.meta.url));
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("a dirty CSV imported from the page: the rows skipped by line, the list, a lookup", async () => {
  const page = await newPage(browser);
  await login(page, admin.user, admin.password);
  await page.getByRole("link", { name: "Contacts", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Contacts" }).waitFor();
  await checkAccessible(page, "the lists");

  // Not a CSV at all: refused whole, with what was typed kept.
  await page.getByText("Import contacts from a CSV").click();
  await page.setInputFiles("#contacts-file", { name: "photo.csv", mimeType: "text/csv",
                                               buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]) });
  await page.getByLabel("Into the list").fill("dirty");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await page.getByRole("alert").waitFor();
  assert.equal(await page.getByLabel("Into the list").inputValue(), "dirty");
  assert.equal(await page.getByRole("link", { name: "dirty", exact: true }).count(), 0, "nothing imported");

  await page.setInputFiles("#contacts-file", dirtyCsv);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await page.getByText("6 rows imported into “dirty”: 6 new contacts, 0 updated, 6 added to the list; 3 rows skipped.").waitFor();
  const skipped = page.getByRole("table", { name: "Rows skipped, by line" }).locator("tbody tr");
  assert.deepEqual((await skipped.allInnerTexts()).map((r) => r.split("\t")[0]), ["4", "7", "8"]);
  await page.getByText(/^Fields kept for templates: .*Ciudad, Nota\.$/).waitFor();
  await checkAccessible(page, "an import's report");
  await screenshot(page, "contacts-import");

  await page.getByRole("link", { name: "See the list" }).click();
  await page.getByRole("heading", { level: 1, name: "List: dirty" }).waitFor();
  const rows = page.locator("tbody tr");
  assert.equal(await rows.count(), 6);
  assert.match(await page.getByRole("row", { name: /maria@example\.com\.ar/ }).innerText(), /María; la de ventas/);
  assert.match(await page.getByRole("row", { name: /jose@example\.com/ }).innerText(), /^jose@example\.com\t/);
  await checkAccessible(page, "a list");

  await page.getByRole("link", { name: "All lists" }).click();
  await page.getByLabel("Find a contact").fill("lucia@example.pe");
  await page.getByRole("button", { name: "Find" }).click();
  await page.getByRole("heading", { name: "lucia@example.pe" }).waitFor();
  await page.getByLabel("Find a contact").fill("nobody@example.com");
  await page.getByRole("button", { name: "Find" }).click();
  await page.getByText("No contact has the address or chat id “nobody@example.com”.").waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a campaign made with a CSV audience uploaded in its form: the rows skipped by line, its list", async () => {
  const page = await newPage(browser);
  await login(page, admin.user, admin.password);
  await page.goto("/campaigns/new");
  await page.locator("#f-name").fill("Uploaded audience");
  await page.getByLabel("Sender").selectOption("news-relay");
  await page.getByLabel("Subject").fill("Hola {{name}}");
  await page.getByLabel("Text body").fill("Hola {{name}} de {{Ciudad}}");
  // A list and a file both: refused at the file's field, nothing imported.
  await page.getByLabel("Contact list").selectOption("clientes");
  await page.setInputFiles("#f-audience", dirtyCsv);
  await page.getByRole("button", { name: "Create campaign" }).click();
  assert.match(await page.locator("#e-audience").innerText(), /Choose a list or upload a CSV, not both/);
  assert.equal(await page.getByLabel("Text body").inputValue(), "Hola {{name}} de {{Ciudad}}");  // kept
  const lists = await page.evaluate(async () => (await fetch("/lists")).text());
  assert.ok(lists.includes("clientes") && !lists.includes("Uploaded audience"), "nothing imported");

  await page.getByLabel("Contact list").selectOption("");
  await page.setInputFiles("#f-audience", dirtyCsv);  // a browser keeps no file across pages
  await page.getByRole("button", { name: "Create campaign" }).click();
  await page.getByText("Campaign saved. Its audience was imported into the list “Uploaded audience”:").waitFor();
  // The first test imported the same contacts: they are updated, and all join the new list.
  await page.getByText("6 rows imported into “Uploaded audience”: 0 new contacts, 6 updated, 6 added to the list; 3 rows skipped.").waitFor();
  const skipped = page.getByRole("table", { name: "Rows skipped, by line" }).locator("tbody tr");
  assert.deepEqual((await skipped.allInnerTexts()).map((r) => r.split("\t")[0]), ["4", "7", "8"]);
  await checkAccessible(page, "a campaign saved with its audience");
  await page.getByRole("button", { name: "Go to the campaign" }).click();
  await page.getByRole("heading", { level: 1, name: "Uploaded audience" }).waitFor();
  await page.getByRole("row", { name: "Contact list Uploaded audience" }).waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a viewer sees the lists but no import form", async () => {
  const page = await newPage(browser);
  await login(page, viewer.user, viewer.password);
  await page.goto("/lists");
  await page.getByRole("link", { name: "clientes", exact: true }).waitFor();
  assert.equal(await page.getByText("Import contacts from a CSV").count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
