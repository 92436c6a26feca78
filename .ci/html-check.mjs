// Opens ismslint's HTML reports in headless Chromium (the Debian package, driven by
// puppeteer-core) and checks them as a user's browser sees them: no console error, no network
// request, no dialog (an injected `alert` would open one), the DOM holds the numbers of the JSON
// report, a heat-map cell and a findings filter do what they say, and axe-core finds no serious
// or critical accessibility violation.
//
// usage: node html-check.mjs CHROMIUM REPORT.html REPORT.json [REPORT.html REPORT.json …]
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

// The packages are installed into .ci/node/html (see html-check.sh).
const require = createRequire(new URL("./node/html/package.json", import.meta.url));
const puppeteer = require("puppeteer-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const [chromium, ...pairs] = process.argv.slice(2);
let failures = 0;
function check(ok, what) {
  if (!ok) {
    failures++;
    console.error(`FAIL ${what}`);
  }
}

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu"],
});
for (let k = 0; k < pairs.length; k += 2) {
  const [htmlPath, jsonPath] = [pairs[k], pairs[k + 1]];
  const json = JSON.parse(readFileSync(jsonPath, "utf8"));
  const url = pathToFileURL(htmlPath).href;
  const page = await browser.newPage();
  const errors = [];
  const requests = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => r.url() !== url && requests.push(r.url()));
  page.on("dialog", async (d) => {
    errors.push(`dialog: ${d.message()}`);
    await d.dismiss();
  });
  await page.goto(url, { waitUntil: "load" });
  const name = htmlPath;
  // Numbers.
  const dom = await page.evaluate(() => {
    const count = (sel) => document.querySelectorAll(sel).length;
    const cells = {};
    document.querySelectorAll("a.cell").forEach((a) => {
      const c = [...a.classList].find((x) => x.startsWith("st-") || x.startsWith("d-"));
      cells[c] = (cells[c] || 0) + 1;
    });
    const table = {};
    document.querySelectorAll("table.coverage td[data-decision]").forEach((td) => {
      const d = td.getAttribute("data-decision");
      table[d] = (table[d] || 0) + Number(td.textContent);
    });
    const lists = [...document.querySelectorAll("a.hm-cell")].map((a) => {
      const list = document.getElementById(a.getAttribute("data-cell"));
      return [Number(a.getAttribute("data-count")), list ? list.querySelectorAll("li").length : -1];
    });
    return { findings: count("article.finding"), grid: count("a.cell"), cells, table, lists };
  });
  const total = json.diagnostics.length;
  check(dom.findings === Math.min(total, 5000), `${name}: ${dom.findings} findings shown, JSON has ${total}`);
  check(dom.grid === 93, `${name}: ${dom.grid} grid cells`);
  const missing = json.summary.soa.catalogue - json.summary.soa.covered;
  check((dom.cells["d-missing"] || 0) === missing, `${name}: missing cells ${dom.cells["d-missing"]} vs ${missing}`);
  check((dom.table.missing || 0) === missing, `${name}: missing in the table ${dom.table.missing}`);
  const applicable = Object.entries(dom.cells).filter(([c]) => c.startsWith("st-")).reduce((n, [, v]) => n + v, 0);
  check(applicable === (dom.table.applicable || 0), `${name}: applicable grid ${applicable} vs table ${dom.table.applicable}`);
  for (const [n, li] of dom.lists) {
    check(n === li || (n > 100 && li === 101), `${name}: a heat-map cell says ${n}, its list has ${li}`);
  }
  // A click on a heat-map cell shows its list only.
  if (dom.lists.length > 0) {
    const shown = await page.evaluate(() => {
      const a = document.querySelector("a.hm-cell");
      a.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true }));
      const visible = [...document.querySelectorAll(".cell-list")].filter((l) => l.offsetParent !== null);
      return visible.map((l) => l.id).join(",") + "|" + a.getAttribute("data-cell");
    });
    const [visible, cell] = shown.split("|");
    check(visible === cell, `${name}: after a click on ${cell} the lists shown are ${visible}`);
  }
  // The severity filter.
  check((await page.$("#f-sev")) !== null || total === 0, `${name}: no severity filter`);
  if (total > 0 && total <= 5000 && (await page.$("#f-sev")) !== null) {
    const errorsInJson = json.diagnostics.filter((d) => d.severity === "error").length;
    await page.select("#f-sev", "error");
    const shown = await page.evaluate(() => ({
      visible: [...document.querySelectorAll("article.finding")].filter((a) => a.offsetParent !== null).length,
      text: document.getElementById("f-count").textContent,
    }));
    check(shown.visible === errorsInJson, `${name}: severity=error shows ${shown.visible}, JSON has ${errorsInJson} errors`);
    check(shown.text === `${errorsInJson} shown`, `${name}: counter says ${shown.text}`);
    await page.select("#f-sev", "");
  }
  // Accessibility (axe-core, WCAG 2 A and AA rules).
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  for (const v of result.violations.filter((v) => ["serious", "critical"].includes(v.impact))) {
    check(false, `${name}: axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} nodes, e.g. ${v.nodes[0].html.slice(0, 120)})`);
  }
  check(errors.length === 0, `${name}: console errors: ${errors.join(" | ")}`);
  check(requests.length === 0, `${name}: network requests: ${requests.join(" ")}`);
  console.log(`${name}: ${dom.findings} findings, ${dom.lists.length} heat-map cells, ${result.violations.length} axe violations (none serious)`);
  await page.close();
}
await browser.close();
if (failures > 0) {
  console.error(`${failures} check(s) failed`);
  process.exit(1);
}
