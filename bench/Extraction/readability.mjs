// Runs Mozilla Readability (with jsdom or linkedom) over a list of gzipped HTML pages.
//   node readability.mjs --list FILES.txt [--dom jsdom|linkedom] [--out PRED.jsonl]
// Prints one JSON summary line: docs, bytes, seconds (parse + extraction, file reading excluded), peak RSS.
import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { Readability } from "@mozilla/readability";

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const files = readFileSync(opt("--list"), "utf8").split("\n").filter(Boolean);
const dom = opt("--dom", "jsdom");
const out = opt("--out", null);

let parse;
if (dom === "linkedom") {
  const { parseHTML } = await import("linkedom");
  parse = (buf) => ({ document: parseHTML(buf.toString("utf8")).document, close() {} });
} else {
  const { JSDOM, VirtualConsole } = await import("jsdom");
  const quiet = new VirtualConsole();
  // jsdom sniffs the charset from the bytes (BOM, meta), as a browser does.
  parse = (buf) => {
    const { window } = new JSDOM(buf, { virtualConsole: quiet, contentType: "text/html" });
    return { document: window.document, close: () => window.close() };
  };
}

const pages = files.map((f) => { const raw = readFileSync(f); return f.endsWith(".gz") ? gunzipSync(raw) : raw; });
const records = [];
let bytes = 0, failed = 0, peakRss = process.memoryUsage().rss;
const start = process.hrtime.bigint();
for (let i = 0; i < pages.length; i++) {
  bytes += pages[i].length;
  let article = null, page = null;
  try {
    page = parse(pages[i]);
    article = new Readability(page.document).parse();
  } catch {
    failed++;
  } finally {
    page?.close();
  }
  if (out) records.push({ id: files[i], article: { title: article?.title ?? null, text: article?.textContent ?? "", published: article?.publishedTime ?? null } });
  if ((i & 15) === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
peakRss = Math.max(peakRss, process.memoryUsage().rss);
if (out) writeFileSync(out, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
console.log(JSON.stringify({ peer: `readability.js+${dom}`, docs: pages.length, bytes, seconds, failed, peakRssBytes: peakRss }));
