// Shared set-up of the admin UI's browser tests: Debian's chromium driven by playwright-core
// (both installed by scripts/bootstrap --test; nothing is downloaded), axe-core for
// accessibility, and the helpers every test uses.
import { createRequire } from "node:module";
import path from "node:path";
import fs from "node:fs";
import assert from "node:assert/strict";

const web = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../web");
const require = createRequire(path.join(web, "package.json"));
const { chromium } = require("playwright-core");
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const baseUrl = process.env.PREGON_URL;
assert.ok(baseUrl, "PREGON_URL must name the pregon serve under test");

// Flags for a closed network: no background connections, no first-run work.
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

// A fresh browser context (its own cookies) in `locale`, collecting in page.errors what
// should never happen: a script error, a Content-Security-Policy refusal, a style, script or
// image that failed to load. (Pages answered 401/403 on purpose are documents, and show up
// in the console only as "Failed to load resource", which is left out.)
export async function newPage(browser, locale = "en-US") {
  const context = await browser.newContext({ locale, baseURL: baseUrl });
  const page = await context.newPage();
  page.errors = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) page.errors.push(m.text());
  });
  page.on("pageerror", (e) => page.errors.push(String(e)));
  page.on("response", (r) => {
    const type = r.request().resourceType();
    if (r.status() >= 400 && ["stylesheet", "script", "image", "font"].includes(type))
      page.errors.push(`${type} ${r.url()}: ${r.status()}`);
  });
  return page;
}

export async function login(page, username, password) {
  await page.goto("/login");
  await page.getByLabel(/Username|Usuario/).fill(username);
  await page.getByLabel(/Password|Contraseña/).fill(password);
  await page.getByRole("button", { name: /Log in|Entrar/ }).click();
  await page.waitForLoadState("domcontentloaded");
}

// Runs axe-core on the page: no serious or critical violation (WCAG 2.1 A and AA).
export async function checkAccessible(page, what) {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy, which
  // refuses inline scripts, stays on for everything else.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(" ")})`), [],
                   `${what} has accessibility violations`);
}

// Saves a screenshot to $PREGON_UI_SCREENSHOTS/<name>.png when that is set (docs/ui/).
export async function screenshot(page, name) {
  const dir = process.env.PREGON_UI_SCREENSHOTS;
  if (dir) await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

// Posts a form the way a forged or hand-made request would, from inside the page (same
// origin, the session cookie sent by the browser), and returns the status and text.
export async function postForm(page, url, fields) {
  return page.evaluate(async ({ url, fields }) => {
    const body = new URLSearchParams();
    for (const [k, v] of fields) body.append(k, v);
    const r = await fetch(url, { method: "POST", body, redirect: "manual" });
    return { status: r.status, text: await r.text() };
  }, { url, fields });
}
