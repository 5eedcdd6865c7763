// The console in another operator's terms: brand and language come from the
// server's policy pack (GET /api/v1/operator), not from a table in the console.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, login, openConsole, screenshot, startServer } from "./harness.mjs";

let server;
let browser;

before(async () => {
  server = await startServer({ operator: "ru-beeline" });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("a Beeline server's console is in Russian with the pack's brand", async () => {
  const page = await openConsole(browser, server);
  await page.goto("/");
  await page.getByRole("button", { name: "Войти" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "ru");

  await login(page, "operator");
  await page.getByRole("button", { name: "Выйти" }).waitFor();
  assert.equal(await page.locator(".topbar .brand .op").textContent(), "Билайн");
  await screenshot(page, "08-home-ru-beeline");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
