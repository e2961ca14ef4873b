// The query page: YASGUI against this server's endpoint, the server's example questions, a
// graph picture for CONSTRUCT/DESCRIBE results, and result IRIs opening the resource browser
// (resourcePage comes from search-box.js, loaded first).
"use strict";

const endpoint = new URL("/sparql", window.location.href).href;

// CONSTRUCT and DESCRIBE results as a small node-link picture (at most kMaxTriples triples).
class GraphPicture {
  constructor(yasr) {
    this.yasr = yasr;
    this.priority = 20; // above the table: a graph result is shown as a graph first
    this.label = "Graph";
    this.kMaxTriples = 300;
  }

  canHandleResults() {
    const results = this.yasr.results;
    return !!results && !results.hasError() && results.getType() === "ttl";
  }

  getIcon() {
    const icon = document.createElement("div");
    icon.textContent = "◉";
    return icon;
  }

  compact(iri) {
    const prefixes = this.yasr.getPrefixes ? this.yasr.getPrefixes() : {};
    for (const [name, ns] of Object.entries(prefixes || {}))
      if (iri.startsWith(ns)) return name + ":" + iri.slice(ns.length);
    const cut = Math.max(iri.lastIndexOf("#"), iri.lastIndexOf("/"));
    return cut >= 0 && cut < iri.length - 1 ? iri.slice(cut + 1) : iri;
  }

  draw() {
    const statements = this.yasr.results.getStatements().slice(0, this.kMaxTriples);
    const nodes = new Map();
    const edges = [];
    const node = (term) => {
      const id = term.termType === "Literal" ? "literal:" + nodes.size : term.termType + ":" + term.value;
      if (!nodes.has(id)) {
        const literal = term.termType === "Literal";
        nodes.set(id, {
          data: {
            id,
            label: literal ? term.value.slice(0, 40) : this.compact(term.value),
            iri: term.termType === "NamedNode" ? term.value : "",
          },
          classes: literal ? "literal" : term.termType === "BlankNode" ? "blank" : "resource",
        });
      }
      return id;
    };
    // Labels name their subjects instead of hanging off them as separate nodes.
    const labelled = new Map();
    for (const q of statements)
      if (q.object.termType === "Literal" && /(#label|prefLabel|\/name)$/.test(q.predicate.value))
        if (!labelled.has(q.subject.value)) labelled.set(q.subject.value, q.object.value);
    for (const q of statements) {
      if (q.object.termType === "Literal" && labelled.get(q.subject.value) === q.object.value) continue;
      edges.push({
        data: { source: node(q.subject), target: node(q.object), label: this.compact(q.predicate.value) },
      });
    }
    for (const [id, n] of nodes) {
      const label = labelled.get(n.data.iri || id.slice(id.indexOf(":") + 1));
      if (label) n.data.label = label;
    }
    const container = document.createElement("div");
    container.className = "moivre-graph";
    this.yasr.resultsEl.appendChild(container);
    const total = this.yasr.results.getStatements().length;
    if (total > this.kMaxTriples) {
      const note = document.createElement("p");
      note.textContent = `Showing the first ${this.kMaxTriples} of ${total} triples.`;
      this.yasr.resultsEl.insertBefore(note, container);
    }
    const cy = cytoscape({
      container,
      elements: [...nodes.values(), ...edges],
      layout: { name: "cose", animate: false, nodeRepulsion: () => 800000, idealEdgeLength: () => 120 },
      style: [
        { selector: "node", style: { label: "data(label)", "font-size": 10, "text-wrap": "ellipsis",
                                      "text-max-width": 120, "background-color": "#2b6cb0", width: 14, height: 14 } },
        { selector: "node.literal", style: { shape: "round-rectangle", "background-color": "#a0aec0" } },
        { selector: "node.blank", style: { "background-color": "#718096" } },
        { selector: "edge", style: { label: "data(label)", "font-size": 8, "curve-style": "bezier",
                                      "target-arrow-shape": "triangle", width: 1, "line-color": "#cbd5e0",
                                      "target-arrow-color": "#cbd5e0", color: "#4a5568" } },
      ],
    });
    // A resource opens its page.
    cy.on("tap", "node.resource", (event) => {
      window.location.href = resourcePage(event.target.data("iri"));
    });
  }
}

Yasgui.Yasr.registerPlugin("graph", GraphPicture);
// Completion from the query itself only: the remote completers (prefix.cc, LOV) would reach the
// internet, and this page fetches nothing from outside this server.
Yasgui.Yasqe.defaults.autocompleters = ["variables"];

const yasgui = new Yasgui(document.getElementById("yasgui"), {
  requestConfig: { endpoint, method: "POST", acceptHeaderGraph: "text/turtle,*/*;q=0.9" },
  copyEndpointOnNewTab: false,
  endpointCatalogueOptions: { getData: () => [{ endpoint }] },
  persistenceId: "moivre",
  yasr: { prefixes: {} },
});

// A graph result (CONSTRUCT, DESCRIBE) is shown as a picture first; tables for the rest.
// (After this turn of the event loop: YASR takes the response in after the event.)
yasgui.on("queryResponse", (instance, tab) => setTimeout(() => {
  const yasr = tab.getYasr();
  const type = yasr.results && !yasr.results.hasError() ? yasr.results.getType() : "";
  const wanted = type === "ttl" ? "graph" : "table";
  if (yasr.selectedPlugin !== wanted && yasr.plugins[wanted]) yasr.selectPlugin(wanted);
}));

// IRIs in result tables open our resource browser rather than the (often unreachable) IRI.
document.getElementById("yasgui").addEventListener("click", (event) => {
  const link = event.target.closest("a.iri");
  if (!link || event.ctrlKey || event.metaKey) return;
  event.preventDefault();
  window.location.href = resourcePage(link.getAttribute("href"));
});

// The server's example questions, each opened in the current tab's editor.
fetch("/examples")
  .then((response) => response.json())
  .then((examples) => {
    const select = document.getElementById("examples");
    for (const example of examples) {
      const option = document.createElement("option");
      option.value = example.name;
      option.textContent = example.title;
      select.appendChild(option);
    }
    select.addEventListener("change", () => {
      const example = examples.find((e) => e.name === select.value);
      if (!example) return;
      const tab = yasgui.getTab();
      tab.setQuery(example.query.replace(/^# .*\n/, ""));
      tab.getYasqe().focus();
    });
  });
