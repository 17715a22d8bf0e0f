// Opens built HTML pages in headless Chromium at several widths and reports, per
// page and width: the tables wider than their content column, whether the page
// scrolls sideways, the scrolling blocks, axe-core's violations, and (optionally)
// a screenshot.  Driven by bench_pages.py:  node audit.mjs JOBS.json OUT.json
// A job with `redoc_link` is a page built by `redocly build-docs` instead: its
// Redoc bundle is served from @redocly/cli's own copy (the page asks a CDN, and
// this machine has no network), the sidebar link is clicked, and only a
// screenshot is taken.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
const [jobsFile, outFile] = process.argv.slice(2);
const jobs = JSON.parse(readFileSync(jobsFile, "utf-8"));

// Runs in the page.  The content column is the nearest section (every theme puts
// the page's sections in its content column); a table counts as too wide when it
// is wider than that column, whether or not a theme's wrapper lets it scroll.
function measure() {
  const px = (n) => Math.round(n);
  const label = (el) => {
    const cls = (el.className && typeof el.className === "string") ? "." + el.className.trim().split(/\s+/).join(".") : "";
    const section = el.closest("section[id]");
    return el.tagName.toLowerCase() + cls + (section ? " in #" + section.id : "");
  };
  const tables = [];
  for (const table of document.querySelectorAll("table")) {
    const column = table.closest("section") || table.parentElement;
    const width = table.getBoundingClientRect().width;
    const columnWidth = column.clientWidth;
    if (width > columnWidth + 1) tables.push({ table: label(table), width: px(width), column: px(columnWidth) });
  }
  const scrollers = [];
  for (const el of document.querySelectorAll("pre, div, table")) {
    if (el.scrollWidth <= el.clientWidth + 1) continue;
    const style = getComputedStyle(el);
    if (!/(auto|scroll)/.test(style.overflowX)) continue;
    if (!el.closest("section")) continue;
    scrollers.push({
      block: label(el),
      focusable: el.tabIndex >= 0,
      named: Boolean(el.getAttribute("aria-label") || el.getAttribute("aria-labelledby")),
    });
  }
  const doc = document.documentElement;
  return {
    pageScrollsSideways: doc.scrollWidth > window.innerWidth + 1,
    pageWidth: doc.scrollWidth,
    tablesTooWide: tables,
    tables: document.querySelectorAll("section table").length,
    scrollers,
  };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const redocBundle = require.resolve("@redocly/cli/lib/chunks/redoc.standalone.js");

async function redocScreenshot(job, width) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.route("https://cdn.redocly.com/**", (route) =>
    route.fulfill({ path: redocBundle, contentType: "application/javascript" }));
  await page.goto(job.url, { waitUntil: "load", timeout: 600000 });
  const link = page.locator(`a[href="${job.redoc_link}"]`).first();
  await link.waitFor({ state: "attached", timeout: 120000 });
  await page.waitForTimeout(3000); // until Redoc's router listens
  const menuButton = page.locator('[data-testid="floating-button"]');
  if (await menuButton.isVisible()) {
    await menuButton.click(); // the phone layout's menu
    await page.waitForTimeout(1000); // its opening animation
  }
  await link.scrollIntoViewIfNeeded();
  await link.click();
  await page.waitForTimeout(6000); // Redoc renders the operation lazily
  const screenshot = `${job.screenshot_dir}/${job.name}-${width}.png`;
  await page.screenshot({ path: screenshot });
  await page.close();
  return screenshot;
}

const results = [];
for (const job of jobs) {
  if (job.redoc_link) {
    for (const width of job.widths) {
      results.push({ name: job.name, url: job.url, width, screenshot: await redocScreenshot(job, width) });
    }
    continue;
  }
  for (const width of job.widths) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(pathToFileURL(job.file).href, { waitUntil: "load", timeout: 600000 });
    if (job.open_folds) {
      await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
    }
    const layout = await page.evaluate(measure);
    let axe = null;
    if (job.axe) {
      await page.addScriptTag({ path: axePath });
      axe = await page.evaluate(async () => {
        const result = await window.axe.run(document, { resultTypes: ["violations"] });
        return result.violations.map((v) => ({
          id: v.id, impact: v.impact, nodes: v.nodes.length,
          targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
        }));
      });
    }
    let screenshot = null;
    if (job.screenshot_dir) {
      screenshot = `${job.screenshot_dir}/${job.name}-${width}.png`;
      if (job.screenshot_selector) {
        await page.evaluate((sel) => {
          // instantly (themes ask for smooth scrolling), leaving room for a sticky header
          document.querySelector(sel)?.scrollIntoView({ behavior: "instant" });
          window.scrollBy({ top: -80, behavior: "instant" });
        }, job.screenshot_selector);
        await page.waitForTimeout(1000); // let a long page paint where it scrolled to
      }
      await page.screenshot({ path: screenshot, fullPage: false });
    }
    results.push({ name: job.name, file: job.file, width, layout, axe, screenshot });
    await page.close();
  }
}
await browser.close();
writeFileSync(outFile, JSON.stringify(results, null, 1));
