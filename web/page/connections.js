// The connections page: two ends chosen by name (type-ahead) or IRI, GET /paths, and the paths
// drawn as one picture with the list beside it; every node opens its resource page.
"use strict";

const ends = { from: "", to: "" };
for (const name of ["from", "to"]) {
  const input = document.getElementById(name);
  attachSearch(input, (r) => {
    ends[name] = r.iri;
    input.value = r.label;
  });
  input.addEventListener("input", () => (ends[name] = ""));
  const preset = new URLSearchParams(window.location.search).get(name);
  if (preset) (ends[name] = preset), (input.value = preset);
}

// An end as typed: the IRI chosen, an IRI typed, or the best match of a name.
async function resolve(name) {
  const text = document.getElementById(name).value.trim();
  if (ends[name]) return ends[name];
  if (/^([a-z][a-z0-9+.-]*:|_:)/i.test(text)) return text;
  if (!text) throw new Error(`Say where to ${name === "from" ? "start" : "end"}.`);
  const response = await fetch("/search?limit=1&q=" + encodeURIComponent(text));
  const found = response.ok ? (await response.json()).results : [];
  if (!found.length) throw new Error(`Nothing is named “${text}”.`);
  return found[0].iri;
}

function link(iri, label) {
  const a = document.createElement("a");
  a.href = resourcePage(iri);
  a.textContent = label || iri;
  a.title = iri;
  return a;
}

function draw(answer) {
  const picture = document.getElementById("picture");
  const list = document.getElementById("paths");
  list.replaceChildren();
  const label = (iri) => answer.labels[iri] || iri;
  const short = (iri) => {
    const l = answer.labels[iri];
    if (l && l !== iri) return l;
    return iri.slice(Math.max(iri.lastIndexOf("#"), iri.lastIndexOf("/")) + 1);
  };
  const nodes = new Map();
  const edges = new Map();
  for (const path of answer.paths) {
    const item = document.createElement("li");
    item.append(link(path.steps[0].from, label(path.steps[0].from)));
    for (const step of path.steps) {
      const arrow = document.createElement("span");
      arrow.className = "step";
      arrow.textContent = step.forward ? ` —${short(step.predicate)}→ ` : ` ←${short(step.predicate)}— `;
      item.append(arrow, link(step.to, label(step.to)));
      for (const iri of [step.from, step.to]) nodes.set(iri, { data: { id: iri, label: label(iri) } });
      const [source, target] = step.forward ? [step.from, step.to] : [step.to, step.from];
      edges.set(source + " " + step.predicate + " " + target,
                { data: { id: source + " " + step.predicate + " " + target, source, target, label: short(step.predicate) } });
    }
    list.append(item);
  }
  picture.hidden = answer.paths.length === 0;
  if (!answer.paths.length) return;
  const [from, to] = [answer.paths[0].steps[0].from, answer.paths[0].steps.at(-1).to];
  for (const end of [from, to]) nodes.get(end).classes = "end";
  const cy = cytoscape({
    container: picture,
    elements: [...nodes.values(), ...edges.values()],
    layout: { name: "breadthfirst", roots: [from], directed: false, spacingFactor: 1.1, animate: false },
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 10, "text-wrap": "wrap", "text-max-width": 140,
                                    "background-color": "#2b6cb0", width: 14, height: 14 } },
      { selector: "node.end", style: { "background-color": "#c05621", width: 20, height: 20 } },
      { selector: "edge", style: { label: "data(label)", "font-size": 8, "curve-style": "bezier",
                                    "target-arrow-shape": "triangle", width: 1, "line-color": "#cbd5e0",
                                    "target-arrow-color": "#cbd5e0", color: "#4a5568" } },
    ],
  });
  cy.on("tap", "node", (event) => (window.location.href = resourcePage(event.target.id())));
}

document.getElementById("ends").addEventListener("submit", async (event) => {
  event.preventDefault();
  const status = document.getElementById("status");
  status.textContent = "Looking…";
  try {
    const [from, to] = [await resolve("from"), await resolve("to")];
    const max = document.getElementById("max").value;
    const response = await fetch(`/paths?max=${max}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    if (!response.ok) throw new Error(await response.text());
    const answer = await response.json();
    const count = answer.paths.length;
    status.textContent = count
      ? `${count} shortest connection${count > 1 ? "s" : ""}, ${answer.paths[0].length} links long.`
      : `No connection within ${max} links.`;
    draw(answer);
  } catch (e) {
    status.textContent = e.message;
    draw({ paths: [], labels: {} });
  }
});
