// Prints what a first visit downloads (index.html, its entry script and
// stylesheet, and the chunks it preloads) gzipped, and fails the build when
// it passes the budget: the console must stay usable on a slow mobile link.
import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

const kBudgetBytes = 120 * 1024;
const dist = new URL("../dist/", import.meta.url).pathname;
const html = readFileSync(join(dist, "index.html"), "utf8");
const refs = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const files = ["index.html", ...new Set(refs.map((r) => r.slice(1)))];
let total = 0;
for (const f of files) {
  const gz = gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
  total += gz;
  console.log(`  ${f}: ${(gz / 1024).toFixed(1)} kB gzip`);
}
// The agent's language is one more chunk fetched before the first render: count the largest.
let language = 0;
let languageFile = "";
for (const f of readdirSync(join(dist, "assets"))) {
  if (!/^(en|es|ru)-.*\.js$/.test(f)) continue;
  const gz = gzipSync(readFileSync(join(dist, "assets", f)), { level: 9 }).length;
  if (gz > language) [language, languageFile] = [gz, f];
}
total += language;
console.log(`  assets/${languageFile} (largest language): ${(language / 1024).toFixed(1)} kB gzip`);
console.log(`first load: ${(total / 1024).toFixed(1)} kB gzip (budget ${kBudgetBytes / 1024} kB)`);
if (total > kBudgetBytes) {
  console.error("first load is over budget: code-split the new weight");
  process.exit(1);
}
