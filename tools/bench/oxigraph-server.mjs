// Oxigraph (npm, in memory) as a SPARQL endpoint for moivre-bench-lubm:
//   node oxigraph-server.mjs DATA.nt[.gz] PORT
// Loads the file with Oxigraph's bulk path (no transaction), prints "loaded SECONDS STATEMENTS",
// then answers POST /sparql (form-encoded query=) with SPARQL JSON results and prints "listening".
// The file is streamed in blocks cut at line ends (N-Triples is line-based), so its size is not
// bounded by node's largest buffer (2 GiB).
import { createServer } from "node:http";
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import oxigraph from "oxigraph";

const [file, port] = process.argv.slice(2);
const start = process.hrtime.bigint();
const store = new oxigraph.Store();
let statements = 0;
const load = (block) => {
  store.load(block, { format: "application/n-triples", no_transaction: true });
  for (let i = block.indexOf(10); i !== -1; i = block.indexOf(10, i + 1)) statements++;
};
let input = createReadStream(file, { highWaterMark: 64 << 20 });
if (file.endsWith(".gz")) input = input.pipe(createGunzip({ chunkSize: 16 << 20 }));
let pending = Buffer.alloc(0);
for await (const chunk of input) {
  const data = pending.length ? Buffer.concat([pending, chunk]) : chunk;
  const cut = data.lastIndexOf(10) + 1;
  if (cut > 0) load(data.subarray(0, cut));
  pending = Buffer.from(data.subarray(cut));
}
if (pending.length) load(pending);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
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
