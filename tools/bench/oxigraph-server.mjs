// Oxigraph (npm, in memory) as a SPARQL endpoint for moivre-bench-lubm:
//   node oxigraph-server.mjs DATA.nt[.gz] PORT
// Loads the file with Oxigraph's bulk path (no transaction), prints "loaded SECONDS STATEMENTS",
// then answers POST /sparql (form-encoded query=) with SPARQL JSON results and prints "listening".
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import oxigraph from "oxigraph";

const [file, port] = process.argv.slice(2);
const start = process.hrtime.bigint();
let bytes = readFileSync(file);
if (file.endsWith(".gz")) bytes = gunzipSync(bytes);
const store = new oxigraph.Store();
store.load(bytes, { format: "application/n-triples", no_transaction: true });
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
let statements = 0;
for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) statements++;
console.log(`loaded ${seconds.toFixed(3)} ${statements}`);

createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    try {
      const url = new URL(req.url, "http://localhost");
      const query = req.method === "POST" ? new URLSearchParams(body).get("query") : url.searchParams.get("query");
      const results = store.query(query, { results_format: "application/sparql-results+json" });
      res.writeHead(200, { "Content-Type": "application/sparql-results+json" });
      res.end(results);
    } catch (e) {
      res.writeHead(400, { "Content-Type": "text/plain" });
      res.end(String(e));
    }
  });
}).listen(Number(port), "127.0.0.1", () => console.log("listening"));
