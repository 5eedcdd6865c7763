// Login, session expiry, the quick search, the customer 360 and languages.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, login, newCustomer, openConsole, screenshot, startServer } from "./harness.mjs";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("login refuses a wrong password in words, then lets the agent in and out", async () => {
  const page = await openConsole(browser, server);
  await page.goto("/");
  await page.locator("#username").waitFor();
  await screenshot(page, "01-login");
  await page.locator("#username").fill("operator");
  await page.locator("#password").fill("not-the-password");
  await page.locator("form button[type=submit]").click();
  await assert.doesNotReject(
    page.getByTestId("error").filter({ hasText: "Usuario o contraseña incorrectos." }).waitFor(),
  );
  // The keyboard stays in the form (on the button pressed), not lost in the page.
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("type")), "submit");

  await login(page, "operator");
  await page.getByRole("heading", { name: "Hola, operator" }).waitFor();
  // FL-15 from the pack, for the caller who asks.
  await page
    .getByTestId("care-hours")
    .getByText("Atención al cliente: todos los días 07:00–21:00. Números: *555, 080078555, 13913616. Saldo y planes: *555#. También por el chat de la web.")
    .waitFor();
  await screenshot(page, "02-home");

  await page.getByRole("button", { name: "Cerrar sesión" }).click();
  await page.locator("#username").waitFor();
  const me = await page.evaluate(async () => (await fetch("/api/v1/auth/me")).status);
  assert.equal(me, 401);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("quick search by phone, contract, document and name; arrows and Enter open the customer", async () => {
  const ana = await newCustomer(server, { given: "Ana María", family: "Quispe Ñahui" });
  await newCustomer(server, { given: "Anatolio", family: "Quintana" });
  const page = await openConsole(browser, server);
  await login(page, "operator");
  const box = page.locator("#quick-search");
  const results = page.getByTestId("search-results");

  // The box has the focus after login; "/" pressed there out of habit is the shortcut, not text.
  await page.keyboard.press("/");
  await page.keyboard.type(ana.dni);
  assert.equal(await box.inputValue(), ana.dni);
  await results.getByRole("option").filter({ hasText: "Ana María Quispe Ñahui" }).first().waitFor();

  const spaced = `${ana.mobile.slice(0, 3)} ${ana.mobile.slice(3, 6)} ${ana.mobile.slice(6)}`;
  for (const q of [spaced, `+51${ana.mobile}`, ana.customer.contractNumber, ana.dni, "quispe nahui"]) {
    await box.fill(q);
    await results.getByRole("option").filter({ hasText: "Ana María Quispe Ñahui" }).first().waitFor();
  }

  // Prefixes of both people: the second option is reached with the arrow keys.
  await box.fill("ana qui");
  const options = results.getByRole("option");
  await options.nth(1).waitFor();
  await screenshot(page, "03-search");
  assert.equal(await box.getAttribute("aria-expanded"), "true");
  const first = await options.nth(0).getAttribute("id");
  assert.equal(await box.getAttribute("aria-activedescendant"), first);
  await box.press("ArrowDown");
  const second = options.nth(1);
  assert.equal(await box.getAttribute("aria-activedescendant"), await second.getAttribute("id"));
  const name = (await second.locator(".name").textContent()) ?? "";
  await box.press("Enter");
  await page.getByRole("heading", { level: 1, name }).waitFor();
  // The keyboard is on the customer's page, at its heading, not lost in the body.
  await page.waitForFunction(() => document.activeElement?.tagName === "H1");

  await box.fill("zzzqqqxxx");
  await results.getByText("No se encontró ningún cliente").waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("customer 360 shows identity and contract; a note and a contact reach notes and timeline", async () => {
  const c = await newCustomer(server, { given: "Tania", family: "Línea" });
  const page = await openConsole(browser, server);
  await login(page, "operator");
  await page.goto(`/parties/individual/${c.party.id}`);
  const view = page.getByTestId("customer-360");
  await view.getByRole("heading", { level: 1, name: "Tania Línea" }).waitFor();
  await view.getByText(c.dni).first().waitFor();
  await view.getByText(`${c.mobile.slice(0, 3)} ${c.mobile.slice(3, 6)} ${c.mobile.slice(6)}`).waitFor();
  await view.getByText(c.customer.contractNumber).first().waitFor();

  await view.getByRole("button", { name: "Agregar nota" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Tipo de nota").selectOption("warning");
  await dialog.getByLabel("Nota", { exact: true }).fill("Pide hablar con un supervisor.");
  await dialog.getByRole("button", { name: "Guardar nota" }).click();
  await view.getByTestId("notes").getByText("Pide hablar con un supervisor.").waitFor();

  await view.getByRole("button", { name: "Registrar contacto" }).click();
  await dialog.getByLabel("Canal").selectOption("whatsapp");
  await dialog.getByLabel("Motivo").fill("Sin señal en casa");
  await dialog.getByRole("button", { name: "Guardar contacto" }).click();
  const timeline = view.getByTestId("timeline");
  await timeline.getByText("Sin señal en casa").waitFor();
  await timeline.getByText("WhatsApp · El cliente (entrante)").waitFor();
  await timeline.getByText("Cliente: alta").waitFor();
  await screenshot(page, "04-customer-360");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("an expired session goes to login and back to the same form, with what was typed", async () => {
  const c = await newCustomer(server, { given: "Elena", family: "Torres" });
  const page = await openConsole(browser, server);
  await login(page, "operator");
  await page.goto(`/parties/individual/${c.party.id}`);
  const view = page.getByTestId("customer-360");
  await view.getByRole("button", { name: "Agregar nota" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Nota", { exact: true }).fill("Texto largo que no se debe perder.");

  // The session ends behind the console's back (as when it times out).
  const cookie = (await page.context().cookies()).find((k) => k.name === "abonado_session");
  assert.ok(cookie, "the login set the session cookie");
  const out = await server.call("POST", "/api/v1/auth/logout", undefined, null, { Authorization: `Bearer ${cookie.value}` });
  assert.equal(out.status, 204);

  await dialog.getByRole("button", { name: "Guardar nota" }).click();
  await page.getByTestId("session-expired").waitFor();
  assert.match(page.url(), /\/login\?next=%2Fparties%2Findividual%2F/);
  await screenshot(page, "05-session-expired");
  await page.locator("#username").fill("operator");
  await page.locator("#password").fill("browser-test-password");
  await page.locator("form button[type=submit]").click();
  await view.getByRole("heading", { level: 1, name: "Elena Torres" }).waitFor();
  await view.getByRole("button", { name: "Agregar nota" }).click();
  assert.equal(await dialog.getByLabel("Nota", { exact: true }).inputValue(), "Texto largo que no se debe perder.");
  await dialog.getByRole("button", { name: "Guardar nota" }).click();
  await view.getByTestId("notes").getByText("Texto largo que no se debe perder.").waitFor();
  await page.context().close();
});

test("language: Spanish by the operator's locale, English and Russian by choice, remembered", async () => {
  const c = await newCustomer(server, { given: "Olga", family: "Ivanova" });
  const page = await openConsole(browser, server);
  await page.goto("/");
  await page.getByRole("button", { name: "Ingresar" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "es");
  await login(page, "operator");

  await page.getByTestId("language").selectOption("en");
  await page.getByRole("button", { name: "Log out" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "en");
  await page.goto(`/parties/individual/${c.party.id}`);
  await page.getByRole("heading", { name: "Identity" }).waitFor();
  await page.getByText("Contract", { exact: true }).first().waitFor();
  // Dates in the agent's language: the birth date 1988-05-17.
  await page.getByText("May 17, 1988").waitFor();
  await screenshot(page, "06-customer-360-en");

  await page.getByTestId("language").selectOption("ru");
  await page.getByRole("heading", { name: "Личность" }).waitFor();
  await page.getByText("17 мая 1988 г.").waitFor();
  await page.reload();
  await page.getByRole("button", { name: "Выйти" }).waitFor();
  await page.getByRole("heading", { name: "Линии" }).waitFor();
  await screenshot(page, "07-customer-360-ru");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
