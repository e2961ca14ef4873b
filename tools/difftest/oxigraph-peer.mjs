// Oxigraph (npm, in memory) answering moivre-difftest, one JSON request a line on stdin, one
// JSON answer a line on stdout:
//   {"op":"load","data":TRIG}                 -> {"ok":true} | {"error":MESSAGE}
//   {"op":"query","form":F,"text":SPARQL}     -> {"ok":true,"body":TEXT} | {"error":MESSAGE}
// F is "select" or "ask" (body: SPARQL JSON results) or "construct" (body: N-Triples).
import { createInterface } from "node:readline";
import oxigraph from "oxigraph";

let store = new oxigraph.Store();
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  let answer;
  try {
    const request = JSON.parse(line);
    if (request.op === "load") {
      store = new oxigraph.Store();
      store.load(request.data, { format: "application/trig" });
      answer = { ok: true };
    } else {
      const format = request.form === "construct" ? "application/n-triples"
                                                   : "application/sparql-results+json";
      answer = { ok: true, body: store.query(request.text, { results_format: format }) };
    }
  } catch (e) {
    answer = { error: String(e) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
