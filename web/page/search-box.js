// The header's box on every page: a name or an IRI. As a name is typed, GET /search suggests
// resources (type-ahead); choosing one, or pressing Enter, opens its resource page. An IRI (or
// a name, without this script) goes to /resource?iri=…, which leads a name to its best match.
"use strict";

// Type-ahead on one input: `choose(result)` is called with the chosen /search result.
function attachSearch(input, choose) {
  const list = document.createElement("ul");
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.insertAdjacentElement("afterend", list);
  input.parentElement.classList.add("has-suggestions");
  let results = [];
  let active = -1;
  let timer = 0;
  let asked = 0;

  const show = () => {
    list.replaceChildren(
      ...results.map((r, i) => {
        const item = document.createElement("li");
        item.setAttribute("role", "option");
        item.className = i === active ? "active" : "";
        const label = document.createElement("span");
        label.className = "label";
        label.textContent = r.label;
        const type = document.createElement("span");
        type.className = "type";
        const t = r.types[0] || "";
        type.textContent = t.slice(Math.max(t.lastIndexOf("#"), t.lastIndexOf("/")) + 1);
        item.append(label, type);
        item.title = r.iri;
        item.addEventListener("mousedown", (event) => {
          event.preventDefault(); // before the input loses focus
          list.hidden = true;
          choose(r);
        });
        return item;
      }),
    );
    list.hidden = results.length === 0;
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2 || /^[a-z][a-z0-9+.-]*:/i.test(text)) {
      results = [];
      show();
      return;
    }
    timer = setTimeout(async () => {
      const ticket = ++asked;
      const response = await fetch("/search?limit=8&q=" + encodeURIComponent(text));
      if (ticket !== asked) return; // a later keystroke's answer wins
      results = response.ok ? (await response.json()).results : [];
      active = -1;
      show();
    }, 120);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!results.length) return;
      event.preventDefault();
      active = (active + (event.key === "ArrowDown" ? 1 : results.length - 1)) % results.length;
      show();
    } else if (event.key === "Enter" && results.length && !list.hidden) {
      event.preventDefault();
      list.hidden = true;
      choose(results[Math.max(active, 0)]);
    } else if (event.key === "Escape") {
      list.hidden = true;
    }
  });
  input.addEventListener("blur", () => setTimeout(() => (list.hidden = true), 150));
}

const resourcePage = (iri) => "/resource?iri=" + encodeURIComponent(iri);

for (const input of document.querySelectorAll("header form.find input[name=iri]"))
  attachSearch(input, (r) => (window.location.href = resourcePage(r.iri)));
