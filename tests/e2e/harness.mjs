// Browser tests of the agent console: a real `abonado serve --testing` on a
// fresh SQLite database serving web/dist, agents made with `abonado user add`,
// data loaded through the API, and Debian's Chromium driven by playwright-core.
//
//   ABONADO_BIN      the server binary (default: the newest of build/{debug,release,web})
//   CHROMIUM         the browser (default /usr/bin/chromium)
//   SCREENSHOTS_DIR  where screenshots go (default test-output/browser-screenshots)

import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
// playwright-core is a devDependency of web/ (one npm ci for the console and its tests).
const require = createRequire(join(repo, "web/package.json"));
const { chromium } = require("playwright-core");

export const kPassword = "browser-test-password";
export const kAgents = {
  admin: ["admin"],
  leader: ["leader"],
  operator: ["operator"],
  backoffice: ["backoffice"],
  supervisor: ["supervisor"],
};
const kStartTimeoutMs = 60_000;

function serverBinary() {
  if (process.env.ABONADO_BIN) return process.env.ABONADO_BIN;
  const candidates = ["build/debug", "build/release", "build/web"]
    .map((d) => join(repo, d, "src/app/abonado"))
    .filter((p) => existsSync(p))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!candidates.length) throw new Error("no abonado binary: build it or set ABONADO_BIN");
  return candidates[0];
}

/** A server of its own for one test file, with the agents of kAgents. */
export async function startServer({ operator = "pe-flash" } = {}) {
  const bin = serverBinary();
  const dir = mkdtempSync(join(tmpdir(), "abonado-e2e-"));
  const db = `sqlite://${dir}/abonado.db`;
  for (const [username, roles] of Object.entries(kAgents)) {
    const args = ["user", "add", "--db", db, "--username", username];
    for (const r of roles) args.push("--role", r);
    const r = spawnSync(bin, args, { input: `${kPassword}\n`, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`abonado user add ${username}: ${r.stderr || r.stdout}`);
  }
  const web = process.env.ABONADO_WEB ?? join(repo, "web/dist");
  if (!existsSync(join(web, "index.html"))) throw new Error(`${web} has no index.html: run npm run build in web/`);
  const child = spawn(
    bin,
    [
      "serve", "--testing", "--listen", "127.0.0.1:0", "--db", db, "--operator", operator,
      "--web", web, "--files", join(dir, "files"), "--outbox-key", join(dir, "outbox.key"),
      "--sms", `file://${dir}/sms.jsonl`, "--mail", `file://${dir}/mail.jsonl`, "--no-access-log",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  child.stderr.on("data", (d) => (log += d));
  const port = await new Promise((ok, fail) => {
    let out = "";
    const timer = setTimeout(() => fail(new Error(`server did not listen within 60 s:\n${log}`)), kStartTimeoutMs);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on \S+:(\d+)/);
      if (m) {
        clearTimeout(timer);
        ok(Number(m[1]));
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited (${code}) before listening:\n${log}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const tokens = {};

  // A 401 after the testing clock moved past the session's expiry logs in
  // again, once.
  async function call(method, path, body, who = "admin", headers = {}, again = true) {
    if (who && !tokens[who]) {
      const r = await fetch(`${url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username: who, password: kPassword }),
      });
      if (!r.ok) throw new Error(`login ${who}: ${r.status} ${await r.text()}`);
      tokens[who] = (await r.json()).token;
    }
    const r = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...(who ? { Authorization: `Bearer ${tokens[who]}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (r.status === 401 && who && again) {
      delete tokens[who];
      return call(method, path, body, who, headers, false);
    }
    const text = await r.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: r.status, body: json };
  }

  /** Like call, but the answer must be 2xx. */
  async function must(method, path, body, who = "admin") {
    const r = await call(method, path, body, who);
    if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path} -> ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  async function stop() {
    if (child.exitCode === null) {
      const exited = new Promise((ok) => child.once("exit", ok));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }

  return { url, dir, call, must, stop, log: () => log };
}

export async function launchBrowser() {
  // playwright-core gives each launch a fresh temporary profile (--user-data-dir) and removes it on close.
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

/** A fresh context (cookies, storage) at the console; a phone screen when asked. */
export async function openConsole(browser, server, { phone = false, lang } = {}) {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    isMobile: phone,
    hasTouch: phone,
    locale: "es-PE",
  });
  if (lang) await context.addInitScript((l) => localStorage.setItem("abonado.lang", l), lang);
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.problems = problems;
  return page;
}

export async function login(page, username, password = kPassword) {
  await page.goto("/");
  await page.locator("#username").fill(username);
  await page.locator("#password").fill(password);
  await page.locator("form button[type=submit]").click();
  await page.locator("#quick-search").waitFor();
}

const shotsDir = process.env.SCREENSHOTS_DIR ?? join(repo, "test-output/browser-screenshots");

export async function screenshot(page, name) {
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
}

// ---------------------------------------------------------------------------
// Data

let serial = 0;
function unique() {
  serial += 1;
  return (process.pid % 1000) * 1000 + serial;
}

/** A Peruvian DNI no other test of this run uses. */
export function freshDni() {
  return String(40000000 + unique());
}

export function freshMobile() {
  return `9${String(50000000 + unique()).padStart(8, "0")}`;
}

export function luhnDigit(body) {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A valid 19-digit ICCID (89 prefix, Luhn check digit). */
export function freshIccid() {
  const body = `895101${String(unique()).padStart(12, "0")}`;
  return body + luhnDigit(body);
}

/** A person and their customer record, through the API. */
export async function newCustomer(server, { given = "Rosa", family = "Quispe", dni = freshDni(), mobile = freshMobile(), idType = "DNI" } = {}) {
  const party = await server.must("POST", "/tmf-api/party/v4/individual", {
    givenName: given,
    familyName: family,
    birthDate: "1988-05-17",
    individualIdentification: [{ identificationType: idType, identificationId: dni }],
    contactMedium: [{ mediumType: "mobile", preferred: true, characteristic: { phoneNumber: mobile } }],
  }, "operator");
  const customer = await server.must("POST", "/tmf-api/customerManagement/v4/customer", { engagedParty: { id: party.id } }, "operator");
  return { party, customer, dni, mobile };
}

/** SIM cards and pool numbers in stock. */
export async function stock(server, { sims = 1, numbers = 1 } = {}) {
  const iccids = Array.from({ length: sims }, freshIccid);
  const msisdns = Array.from({ length: numbers }, () => `+51${freshMobile()}`);
  await server.must("POST", "/api/v1/inventory/sims", { iccids });
  await server.must("POST", "/api/v1/inventory/numbers", { msisdns });
  return { iccids, msisdns };
}
