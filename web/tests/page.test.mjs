// End-to-end test of the query page in a real headless browser (Debian's chromium, driven by
// playwright-core): the page loads from this server alone, its overview shows the example
// questions and the store's real counts and the editor starts with the first question, a class
// link lists the class's instances, a typed query runs and shows rows,
// a result IRI opens its resource page whose links can be followed, a CONSTRUCT result is
// drawn as a graph, the header box finds resources by name as they are typed, and the
// connections page draws and lists how two people are connected. Screenshots of each step go to --out.
//
//   node page.test.mjs --moivre build/tools/moivre --data data --out build/screenshots
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith("--") ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const moivre = path.resolve(args.moivre ?? "build/tools/moivre");
const data = path.resolve(args.data ?? "data");
const out = path.resolve(args.out ?? "screenshots");
const browserPath = args.chromium ?? "/usr/bin/chromium";
if (!existsSync(browserPath)) {
  console.error(`no browser at ${browserPath}: install Debian's chromium (./run.sh test does)`);
  process.exit(1);
}
mkdirSync(out, { recursive: true });

let failures = 0;
function check(condition, message) {
  console.log(`${condition ? "ok  " : "FAIL"} ${message}`);
  if (!condition) failures++;
}

// A store of the default graph, served on a free port.
const work = mkdtempSync(path.join(tmpdir(), "moivre-page-"));
const files = readdirSync(data).filter((f) => f.endsWith(".ttl")).map((f) => path.join(data, f));
execFileSync(moivre, ["load", "--db", path.join(work, "db"), ...files], { stdio: "inherit" });
const server = spawn(moivre, ["serve", "--db", path.join(work, "db"), "--port", "0",
                              "--examples", path.join(data, "queries")], { stdio: ["ignore", "ignore", "pipe"] });
const base = await new Promise((resolve, reject) => {
  let log = "";
  server.stderr.on("data", (chunk) => {
    log += chunk;
    const m = log.match(/at (http:\/\/127\.0\.0\.1:\d+)\/sparql/);
    if (m) resolve(m[1]);
  });
  server.on("exit", (code) => reject(new Error(`moivre serve exited (${code}): ${log}`)));
  setTimeout(() => reject(new Error("moivre serve did not start in 20 s: " + log)), 20000);
});

const browser = await chromium.launch({ executablePath: browserPath, args: ["--no-sandbox"] });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Nothing may be fetched from anywhere but this server.
  const foreign = [];
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.origin === base || url.protocol === "data:" || url.protocol === "blob:") return route.continue();
    foreign.push(url.href);
    return route.abort();
  });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));

  // The first page: the example questions as a list, the editor holding the first one, and an
  // overview of the store whose counts are the store's own (asked of /sparql here).
  await page.goto(base + "/");
  await page.waitForSelector(".yasqe .CodeMirror");
  await page.waitForSelector("#examples li");  // the editor's first question comes with them
  const examples = await (await fetch(base + "/examples")).json();
  const listedExamples = await page.locator("#examples li").allInnerTexts();
  check(examples.length > 1 && listedExamples.length === examples.length &&
        listedExamples.every((t, i) => t === examples[i].title),
        `the page lists the server's ${examples.length} example questions in order`);
  const editorText = await page.evaluate(() => document.querySelector(".yasqe .CodeMirror").CodeMirror.getValue());
  check(editorText === examples[0].query.replace(/^# .*\n/, ""),
        `the editor starts with the first example question (${examples[0].title})`);
  const sparql = async (query) => {
    const response = await fetch(base + "/sparql?query=" + encodeURIComponent(query),
                                 { headers: { Accept: "application/sparql-results+json" } });
    return (await response.json()).results.bindings;
  };
  const [{ n: total }] = await sparql("SELECT (COUNT(*) AS ?n) { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }");
  const realClasses = await sparql(
    "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) { ?s a ?c . FILTER (!STRSTARTS(STR(?c), 'http://www.w3.org/2002/07/owl#') && " +
    "!STRSTARTS(STR(?c), 'http://www.w3.org/2000/01/rdf-schema#') && " +
    "!STRSTARTS(STR(?c), 'http://www.w3.org/1999/02/22-rdf-syntax-ns#')) } GROUP BY ?c");
  await page.waitForSelector("#classes tr");
  const shownClasses = await page.locator("#classes tr").evaluateAll((rows) =>
    rows.map((r) => ({ iri: r.title, name: r.cells[0].innerText, count: Number(r.cells[1].innerText.replace(/,/g, "")) })));
  const realCount = new Map(realClasses.map((b) => [b.c.value, Number(b.n.value)]));
  const largest = [...realCount.values()].sort((a, b) => b - a).slice(0, shownClasses.length);
  check(shownClasses.length === Math.min(20, realCount.size) &&
        shownClasses.every((c) => realCount.get(c.iri) === c.count) &&
        shownClasses.every((c, i) => c.count === largest[i]),
        `the overview lists the ${shownClasses.length} largest classes with their real instance counts ` +
        `(${shownClasses.slice(0, 3).map((c) => `${c.name} ${c.count}`).join(", ")}, …)`);
  const shownGraphs = await page.locator("#graphs tr").allInnerTexts();
  const quadsNote = await page.locator("#quads").innerText();
  check(shownGraphs.length === 1 && shownGraphs[0].replace(/\s+/g, " ") === `default graph ${Number(total.value).toLocaleString("en")}` &&
        quadsNote.startsWith(Number(total.value).toLocaleString("en") + " statements"),
        `the overview gives the default graph's real size (${shownGraphs[0].replace(/\s+/g, " ")}; ${quadsNote})`);
  await page.screenshot({ path: path.join(out, "0-first-page.png"), fullPage: true });

  // A class opens the query that lists its instances, and runs it: one row per instance.
  const person = shownClasses.find((c) => c.iri === "http://xmlns.com/foaf/0.1/Person");
  await page.locator("#classes a", { hasText: person.name }).click();
  await page.waitForSelector(".yasr table.dataTable tbody tr");
  await page.waitForFunction((n) => document.querySelectorAll(".yasr table.dataTable tbody tr").length === n,
                             person.count, { timeout: 10000 }).catch(() => {});
  const personRows = await page.locator(".yasr table.dataTable tbody tr").count();
  check(personRows === person.count, `the ${person.name} link lists its ${person.count} instances (got ${personRows})`);
  check(page.url().includes("?sparql="), "the class link is an address that can be shared");
  await page.screenshot({ path: path.join(out, "0-class-listed.png"), fullPage: true });

  // Type a query into the editor and run it.
  const query =
    'PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n' +
    'SELECT ?org ?name WHERE {\n?org a <http://www.w3.org/ns/org#FormalOrganization> ;\nskos:prefLabel ?name .\n' +
    'FILTER (lang(?name) = "en")\n}\nORDER BY ?name';
  await page.locator(".yasqe .CodeMirror").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type(query);
  const typed = await page.evaluate(() => document.querySelector(".yasqe .CodeMirror").CodeMirror.getValue());
  check(typed.replace(/\s+/g, " ").trim() === query.replace(/\s+/g, " ").trim(), "the editor holds the typed query");
  await page.locator(".yasqe_queryButton").click();
  // The table of the class listed before stays until this answer comes: wait for this one's
  // columns (?org ?name).
  await page.waitForFunction(() => [...document.querySelectorAll(".yasr table.dataTable thead th")]
    .some((th) => th.innerText.trim() === "org"), null, { timeout: 15000 });
  await page.waitForSelector(".yasr table.dataTable tbody tr");
  const rows = await page.locator(".yasr table.dataTable tbody tr").allInnerTexts();
  check(rows.length === 5, `the query shows 5 rows (got ${rows.length})`);
  check(rows.some((r) => r.includes("Imperial College London")), "a row names Imperial College London");
  await page.screenshot({ path: path.join(out, "1-query-results.png"), fullPage: true });

  // A result IRI opens the resource browser; a link there leads on.
  await page.locator(".yasr table.dataTable a.iri").first().click();
  await page.waitForURL(/\/resource\?iri=/);
  const heading = await page.locator("h1").innerText();
  check(["EGID", "Imperial College London", "French National Centre for Scientific Research"].includes(heading),
        `the resource page is headed by the label (${heading})`);
  await page.screenshot({ path: path.join(out, "2-resource.png"), fullPage: true });
  const incoming = page.locator("table.links.incoming a").first();
  const target = await incoming.innerText();
  await incoming.click();
  await page.waitForLoadState();
  const next = await page.locator("h1").innerText();
  check(next === target, `following a link shows that resource (${next})`);
  check(await page.locator("table.links.outgoing tr").count() > 0, "its properties are listed");
  await page.screenshot({ path: path.join(out, "3-linked-resource.png"), fullPage: true });

  // A CONSTRUCT example is drawn as a graph.
  await page.goto(base + "/");
  await page.waitForSelector(".yasqe .CodeMirror");
  await page.locator("#examples a", { hasText: "as a graph" }).click();
  await page.locator(".yasqe_queryButton").click();
  await page.waitForSelector(".moivre-graph canvas", { timeout: 15000 });
  check(await page.locator(".moivre-graph canvas").count() > 0, "a CONSTRUCT result is drawn as a graph");
  await page.screenshot({ path: path.join(out, "4-construct-graph.png"), fullPage: true });

  // The header box finds a resource by name as it is typed, and opens it.
  await page.goto(base + "/");
  await page.locator("header input[name=iri]").fill("");
  await page.locator("header input[name=iri]").type("piol", { delay: 30 });
  await page.waitForSelector("header ul.suggestions li");
  const suggestion = await page.locator("header ul.suggestions li").first().innerText();
  check(suggestion.includes("Boris Pioline"), `typing "piol" suggests Boris Pioline (${suggestion.replace(/\s+/g, " ")})`);
  await page.screenshot({ path: path.join(out, "5-type-ahead.png") });
  await page.locator("header ul.suggestions li").first().click();
  await page.waitForURL(/\/resource\?iri=/);
  check(await page.locator("h1").innerText() === "Boris Pioline", "choosing the suggestion opens his page");
  // Without choosing, Enter on a name leads to its best match too.
  await page.locator("header input[name=iri]").fill("Degond");
  await page.locator("header input[name=iri]").press("Enter");
  await page.waitForFunction(() => document.querySelector("h1")?.innerText === "Pierre Degond", null, { timeout: 10000 });
  check(await page.locator("h1").innerText() === "Pierre Degond", "Enter on a name opens the best match");

  // Connections: two people chosen by name, the paths drawn and listed, a node opens its page.
  await page.goto(base + "/connections");
  await page.locator("#from").type("Waldram", { delay: 20 });
  await page.waitForSelector("#from + ul.suggestions li");
  await page.locator("#from + ul.suggestions li").first().click();
  await page.locator("#to").type("Pioline", { delay: 20 });
  await page.waitForSelector("#to + ul.suggestions li");
  await page.locator("#to + ul.suggestions li").first().click();
  await page.locator("#find").click();
  await page.waitForSelector("#paths li");
  const listed = await page.locator("#paths li").allInnerTexts();
  check(listed.length > 0 && listed.every((p) => p.includes("Quantum Fields and Strings")),
        `every connection goes through the Quantum Fields and Strings network (${listed.length})`);
  await page.waitForSelector("#picture canvas");
  check(await page.locator("#picture canvas").count() > 0, "the connections are drawn");
  await page.screenshot({ path: path.join(out, "6-connections.png"), fullPage: true });
  await page.locator("#paths li a", { hasText: "Quantum Fields and Strings" }).first().click();
  await page.waitForURL(/\/resource\?iri=/);
  check((await page.locator("h1").innerText()).includes("Quantum Fields and Strings"), "a node of a path opens its page");

  check(foreign.length === 0, `nothing was fetched from outside the server ${foreign.length ? foreign.join(", ") : ""}`);
  check(pageErrors.length === 0, `no script errors on the page ${pageErrors.join("; ")}`);
} catch (e) {
  console.error(e);
  failures++;
} finally {
  await browser.close();
  server.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
}
console.log(failures ? `${failures} check(s) failed` : `all checks passed; screenshots in ${out}`);
process.exit(failures ? 1 : 0);
