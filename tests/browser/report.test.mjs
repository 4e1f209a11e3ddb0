// report.test.mjs — dixit serve's page and report in headless Chromium.
//
//   node report.test.mjs DIXIT SOURCE_DIR [SCREENSHOT.png]
//
// Starts `dixit serve` on a free port, opens GET /, pastes
// samples/article-fr.txt, submits, and checks against the CLI's JSON for
// the same text that every quotation is highlighted, with its speaker, its
// type's underline and its speaker's colour; that hovering and focusing a
// quotation show its speaker and cue; that the page asks nothing of any
// other host.  Then it times the report of a 1,000-word article (target:
// under 100 ms in the browser, for parsing, script, style and layout; the
// navigation around it is printed beside a trivial page's, for comparison)
// and saves a screenshot.
import { chromium } from "playwright-core";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const [dixit, src, shot] = process.argv.slice(2);
const RENDER_TARGET_MS = 100;
let passed = 0, failed = 0;
function check(name, ok, detail = "") {
  if (ok) passed++;
  else { failed++; console.log(`FAIL ${name}${detail ? ": " + detail : ""}`); }
}

function startServer() {
  return new Promise((resolve, reject) => {
    const p = spawn(dixit, ["serve", "--port", "0"], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    p.stderr.on("data", (d) => {
      err += d;
      const m = /listening on (http:\/\/[^ ]+\/)/.exec(err);
      if (m) resolve({ p, url: m[1] });
    });
    p.on("exit", (code) => reject(new Error(`dixit serve exited ${code}: ${err}`)));
  });
}

// Runs the page's form on text and waits for the report in the frame.
async function submit(page, text) {
  await page.fill("#text", text);
  await page.click("#go");
  await page.waitForSelector("body[data-state=done], body[data-state=error]", { timeout: 30000 });
  check("report shown", await page.evaluate(() => document.body.dataset.state) === "done",
        await page.textContent("#status"));
  await page.evaluate(() => { document.body.dataset.state = ""; });
  const frame = await (await page.$("#report")).contentFrame();
  await frame.waitForSelector("section.doc");
  return frame;
}

async function checkQuotes(frame, record) {
  const shown = await frame.evaluate(() => {
    const out = {};
    document.querySelectorAll("section.doc .q[id]").forEach((q) => {
      const n = q.dataset.q, cs = getComputedStyle(q);
      const pieces = document.querySelectorAll(`section.doc .q[data-q="${n}"]`);
      out[n] = {
        speaker: q.dataset.s, type: q.dataset.t, cue: q.dataset.c || null,
        text: Array.from(pieces).map((p) => p.textContent).join(""),
        background: cs.backgroundColor, border: cs.borderBottomStyle,
        visible: q.getClientRects().length > 0,
      };
    });
    return out;
  });
  const quotes = record.quotes;
  check("as many quotations as the CLI finds", Object.keys(shown).length === quotes.length,
        `${Object.keys(shown).length} vs ${quotes.length}`);
  const styleOf = { direct: "solid", indirect: "dashed", mixed: "dotted" };
  const colourOf = new Map(), speakerOf = new Map();
  quotes.forEach((q, i) => {
    const s = shown[i] || {};
    const speaker = q.speaker ? q.speaker.name : "?";
    check(`quotation ${i}: highlighted`, s.visible === true);
    check(`quotation ${i}: text`, s.text === q.text, `${JSON.stringify(s.text)} vs ${JSON.stringify(q.text)}`);
    check(`quotation ${i}: speaker`, s.speaker === speaker, `${s.speaker} vs ${speaker}`);
    check(`quotation ${i}: type`, s.type === q.type && s.border === styleOf[q.type],
          `${s.type}/${s.border} vs ${q.type}`);
    check(`quotation ${i}: cue`, s.cue === (q.cue ? q.cue.text : null));
    if (q.type === "direct" && q.speaker && q.parent === null) {
      const seen = colourOf.get(speaker);
      check(`quotation ${i}: one colour per speaker`, !seen || seen === s.background,
            `${seen} vs ${s.background}`);
      colourOf.set(speaker, s.background);
      if (!seen) {
        const other = speakerOf.get(s.background);
        check(`quotation ${i}: speakers told apart`, !other || other === speaker,
              `${speaker} has the colour of ${other}`);
        speakerOf.set(s.background, speaker);
      }
    }
  });
}

async function checkTooltip(frame, record) {
  const q0 = record.quotes[0];
  await frame.hover("#d0-q0");
  let tip = await frame.evaluate(() => {
    const t = document.getElementById("dx-tip");
    return { hidden: t.hidden, text: t.textContent };
  });
  check("hover: tooltip shown", !tip.hidden);
  check("hover: speaker in it", tip.text.includes(q0.speaker.name), tip.text);
  check("hover: cue in it", tip.text.includes(q0.cue.text), tip.text);
  if (q0.addressee) check("hover: addressee in it", tip.text.includes(q0.addressee.name), tip.text);
  const k = record.quotes.findIndex((q) => q.speaker && q.speaker.name !== q0.speaker.name);
  await frame.focus(`#d0-q${k}`);
  tip = await frame.evaluate(() => document.getElementById("dx-tip").textContent);
  check("focus: tooltip follows", tip.includes(record.quotes[k].speaker.name), tip);
  const rows = await frame.$$eval("table.by-speaker tbody tr", (r) => r.length);
  const speakers = new Set(record.quotes.filter((q) => q.speaker).map((q) => q.speaker.id));
  check("table: one row per speaker", rows >= speakers.size, `${rows} rows, ${speakers.size} speakers`);
  check("graph drawn", (await frame.$$("svg .n")).length >= speakers.size);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dixit-browser-"));
const { p: server, url } = await startServer();
const context = await chromium.launchPersistentContext(path.join(tmp, "profile"), {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const timings = {};
try {
  const page = context.pages()[0] || (await context.newPage());
  const errors = [], foreign = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(url) && !u.startsWith("about:") && !u.startsWith("data:")) foreign.push(u);
  });
  await page.goto(url);

  const sample = path.join(src, "samples", "article-fr.txt");
  const text = fs.readFileSync(sample, "utf8");
  const record = JSON.parse(execFileSync(dixit, [sample]).toString());
  const frame = await submit(page, text);
  await checkQuotes(frame, record);
  await checkTooltip(frame, record);

  // The 1,000-word article: the time from the answer to the report drawn
  // (the frame's load event), and the same page opened as a file.
  const big = path.join(tmp, "article-1000.txt");
  execFileSync("python3", [path.join(src, "bench", "make_article.py"), big, "1000"], { stdio: "ignore" });
  const runs = [];
  for (let i = 0; i < 5; i++) {
    await submit(page, fs.readFileSync(big, "utf8"));
    runs.push(await page.evaluate(() => window.dxTiming));
  }
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  timings.renderMs = median(runs.map((t) => t.renderMs));
  timings.fetchMs = median(runs.map((t) => t.fetchMs));
  // The render itself, without the navigation around it (which costs a
  // loaded machine more than the report does): the page written into a
  // blank document, parsed, its script run, styled and laid out, timed
  // with performance.now(); then the same until the next frame is painted.
  const html = execFileSync(dixit, ["--format", "html", big]).toString();
  const rpage = await context.newPage();
  const layout = [], painted = [];
  for (let i = 0; i < 5; i++) {
    await rpage.goto("about:blank");
    const t = await rpage.evaluate(async (h) => {
      const t0 = performance.now();
      document.open();
      document.write(h);
      document.close();
      void document.body.offsetHeight; // style and layout, now
      const t1 = performance.now();
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return { layout: t1 - t0, painted: performance.now() - t0,
               quotes: window.dxReport && window.dxReport.quotes };
    }, html);
    layout.push(t.layout);
    painted.push(t.painted);
    if (i === 0) check("1,000 words: the report's script ran", t.quotes > 20, String(t.quotes));
  }
  // For comparison, whole navigations: a trivial page and the report.
  const file = path.join(tmp, "report.html"), trivial = path.join(tmp, "trivial.html");
  fs.writeFileSync(file, html);
  fs.writeFileSync(trivial, "<!DOCTYPE html><title>t</title><p>t");
  const loads = { [file]: [], [trivial]: [] };
  for (let i = 0; i < 5; i++) {
    for (const f of [trivial, file]) {
      await rpage.goto("file://" + f);
      loads[f].push(await rpage.evaluate(() => {
        const n = performance.getEntriesByType("navigation")[0];
        return n.loadEventEnd - n.startTime;
      }));
    }
  }
  await rpage.close();
  timings.layoutMs = median(layout);
  timings.paintedMs = median(painted);
  timings.fileLoadMs = median(loads[file]);
  timings.trivialLoadMs = median(loads[trivial]);
  check(`1,000 words: report parsed, styled and laid out in < ${RENDER_TARGET_MS} ms`,
        timings.layoutMs < RENDER_TARGET_MS, `${timings.layoutMs.toFixed(1)} ms`);

  if (shot) { // the sample again, a quotation hovered, for the README
    const f = await submit(page, text);
    await page.waitForFunction(() => document.getElementById("report").offsetHeight > 1000);
    await f.hover("#d0-q2");
    await page.screenshot({ path: shot, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1300 } });
  }
  check("no script error", errors.length === 0, errors.join(" | "));
  check("no request to another host", foreign.length === 0, foreign.join(" "));
} finally {
  await context.close();
  server.kill("SIGTERM");
  fs.rmSync(tmp, { recursive: true, force: true });
}
const ms = (x) => (x === undefined ? "?" : x.toFixed(1));
console.log(`browser, 1,000-word article (medians of 5): parse+script+style+layout ` +
            `${ms(timings.layoutMs)} ms, to the next painted frame ${ms(timings.paintedMs)} ms; ` +
            `whole navigation to the file ${ms(timings.fileLoadMs)} ms (a trivial page: ` +
            `${ms(timings.trivialLoadMs)} ms); in the service's page: answer ${ms(timings.fetchMs)} ms, ` +
            `frame loaded ${ms(timings.renderMs)} ms later`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
