// The query page: an overview of what the store holds (example questions, classes and graphs
// with their counts, from /examples and /overview), YASGUI against this server's endpoint
// starting with the first example, a graph picture for CONSTRUCT/DESCRIBE results, and result
// IRIs opening the resource browser (resourcePage comes from search-box.js, loaded first).
//
// The page's address may say what to open: /?sparql=QUERY runs a query (the class and graph
// links do), /?example=NAME opens an example question.
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

// Well-known namespaces, to show class IRIs that have no label.
const kPrefixes = {
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  rdfs: "http://www.w3.org/2000/01/rdf-schema#",
  owl: "http://www.w3.org/2002/07/owl#",
  skos: "http://www.w3.org/2004/02/skos/core#",
  foaf: "http://xmlns.com/foaf/0.1/",
  org: "http://www.w3.org/ns/org#",
  schema: "http://schema.org/",
  dcterms: "http://purl.org/dc/terms/",
  prov: "http://www.w3.org/ns/prov#",
  time: "http://www.w3.org/2006/time#",
};

function compactIri(iri) {
  for (const [name, ns] of Object.entries(kPrefixes))
    if (iri.startsWith(ns) && iri.length > ns.length) return name + ":" + iri.slice(ns.length);
  return iri;
}

const withoutTitle = (query) => query.replace(/^# .*\n/, "");

// The query that lists a class's instances, one row each, with a name where one is given.
function instancesQuery(cls) {
  return `# Instances of ${cls.label === cls.iri ? compactIri(cls.iri) : cls.label}
SELECT ?instance (SAMPLE(?label) AS ?name) WHERE {
  ?instance a <${cls.iri}> .
  OPTIONAL { ?instance <${kPrefixes.skos}prefLabel>|<${kPrefixes.rdfs}label>|<${kPrefixes.foaf}name> ?label }
}
GROUP BY ?instance
ORDER BY ?name ?instance
LIMIT 1000
`;
}

function graphQuery(graph) {
  return graph === null
    ? "# Statements of the default graph\nSELECT ?s ?p ?o WHERE { ?s ?p ?o }\nLIMIT 1000\n"
    : `# Statements of <${graph}>\nSELECT ?s ?p ?o WHERE { GRAPH <${graph}> { ?s ?p ?o } }\nLIMIT 1000\n`;
}

const number = new Intl.NumberFormat("en");

function cell(content, className) {
  const td = document.createElement("td");
  if (className) td.className = className;
  td.append(content);
  return td;
}

function link(text, href, onClick) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  a.addEventListener("click", (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    history.pushState(null, "", href);
    onClick();
  });
  return a;
}

async function start() {
  // The editor is made at once, before anything is fetched: made later, it would take the focus
  // from whatever the visitor has started typing in (the name box).
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
    const a = event.target.closest("a.iri");
    if (!a || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    window.location.href = resourcePage(a.getAttribute("href"));
  });

  const open = (query, run) => {
    const tab = yasgui.getTab();
    tab.setQuery(query);
    if (run) tab.query();
    else tab.getYasqe().focus();
  };

  const examples = await fetch("/examples").then((r) => r.json()).catch(() => []);
  // A first visit starts with the first question rather than YASGUI's "?sub ?pred ?obj" (a
  // query of the visitor's own, restored from an earlier visit, stays).
  const untouched = Yasgui.Yasqe.defaults.value;
  if (examples.length && yasgui.getTab().getQuery() === untouched)
    yasgui.getTab().setQuery(withoutTitle(examples[0].query));

  // The example questions, each opened in the editor.
  const list = document.getElementById("examples");
  for (const example of examples) {
    const item = document.createElement("li");
    item.append(link(example.title, "/?example=" + encodeURIComponent(example.name), () => {
      for (const a of list.querySelectorAll("a")) a.classList.remove("current");
      item.firstChild.classList.add("current");
      open(withoutTitle(example.query), false);
    }));
    list.append(item);
  }

  // What the store holds: classes and graphs, each a link that lists what it counts.
  fetch("/overview")
    .then((response) => response.json())
    .then((seen) => {
      const classes = document.querySelector("#classes tbody");
      for (const cls of seen.classes) {
        const query = instancesQuery(cls);
        const name = cls.label === cls.iri ? compactIri(cls.iri) : cls.label;
        const row = document.createElement("tr");
        row.append(cell(link(name, "/?sparql=" + encodeURIComponent(query), () => open(query, true))),
                   cell(number.format(cls.instances), "count"));
        row.title = cls.iri;
        classes.append(row);
      }
      if (seen.classesTotal > seen.classes.length) {
        const more = document.getElementById("classes-more");
        more.hidden = false;
        more.textContent = `and ${number.format(seen.classesTotal - seen.classes.length)} more classes`;
      }
      const graphs = document.querySelector("#graphs tbody");
      for (const graph of seen.graphs) {
        const query = graphQuery(graph.graph);
        const row = document.createElement("tr");
        row.append(cell(link(graph.graph === null ? "default graph" : graph.graph,
                             "/?sparql=" + encodeURIComponent(query), () => open(query, true))),
                   cell(number.format(graph.quads), "count"));
        graphs.append(row);
      }
      const graphsNote = seen.graphsTotal > seen.graphs.length
        ? ` in ${number.format(seen.graphsTotal)} graphs` : "";
      document.getElementById("quads").textContent =
        `${number.format(seen.quads)} statements in all${graphsNote}`;
    });

  // The page's address may name a query to run or an example to open (also going back).
  const fromAddress = () => {
    const address = new URLSearchParams(window.location.search);
    if (address.has("sparql")) open(address.get("sparql"), true);
    else if (address.has("example")) {
      const example = examples.find((e) => e.name === address.get("example"));
      if (example) open(withoutTitle(example.query), false);
    }
  };
  fromAddress();
  window.addEventListener("popstate", fromAddress);
}

start();
