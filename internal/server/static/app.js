// sitrep's dashboard: one page, plain JavaScript, no third-party code.
// Article text is untrusted: it is only ever set as text (textContent,
// createTextNode), never parsed as markup, and links are followed only to
// this page's own views or to http(s) addresses.
"use strict";

const TYPES = ["ASSAULT", "COERCE", "MOBILIZE", "THREATEN", "PROTEST", "SANCTION", "ACCUSE", "REJECT", "REQUEST",
  "RETREAT", "AID", "SUPPORT", "COOPERATE", "AGREE", "CONSULT", "CONCEDE"];
const MODALITIES = ["asserted", "planned", "possible", "demanded", "threatened", "denied", "conditional", "background"];
const COLORS = {
  ASSAULT: "#c62828", COERCE: "#ef6c00", MOBILIZE: "#6d4c41", THREATEN: "#ad1457", PROTEST: "#f9a825",
  SANCTION: "#5e35b1", ACCUSE: "#8e24aa", REJECT: "#546e7a", REQUEST: "#00838f", RETREAT: "#9e9d24",
  AID: "#2e7d32", SUPPORT: "#43a047", COOPERATE: "#1565c0", AGREE: "#0277bd", CONSULT: "#26a69a", CONCEDE: "#78909c",
};
const FILTERS = ["type", "actor", "place", "modality", "since", "until", "q"];
const SVGNS = "http://www.w3.org/2000/svg";

// el builds an element; strings among children become text nodes.
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  setAttrs(e, attrs);
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function svg(tag, attrs, ...children) {
  const e = document.createElementNS(SVGNS, tag);
  setAttrs(e, attrs);
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function setAttrs(e, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "onclick" || k === "onchange" || k === "onsubmit" || k === "oninput") e.addEventListener(k.slice(2), v);
    else if (k === "href") e.setAttribute("href", safeHref(v));
    else e.setAttribute(k, v);
  }
}

// safeHref lets through the page's own views and http(s) addresses only.
function safeHref(v) {
  v = String(v);
  if (v.startsWith("#/") || v.startsWith("/api/")) return v;
  try {
    const u = new URL(v, location.href);
    if (u.protocol === "http:" || u.protocol === "https:") return u.href;
  } catch (e) { /* not an address */ }
  return "#/";
}

function color(type) { return COLORS[type] || "#607d8b"; }

function badge(text, cls) { return el("span", { class: "badge " + (cls || "") }, text); }

function typeBadge(type) { const b = badge(type); b.style.background = color(type); return b; }

function modBadge(m, negated) { return badge(negated ? m + ", negated" : m, "mod-" + m); }

// The route: a view name, an argument, and parameters, all in the hash.
function route() {
  const h = location.hash.replace(/^#\/?/, "");
  const [path, query] = h.split("?");
  const parts = path.split("/").map(decodeURIComponent);
  return { view: parts[0] || "overview", arg: parts.slice(1).join("/"), params: new URLSearchParams(query || "") };
}

function go(view, params, arg) {
  const qs = params && params.toString();
  location.hash = "#/" + (view === "overview" ? "" : view) + (arg ? "/" + encodeURIComponent(arg) : "") + (qs ? "?" + qs : "");
}

async function api(path, params) {
  const qs = params && params.toString();
  const res = await fetch("/api/v1/" + path + (qs ? "?" + qs : ""), { headers: { Accept: "application/json" } });
  let body;
  try { body = await res.json(); } catch (e) { throw new Error(path + ": HTTP " + res.status); }
  if (body.error) throw new Error(body.error.message);
  return body;
}

function filterParams(params) {
  const out = new URLSearchParams();
  for (const k of FILTERS) if (params.get(k)) out.set(k, params.get(k));
  return out;
}

function fmtDate(d) { return d ? String(d).slice(0, 10) : "—"; }

function actorLabel(a) { return a ? (a.name || a.text) + (a.code ? " (" + a.code + ")" : "") : "—"; }

function placeLabel(p) {
  if (!p) return "—";
  return (p.relation ? p.relation + " " : "") + p.name + " · " + p.precision;
}

// ---------------------------------------------------------------- filters

function setupFilters() {
  const f = document.getElementById("filters");
  const typeSel = f.elements.type, modSel = f.elements.modality;
  for (const t of TYPES) typeSel.append(el("option", { value: t }, t));
  for (const m of MODALITIES) modSel.append(el("option", { value: m }, m));
  f.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const r = route();
    const p = new URLSearchParams();
    for (const k of FILTERS) if (f.elements[k].value.trim()) p.set(k, f.elements[k].value.trim());
    if (r.view === "numbers" && r.params.get("unit")) p.set("unit", r.params.get("unit"));
    go(["overview", "events", "map", "actors", "numbers"].includes(r.view) ? r.view : "events", p);
  });
  document.getElementById("clear").addEventListener("click", () => {
    const r = route();
    go(["overview", "events", "map", "actors"].includes(r.view) ? r.view : "events", new URLSearchParams());
  });
  document.getElementById("search").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = ev.target.elements.q.value.trim();
    if (q) go("search", new URLSearchParams({ q }));
  });
}

function syncFilters(params, show) {
  const f = document.getElementById("filters");
  f.classList.toggle("hidden", !show);
  for (const k of FILTERS) f.elements[k].value = params.get(k) || "";
}

// ---------------------------------------------------------------- views

const views = {
  async overview(r, main) {
    const fp = filterParams(r.params);
    const stats = (await api("stats")).data;
    main.append(el("h1", {}, "Overview"),
      el("div", { class: "cards" },
        card(stats.incidents, "events", "real-world events, once merged"),
        card(stats.events, "reports", "event reports in documents"),
        card(stats.documents, "documents", (stats.first || "?") + " to " + (stats.last || "?")),
        card(stats.sources.length, "outlets", ""),
        card(stats.stories, "stories", stats.stories_shared + " told by several documents")));
    const grid = el("div", { class: "grid2" });
    const tl = el("div", { class: "panel" }), mp = el("div", { class: "panel" });
    grid.append(tl, mp);
    main.append(grid);
    const latest = el("div", { class: "panel" });
    main.append(latest);
    await Promise.all([timelinePanel(tl, fp, "overview"), mapPanel(mp, fp, true), eventsPanel(latest, fp, 10, "Latest events")]);
  },

  async events(r, main) {
    const fp = filterParams(r.params);
    main.append(el("h1", {}, "Events"));
    const tl = el("div", { class: "panel" });
    const list = el("div", {});
    main.append(tl, list);
    await Promise.all([timelinePanel(tl, fp, "events"), eventsPanel(list, fp, 50, null)]);
  },

  async event(r, main) {
    const ev = (await api("events/" + encodeURIComponent(r.arg))).data;
    main.append(el("h1", {}, ev.type + (ev.mode ? " · " + ev.mode : "") + ": " + ev.trigger),
      el("p", {}, typeBadge(ev.type), " ", modBadge(ev.modality, ev.negated), " ",
        el("span", { class: "muted" }, "reported by " + ev.source_count + " outlet" + (ev.source_count === 1 ? "" : "s") +
          " in " + ev.reports + " report" + (ev.reports === 1 ? "" : "s") + ", first on " + fmtDate(ev.first_reported))));
    const facts = el("dl", { class: "facts" });
    const fact = (k, v) => facts.append(el("dt", {}, k), el("dd", {}, v));
    fact("Who", (ev.sources || []).map(actorLabel).join(", ") || "—");
    fact("To whom", (ev.targets || []).map(actorLabel).join(", ") || "—");
    fact("When", ev.date ? ev.date + " (" + ev.date_precision + ")" : "—");
    fact("Where", placeLabel(ev.place));
    if (ev.claimant) fact("According to", ev.claimant);
    const nums = [["size", ev.size], ["killed", ev.fatalities], ["injured", ev.injured]].filter(([, v]) => v !== null);
    fact("How many", nums.length ? nums.map(([k, v]) => v + " " + k).join(", ") : "—");
    fact("Confidence", String(ev.confidence));
    main.append(el("div", { class: "panel" }, facts));
    main.append(el("h2", {}, "Evidence"));
    const ol = el("ol", { class: "evidence" });
    for (const e of ev.evidence) {
      ol.append(el("li", {},
        el("div", { class: "sentence" }, "“", e.sentence, "”"),
        el("div", { class: "muted" }, fmtDate(e.published), " · ", e.source || "unknown outlet", " · ",
          el("a", { href: "#/doc/" + encodeURIComponent(e.document) }, e.title || e.document), " · ",
          modBadge(e.modality), e.why ? " · merged: " + e.why : "")));
    }
    main.append(ol);
  },

  async doc(r, main) {
    const res = (await api("documents/" + encodeURIComponent(r.arg))).data;
    const d = res.document;
    main.append(el("h1", {}, d.title || d.id),
      el("p", { class: "muted" }, fmtDate(d.published), " · ", d.source || "unknown outlet", " · ",
        d.url ? el("a", { href: d.url, rel: "noopener noreferrer nofollow", target: "_blank" }, d.url) : "no address",
        d.story ? " · story " + d.story : "", d.duplicate_of ? " · copy of " : "",
        d.duplicate_of ? el("a", { href: "#/doc/" + encodeURIComponent(d.duplicate_of) }, d.duplicate_of) : ""));
    const reader = el("div", { class: "reader", id: "reader" });
    const legend = el("div", { class: "legend" });
    for (const kind of ["actor", "place", "date", "quantity", "trigger"]) {
      const box = el("input", { type: "checkbox", checked: "checked", "data-kind": kind });
      box.addEventListener("change", () => reader.classList.toggle("hide-" + kind, !box.checked));
      legend.append(el("label", {}, box, " ", el("mark", { class: kind }, { actor: "actors", place: "places", date: "dates", quantity: "amounts", trigger: "event triggers" }[kind])));
    }
    legend.classList.add("reader-legend");
    main.append(legend, reader);
    renderHighlighted(reader, d.title ? d.text : d.text, res.highlights);
    main.append(el("h2", {}, "Events in this document"));
    const ul = el("ul", {});
    for (const e of res.events) {
      ul.append(el("li", {}, typeBadge(e.type), " ", modBadge(e.modality, e.negated), " ",
        el("a", { href: "#/event/" + encodeURIComponent(e.document + ":" + e.index) }, e.trigger), " — ",
        el("span", { class: "muted" }, e.sentence)));
    }
    if (!res.events.length) ul.append(el("li", { class: "muted" }, "none"));
    main.append(ul);
  },

  async map(r, main) {
    const fp = filterParams(r.params);
    main.append(el("h1", {}, "Map"));
    const p = el("div", { class: "panel" });
    main.append(p);
    await mapPanel(p, fp, false);
  },

  async actors(r, main) {
    const fp = filterParams(r.params);
    const a = (await api("actors", withParam(fp, "top", "16"))).data;
    main.append(el("h1", {}, "Actors"),
      el("p", { class: "muted" }, a.events + " events read" + (a.truncated ? " (the newest only: narrow the filters)" : "")));
    const grid = el("div", { class: "grid2" });
    const net = el("div", { class: "panel network" }, el("h2", {}, "Who acts on whom"));
    const act = el("div", { class: "panel" }, el("h2", {}, "Activity by week"));
    grid.append(net, act);
    main.append(grid);
    drawNetwork(net, a);
    const weeks = [...new Set(a.actors.flatMap((x) => x.series.map((s) => s.period)))].sort();
    const t = el("table", {}, el("tr", {}, el("th", {}, "Actor"), el("th", {}, "Events"), el("th", {}, "As source"),
      el("th", {}, "As target"), el("th", {}, weeks.length ? weeks[0] + " to " + weeks[weeks.length - 1] : "")));
    for (const x of a.actors) {
      const p = withParam(fp, "actor", x.code);
      t.append(el("tr", {}, el("td", {}, el("a", { href: "#/events?" + p }, x.name || x.code), " ", el("span", { class: "muted" }, x.code)),
        el("td", { class: "num" }, x.events), el("td", { class: "num" }, x.as_source), el("td", { class: "num" }, x.as_target),
        el("td", {}, sparkline(weeks, x.series))));
    }
    act.append(t);
  },

  async numbers(r, main) {
    const unit = r.params.get("unit") || "troops";
    const form = el("form", { class: "panel" }, el("label", {}, "Claims of ", el("input", { name: "unit", value: unit, size: 14 })),
      " ", el("button", { type: "submit" }, "Show"));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const p = new URLSearchParams(r.params);
      p.set("unit", form.elements.unit.value.trim());
      go("numbers", p);
    });
    main.append(el("h1", {}, "Numbers"), form);
    const qp = new URLSearchParams({ unit, limit: "1000" });
    for (const k of ["since", "until"]) if (r.params.get(k)) qp.set(k, r.params.get(k));
    const claims = (await api("quantities", qp)).data;
    const panel = el("div", { class: "panel" });
    main.append(panel);
    drawClaims(panel, unit, claims);
  },

  async stories(r, main) {
    const p = new URLSearchParams({ limit: "50", min_size: r.params.get("min_size") || "2" });
    const body = await api("stories", p);
    main.append(el("h1", {}, "Stories"), el("p", { class: "muted" }, "Developments told by several documents, latest first."));
    const t = el("table", {}, el("tr", {}, el("th", {}, "Story"), el("th", {}, "First seen"), el("th", {}, "Documents"), el("th", {}, "Outlets")));
    for (const s of body.data) {
      const members = el("ul", {}, s.members.map((m) => el("li", {}, el("a", { href: "#/doc/" + encodeURIComponent(m.id) }, m.title || m.id),
        el("span", { class: "muted" }, " · " + (m.source || "") + " · " + fmtDate(m.published) + (m.duplicate_of ? " · copy" : "")))));
      t.append(el("tr", {}, el("td", {}, el("b", {}, s.title), members), el("td", {}, fmtDate(s.first_seen)),
        el("td", { class: "num" }, s.documents), el("td", { class: "num" }, s.sources)));
    }
    main.append(t);
  },

  async report(r, main) {
    const p = new URLSearchParams();
    for (const k of ["since", "until"]) if (r.params.get(k)) p.set(k, r.params.get(k));
    const rep = (await api("report", p)).data;
    const form = el("form", { id: "report-period", class: "inline" },
      el("label", {}, "From ", el("input", { name: "since", type: "date", value: rep.since })),
      el("label", {}, " to ", el("input", { name: "until", type: "date", value: rep.until })),
      el("button", { type: "submit" }, "Report"),
      " ", el("a", { href: "/report?since=" + rep.since + "&until=" + rep.until, id: "report-html" }, "the report as a page to send on"));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      location.hash = "#/report?" + new URLSearchParams({ since: form.elements.since.value, until: form.elements.until.value });
    });
    main.append(el("h1", {}, "Situation report, " + rep.since + " to " + rep.until), form,
      el("p", { class: "muted" }, `${rep.events} events, each counted once, against ${rep.previous_events} from ${rep.previous_since} to ${rep.previous_until}.` +
        (rep.truncated ? " The period held more events than were read; the counts are of the newest." : "")));
    const sources = new Map(rep.sources.map((s) => [s.n, s]));
    const refs = (ns) => el("sup", {}, ns.map((n, i) => [i ? ", " : "",
      el("a", { href: "#/doc/" + encodeURIComponent(sources.get(n).document), title: sources.get(n).outlet + ": " + sources.get(n).title }, String(n))]));
    const items = (id, title, its, none) => {
      const box = el("section", { class: "panel", id }, el("h2", {}, title));
      if (!its.length) box.append(el("p", { class: "muted" }, none));
      const ol = el("ol", { class: "report-items" });
      for (const it of its) {
        ol.append(el("li", {}, typeBadge(it.type), " ", modBadge(it.modality, false), " ",
          el("a", { href: "#/event/" + encodeURIComponent(it.incident) }, it.summary), " ", refs(it.refs),
          el("blockquote", {}, it.sentence)));
      }
      box.append(ol);
      return box;
    };
    main.append(items("report-key", "Key developments", rep.key, "Nothing was reported as having happened."),
      items("report-pending", "Planned, demanded or threatened, not (yet) happened", rep.pending, "Nothing was reported as planned, demanded or threatened."));
    const grid = el("div", { class: "grid2" });
    for (const [title, rows] of [["Events by type", rep.by_type], ["Events by place", rep.by_place], ["Most active actors", rep.actors]]) {
      grid.append(el("section", { class: "panel" }, el("h2", {}, title), compareChart(rows, rep)));
    }
    main.append(grid);
    const claims = el("section", { class: "panel", id: "report-claims" }, el("h2", {}, "Numbers claimed"));
    if (!rep.claims.length) claims.append(el("p", { class: "muted" }, "No amount was claimed more than once."));
    for (const c of rep.claims) {
      claims.append(el("h3", {}, c.unit, c.disagree ? el("span", { class: "contradiction" }, ` — claims disagree, from ${c.low.toLocaleString()} to ${c.high.toLocaleString()}`) : ""));
      const t = el("table", {});
      for (const cl of c.claims) {
        t.append(el("tr", {}, el("td", { class: "num" }, (cl.increment ? "+" : "") + (cl.approximate ? "~" : "") + cl.value.toLocaleString()), el("td", {}, cl.claimant || "—"),
          el("td", {}, cl.date || "—"), el("td", {}, cl.sentence, " ", refs([cl.ref]))));
      }
      claims.append(t);
    }
    main.append(claims);
    const src = el("ol", { id: "report-sources" });
    for (const s of rep.sources) {
      src.append(el("li", {}, el("a", { href: "#/doc/" + encodeURIComponent(s.document) }, s.title || s.document),
        el("span", { class: "muted" }, " · " + (s.outlet || "") + " · " + (s.published || ""))));
    }
    main.append(el("section", { class: "panel" }, el("h2", {}, "Sources"), src));
  },

  async search(r, main) {
    const q = r.params.get("q") || "";
    document.querySelector("#search input").value = q;
    main.append(el("h1", {}, "Search: ", q));
    const docs = el("div", { class: "panel" }, el("h2", {}, "Documents"));
    const evs = el("div", {});
    main.append(docs, evs);
    const fp = filterParams(r.params);
    const body = await api("documents", new URLSearchParams({ q, limit: "20" }));
    const ul = el("ul", {});
    for (const h of body.data) {
      ul.append(el("li", {}, el("a", { href: "#/doc/" + encodeURIComponent(h.id) }, h.title || h.id),
        el("span", { class: "muted" }, " · " + (h.source || "") + " · " + fmtDate(h.published)), el("div", {}, snippet(h.snippet))));
    }
    if (!body.data.length) ul.append(el("li", { class: "muted" }, "no documents match"));
    docs.append(ul);
    await eventsPanel(evs, fp, 20, "Events in matching documents");
  },
};

// compareChart draws a report's comparison: a bar for the period and a
// thinner one for the period before, on one scale.
function compareChart(rows, rep) {
  if (!rows.length) return el("p", { class: "muted" }, "None.");
  const most = Math.max(1, ...rows.map((c) => Math.max(c.now, c.before)));
  const W = 360, L = 170;
  const s = svg("svg", { viewBox: `0 0 ${L + W + 90} ${8 + rows.length * 26}`, role: "img", class: "compare",
    "aria-label": `${rep.since} to ${rep.until} against ${rep.previous_since} to ${rep.previous_until}` });
  rows.forEach((c, i) => {
    const y = 4 + i * 26;
    const change = c.before ? `${c.now >= c.before ? "+" : ""}${Math.round((c.now - c.before) * 100 / c.before)}%` : (c.now ? "new" : "–");
    s.append(svg("text", { x: 0, y: y + 11, class: "axis" }, c.label),
      svg("rect", { x: L, y, width: W * c.now / most, height: 10, fill: "#1f5fa8" }, svg("title", {}, c.now + " in the period")),
      svg("rect", { x: L, y: y + 13, width: W * c.before / most, height: 6, fill: "#b8c4d6" }, svg("title", {}, c.before + " in the period before")),
      svg("text", { x: L + 6 + W * c.now / most, y: y + 11, class: "axis" }, `${c.now} (${change})`));
  });
  return s;
}

function card(n, what, note) { return el("div", { class: "card" }, el("b", {}, n), what, note ? el("div", { class: "muted" }, note) : ""); }

function withParam(p, k, v) { const q = new URLSearchParams(p); q.set(k, v); return q; }

// snippet shows a search snippet with its **matches** in bold, as text.
function snippet(s) {
  const out = el("span", { class: "muted" });
  String(s).split("**").forEach((part, i) => out.append(i % 2 ? el("b", {}, part) : document.createTextNode(part)));
  return out;
}

// renderHighlighted writes text into box with the highlights marked;
// offsets are UTF-16, as JavaScript strings count.
function renderHighlighted(box, text, hs) {
  const cuts = new Set([0, text.length]);
  for (const h of hs) { cuts.add(h.utf16[0]); cuts.add(h.utf16[1]); }
  const points = [...cuts].filter((c) => c >= 0 && c <= text.length).sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const over = hs.filter((h) => h.utf16[0] <= a && h.utf16[1] >= b);
    let node = document.createTextNode(text.slice(a, b));
    // Wrap from the widest to the narrowest, so the innermost shows.
    for (const h of over) {
      const m = el("mark", { class: h.kind, title: h.kind + ": " + h.label });
      m.append(node);
      node = m;
    }
    box.append(node);
  }
}

// ---------------------------------------------------------------- events table

async function eventsPanel(box, fp, limit, title) {
  if (title) box.append(el("h2", {}, title));
  const table = el("table", { class: "events" });
  const cols = [["published", "Reported"], ["type", "Type"], ["modality", "Modality"], ["who", "Who → whom"],
    ["place", "Where"], ["source_count", "Outlets"], ["sentence", "What the text says"]];
  const head = el("tr", {});
  let rows = [], sortKey = null, sortDir = 1;
  const body = el("tbody", {});
  const key = (e, k) => k === "who" ? actorLabel(e.source_actor) : k === "place" ? (e.place ? e.place.name : "") : e[k];
  const render = () => {
    body.replaceChildren();
    const shown = sortKey ? [...rows].sort((a, b) => {
      const x = key(a, sortKey), y = key(b, sortKey);
      return (x > y ? 1 : x < y ? -1 : 0) * sortDir;
    }) : rows;
    for (const e of shown) {
      const ref = e.document + ":" + e.index;
      body.append(el("tr", { "data-ref": ref },
        el("td", {}, fmtDate(e.published)), el("td", {}, typeBadge(e.type)), el("td", {}, modBadge(e.modality, e.negated)),
        el("td", {}, actorLabel(e.source_actor), " → ", actorLabel(e.target_actor)),
        el("td", {}, placeLabel(e.place)), el("td", { class: "num" }, e.source_count),
        el("td", {}, el("a", { href: "#/event/" + encodeURIComponent(ref), class: "event-link" }, e.trigger), " — ",
          el("span", { class: "muted" }, e.sentence))));
    }
  };
  for (const [k, label] of cols) {
    const th = el("th", { "data-key": k }, label);
    th.addEventListener("click", () => {
      sortDir = sortKey === k ? -sortDir : 1;
      sortKey = k;
      head.querySelectorAll("th").forEach((t) => t.classList.remove("sorted-asc", "sorted-desc"));
      th.classList.add(sortDir > 0 ? "sorted-asc" : "sorted-desc");
      render();
    });
    head.append(th);
  }
  table.append(el("thead", {}, head), body);
  box.append(table);
  const more = el("div", { class: "more" });
  box.append(more);
  const load = async (cursor) => {
    const p = new URLSearchParams(fp);
    p.set("limit", String(limit));
    if (cursor) p.set("cursor", cursor);
    const res = await api("events", p);
    rows = rows.concat(res.data);
    render();
    more.replaceChildren();
    if (!rows.length) more.append(el("p", { class: "muted" }, "No events match these filters."));
    if (res.next && limit >= 50) {
      const b = el("button", { type: "button" }, "More events");
      b.addEventListener("click", () => load(res.next));
      more.append(b);
    }
  };
  await load(null);
}

// ---------------------------------------------------------------- timeline

async function timelinePanel(box, fp, view) {
  // Months over years, weeks over months, days over weeks.
  const probe = (await api("timeline", withParam(fp, "interval", "month"))).data;
  const periods = [...new Set(probe.map((c) => c.period))].sort();
  const span = periods.length ? daysBetween(periods[0], periods[periods.length - 1]) : 0;
  let interval = "month", counts = probe;
  if (span <= 150) {
    interval = span <= 60 ? "day" : "week";
    counts = (await api("timeline", withParam(fp, "interval", interval))).data;
  }
  box.append(el("h2", {}, "Events by " + interval + " and type"),
    el("p", { class: "muted" }, "Drag across the chart to pick a period; each real-world event counts once."));
  const chart = el("div", { class: "chart", id: "timeline" });
  box.append(chart);
  if (!counts.length) { chart.append(el("p", { class: "muted" }, "No dated events match these filters.")); return; }
  drawTimeline(chart, counts, interval, (since, until) => {
    const p = new URLSearchParams(fp);
    p.set("since", since); p.set("until", until);
    go(view === "overview" ? "events" : view, p);
  });
  const types = [...new Set(counts.map((c) => c.type))];
  box.append(el("div", { class: "legend" }, types.map((t) => el("span", {}, el("span", { class: "swatch" }), t))));
  box.querySelectorAll(".legend .swatch").forEach((s, i) => { s.style.background = color(types[i]); });
}

function daysBetween(a, b) { return (Date.parse(b) - Date.parse(a)) / 864e5; }

function addDays(day, n) { const d = new Date(Date.parse(day) + n * 864e5); return d.toISOString().slice(0, 10); }

// nextPeriod returns the start of the period after p.
function nextPeriod(p, interval) {
  if (interval !== "month") return addDays(p, interval === "week" ? 7 : 1);
  const d = new Date(Date.parse(p));
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

function drawTimeline(box, counts, interval, pick) {
  const first = counts[0].period, last = counts[counts.length - 1].period;
  const periods = [];
  for (let d = first; d <= last; d = nextPeriod(d, interval)) periods.push(d);
  const byPeriod = new Map(periods.map((p) => [p, []]));
  for (const c of counts) (byPeriod.get(c.period) || []).push(c);
  const totals = periods.map((p) => byPeriod.get(p).reduce((n, c) => n + c.events, 0));
  const maxN = Math.max(1, ...totals);
  const W = 900, H = 200, L = 34, B = 20, bw = (W - L) / periods.length;
  const s = svg("svg", { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: "none", role: "img", "aria-label": "events over time" });
  s.append(svg("text", { x: 2, y: 10, class: "axis" }, maxN), svg("text", { x: 2, y: H - B, class: "axis" }, "0"),
    svg("line", { x1: L, y1: H - B, x2: W, y2: H - B, stroke: "#ccc" }));
  periods.forEach((p, i) => {
    let y = H - B;
    for (const c of byPeriod.get(p)) {
      const h = (c.events / maxN) * (H - B - 12);
      y -= h;
      s.append(svg("rect", { x: L + i * bw + 0.5, y, width: Math.max(bw - 1, 0.5), height: h, fill: color(c.type), class: "bar",
        "data-period": p, "data-type": c.type }, svg("title", {}, `${p}: ${c.events} ${c.type}`)));
    }
  });
  const labels = Math.min(periods.length, 6);
  for (let k = 0; k < labels; k++) {
    const i = Math.round((k * (periods.length - 1)) / Math.max(labels - 1, 1));
    s.append(svg("text", { x: L + i * bw, y: H - 5, class: "axis" }, periods[i]));
  }
  const brush = svg("rect", { class: "brush", x: 0, y: 0, width: 0, height: H - B, visibility: "hidden" });
  s.append(brush);
  let start = null;
  const at = (ev) => {
    const r = s.getBoundingClientRect();
    return Math.min(W, Math.max(L, ((ev.clientX - r.left) / r.width) * W));
  };
  s.addEventListener("pointerdown", (ev) => { start = at(ev); brush.setAttribute("visibility", "visible"); s.setPointerCapture(ev.pointerId); });
  s.addEventListener("pointermove", (ev) => {
    if (start === null) return;
    const x = at(ev);
    brush.setAttribute("x", Math.min(start, x)); brush.setAttribute("width", Math.abs(x - start));
  });
  s.addEventListener("pointerup", (ev) => {
    if (start === null) return;
    const x = at(ev), a = Math.min(start, x), b = Math.max(start, x);
    start = null;
    const i = Math.max(0, Math.floor((a - L) / bw)), j = Math.min(periods.length - 1, Math.floor((b - L) / bw));
    pick(periods[i], addDays(nextPeriod(periods[j], interval), -1));
  });
  box.append(s);
}

function sparkline(weeks, series) {
  const W = 160, H = 24;
  const byWeek = new Map(series.map((s) => [s.period, s.events]));
  const maxN = Math.max(1, ...series.map((s) => s.events));
  const s = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H });
  const bw = W / Math.max(weeks.length, 1);
  weeks.forEach((w, i) => {
    const n = byWeek.get(w) || 0;
    if (n) s.append(svg("rect", { x: i * bw, y: H - (n / maxN) * H, width: Math.max(bw - 0.5, 0.5), height: (n / maxN) * H, fill: "#1f5fa8" },
      svg("title", {}, w + ": " + n)));
  });
  return s;
}

// ---------------------------------------------------------------- actors network

function drawNetwork(box, a) {
  const W = 560, H = 440, R = 170, cx = W / 2, cy = H / 2;
  const codes = a.actors.map((x) => x.code);
  const pos = new Map();
  codes.forEach((c, i) => {
    const t = (2 * Math.PI * i) / Math.max(codes.length, 1) - Math.PI / 2;
    pos.set(c, [cx + R * Math.cos(t), cy + R * Math.sin(t)]);
  });
  const s = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "actor network" });
  s.append(svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 16, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto" },
    svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#8a94a0" }))));
  const maxL = Math.max(1, ...a.links.map((l) => l.events));
  for (const l of a.links) {
    const p = pos.get(l.source), q = pos.get(l.target);
    if (!p || !q) continue;
    s.append(svg("line", { x1: p[0], y1: p[1], x2: q[0], y2: q[1], stroke: "#8a94a0", "stroke-width": 1 + (4 * l.events) / maxL,
      "stroke-opacity": 0.6, "marker-end": "url(#arrow)", class: "link" },
      svg("title", {}, `${l.source_name || l.source} → ${l.target_name || l.target}: ${l.events} events`)));
  }
  const maxA = Math.max(1, ...a.actors.map((x) => x.events));
  for (const x of a.actors) {
    const [px, py] = pos.get(x.code);
    const g = svg("a", { href: "#/events?actor=" + encodeURIComponent(x.code), class: "node" });
    g.append(svg("circle", { cx: px, cy: py, r: 5 + (9 * x.events) / maxA, fill: "#1f5fa8", "fill-opacity": 0.8 },
      svg("title", {}, `${x.name || x.code} (${x.code}): ${x.events} events`)),
    svg("text", { x: px + (px >= cx ? 14 : -14), y: py + 4, "text-anchor": px >= cx ? "start" : "end" }, x.name || x.code));
    s.append(g);
  }
  if (!a.links.length) box.append(el("p", { class: "muted" }, "No events with both a source and a target match."));
  box.append(s);
}

// ---------------------------------------------------------------- numbers

// drawClaims plots each claimed amount over time, linked to its sentence;
// claims of one month that differ by more than half are contradictions.
function drawClaims(box, unit, claims) {
  const pts = claims.filter((c) => c.published).map((c) => ({ c, t: Date.parse(String(c.published).slice(0, 10)), v: c.value }));
  if (!pts.length) { box.append(el("p", { class: "muted" }, "No dated claims of “" + unit + "”.")); return; }
  const months = new Map();
  for (const p of pts) {
    const m = String(p.c.published).slice(0, 7);
    if (!months.has(m)) months.set(m, []);
    months.get(m).push(p);
  }
  const disputed = [];
  for (const [m, all] of months) {
    // "3,000 more troops" is a change, not a level: it disputes nothing.
    const ps = all.filter((p) => !/\b(more|additional|extra|another|further)\b/i.test(p.c.text || ""));
    const lo = Math.min(...ps.map((p) => p.v)), hi = Math.max(...ps.map((p) => p.v));
    if (ps.length > 1 && lo > 0 && hi / lo > 1.5) { disputed.push([m, ps]); ps.forEach((p) => { p.disputed = true; }); }
  }
  const W = 900, H = 280, L = 60, B = 24;
  const t0 = Math.min(...pts.map((p) => p.t)), t1 = Math.max(...pts.map((p) => p.t));
  const vmax = Math.max(...pts.map((p) => p.v)), vmin = Math.min(...pts.map((p) => p.v));
  const log = vmin > 0 && vmax / vmin > 100;
  const y = (v) => {
    const f = log ? (Math.log10(v) - Math.log10(vmin)) / Math.max(Math.log10(vmax) - Math.log10(vmin), 1e-9) : v / (vmax || 1);
    return H - B - f * (H - B - 14);
  };
  const x = (t) => L + ((t - t0) / Math.max(t1 - t0, 1)) * (W - L - 14);
  const s = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "claims over time", id: "claims" });
  s.append(svg("text", { x: 2, y: 12, class: "axis" }, vmax.toLocaleString()), svg("text", { x: 2, y: H - B, class: "axis" }, log ? vmin.toLocaleString() : "0"),
    svg("text", { x: L, y: H - 6, class: "axis" }, new Date(t0).toISOString().slice(0, 10)),
    svg("text", { x: W - 80, y: H - 6, class: "axis" }, new Date(t1).toISOString().slice(0, 10)),
    svg("line", { x1: L, y1: H - B, x2: W, y2: H - B, stroke: "#ccc" }));
  for (const p of pts) {
    const a = svg("a", { href: "#/doc/" + encodeURIComponent(p.c.document), class: "claim" });
    a.append(svg("circle", { cx: x(p.t), cy: y(p.v), r: 5, fill: p.disputed ? "#b3261e" : "#1f5fa8", "fill-opacity": 0.75 },
      svg("title", {}, `${p.v.toLocaleString()} ${unit} · ${p.c.claimant || p.c.source || "unattributed"} · ${fmtDate(p.c.published)}\n${p.c.sentence}`)));
    s.append(a);
  }
  box.append(el("h2", {}, "Claimed “" + unit + "” over time (" + pts.length + " claims" + (log ? ", log scale" : "") + ")"), s);
  if (disputed.length) {
    box.append(el("h2", { class: "contradiction" }, "Claims that disagree within a month"));
    const ul = el("ul", { class: "disputes" });
    for (const [m, ps] of disputed) {
      ul.append(el("li", {}, el("b", {}, m), ": ", ps.map((p, i) => [i ? "; " : "", p.v.toLocaleString(), " (",
        p.c.claimant || p.c.source || "unattributed", ", ", el("a", { href: "#/doc/" + encodeURIComponent(p.c.document) }, "source"), ")"])));
    }
    box.append(ul);
  }
  const t = el("table", {}, el("tr", {}, el("th", {}, "Published"), el("th", {}, "Amount"), el("th", {}, "Who says"), el("th", {}, "Sentence")));
  for (const p of [...pts].sort((a, b) => a.t - b.t)) {
    t.append(el("tr", {}, el("td", {}, fmtDate(p.c.published)),
      el("td", { class: "num" + (p.disputed ? " contradiction" : "") }, (p.c.approximate ? "~" : "") + p.v.toLocaleString()),
      el("td", {}, p.c.claimant || el("span", { class: "muted" }, p.c.source || "—")),
      el("td", {}, el("a", { href: "#/doc/" + encodeURIComponent(p.c.document) }, p.c.sentence))));
  }
  box.append(t);
}

// ---------------------------------------------------------------- map

let borders = null; // decoded country outlines, fetched once

async function loadBorders() {
  if (borders !== null) return borders;
  try {
    const res = await fetch("/static/vendor/countries-50m.json");
    borders = res.ok ? topoPaths(await res.json()) : [];
  } catch (e) { borders = []; }
  return borders;
}

// topoPaths decodes a TopoJSON topology's countries into rings of
// [lon, lat] points.
function topoPaths(topo) {
  const tf = topo.transform;
  const arcs = topo.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => {
      x += dx; y += dy;
      return tf ? [x * tf.scale[0] + tf.translate[0], y * tf.scale[1] + tf.translate[1]] : [dx, dy];
    });
  });
  const ring = (ids) => {
    const pts = [];
    for (const id of ids) {
      const a = id < 0 ? [...arcs[~id]].reverse() : arcs[id];
      pts.push(...(pts.length ? a.slice(1) : a));
    }
    return pts;
  };
  const out = [];
  const obj = topo.objects.countries || Object.values(topo.objects)[0];
  for (const g of obj.geometries) {
    if (g.type === "Polygon") out.push(g.arcs.map(ring));
    else if (g.type === "MultiPolygon") for (const p of g.arcs) out.push(p.map(ring));
  }
  return out;
}

const KM_PER_DEG = 111.32;
const PRECISION_KM = { point: 0, district: 12, governorate: 60, country: 250 };

async function mapPanel(box, fp, small) {
  const p = new URLSearchParams(fp);
  p.set("placed", "true");
  p.set("brief", "true");
  p.set("limit", "1000");
  const [res, rings] = await Promise.all([api("events", p), loadBorders()]);
  const events = res.data.filter((e) => e.place);
  box.append(el("h2", {}, "Where (" + events.length + (res.next ? "+" : "") + " placed events)"));
  const wrap = el("div", { class: "map", id: small ? "map-small" : "map" });
  box.append(wrap);
  new EventMap(wrap, events, rings, small);
  box.append(el("div", { class: "legend" }, "Dot: a town or site · dashed circle: a district or governorate, as exact as the text · ring: only the country is known"));
  if (res.next) box.append(el("p", { class: "muted" }, "The newest 1,000 events are shown: narrow the filters to see others."));
}

function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
}

class EventMap {
  constructor(box, events, rings, small) {
    this.events = events;
    this.W = 900; this.H = small ? 360 : 520;
    this.svg = svg("svg", { viewBox: `0 0 ${this.W} ${this.H}`, class: small ? "small" : "", role: "img", "aria-label": "map of events" });
    this.world = svg("g", {});
    this.markers = svg("g", { class: "markers" });
    this.svg.append(this.world, this.markers);
    box.append(this.svg);
    this.popup = el("div", { class: "popup panel", hidden: "hidden" });
    box.parentNode.append(this.popup);
    // The view: a centre in degrees and pixels per degree of latitude.
    // The first view frames the middle of the events, with a margin: a
    // theatre's map is not zoomed out to the statements made in
    // Washington (zoom out to see them).
    const lats = events.map((e) => e.place.lat), lons = events.map((e) => e.place.lon);
    const around = (xs, lo, hi) => {
      const a = quantile(xs, 0.15), b = quantile(xs, 0.85), pad = Math.max((b - a) * 0.4, 1);
      return xs.length ? [a - pad, b + pad] : [lo, hi];
    };
    const [la0, la1] = around(lats, 29, 37.5);
    const [lo0, lo1] = around(lons, 36, 48.5);
    this.cLat = (la0 + la1) / 2; this.cLon = (lo0 + lo1) / 2;
    this.kx = Math.cos((this.cLat * Math.PI) / 180); // equirectangular, true to scale at the centre
    const span = Math.max(la1 - la0 + 1, (lo1 - lo0 + 1) * this.kx * (this.H / this.W), 2);
    this.scale = (this.H / span) * 0.85;
    this.drawWorld(rings);
    const controls = el("div", { class: "controls" });
    const zin = el("button", { type: "button", title: "zoom in", "aria-label": "zoom in" }, "+");
    const zout = el("button", { type: "button", title: "zoom out", "aria-label": "zoom out" }, "−");
    zin.addEventListener("click", () => this.zoom(1.6));
    zout.addEventListener("click", () => this.zoom(1 / 1.6));
    controls.append(zin, zout);
    box.append(controls);
    if (!rings.length) box.append(el("div", { class: "note" }, "Country borders are not installed (go generate ./internal/server)."));
    this.svg.addEventListener("wheel", (ev) => { ev.preventDefault(); this.zoom(ev.deltaY < 0 ? 1.25 : 0.8); }, { passive: false });
    let drag = null;
    this.svg.addEventListener("pointerdown", (ev) => {
      if (ev.target.closest(".marker")) return;
      drag = [ev.clientX, ev.clientY, this.cLat, this.cLon];
      this.svg.setPointerCapture(ev.pointerId);
    });
    this.svg.addEventListener("pointermove", (ev) => {
      if (!drag) return;
      const r = this.svg.getBoundingClientRect(), f = this.W / r.width;
      this.cLon = drag[3] - ((ev.clientX - drag[0]) * f) / (this.scale * this.kx);
      this.cLat = drag[2] + ((ev.clientY - drag[1]) * f) / this.scale;
      this.render();
    });
    this.svg.addEventListener("pointerup", () => { drag = null; });
    this.render();
  }

  project(lat, lon) { return [this.W / 2 + (lon - this.cLon) * this.kx * this.scale, this.H / 2 - (lat - this.cLat) * this.scale]; }

  zoom(f) { this.scale = Math.min(Math.max(this.scale * f, 2), 4000); this.render(); }

  drawWorld(rings) {
    // The world is drawn once in degrees and moved by a transform.
    const g = svg("g", {});
    for (let lon = -180; lon <= 180; lon += 5) g.append(svg("line", { x1: lon, y1: -90, x2: lon, y2: 90, class: "graticule" }));
    for (let lat = -85; lat <= 85; lat += 5) g.append(svg("line", { x1: -180, y1: -lat, x2: 180, y2: -lat, class: "graticule" }));
    for (const poly of rings) {
      // A ring that crosses the antimeridian is broken there, not drawn
      // as a band across the world.
      const d = poly.map((r) => r.map(([x, y], i) => (i === 0 || Math.abs(x - r[i - 1][0]) > 180 ? "M" : "L") +
        x.toFixed(3) + "," + (-y).toFixed(3)).join("")).join("");
      g.append(svg("path", { d, class: "land" }));
    }
    this.world.append(g);
    this.worldG = g;
  }

  render() {
    const [x0, y0] = this.project(0, 0);
    this.worldG.setAttribute("transform", `translate(${x0},${y0}) scale(${this.kx * this.scale},${this.scale})`);
    this.markers.replaceChildren();
    // Precise events cluster on a grid of screen cells; an area (district,
    // governorate, country) is drawn as large as the text is vague.
    const cells = new Map();
    for (const e of this.events) {
      const [x, y] = this.project(e.place.lat, e.place.lon);
      if (x < -50 || y < -50 || x > this.W + 50 || y > this.H + 50) continue;
      const prec = e.place.precision;
      const key = prec + ":" + Math.floor(x / 40) + ":" + Math.floor(y / 40);
      if (!cells.has(key)) cells.set(key, { prec, xs: 0, ys: 0, events: [] });
      const c = cells.get(key);
      c.xs += x; c.ys += y; c.events.push(e);
    }
    for (const c of cells.values()) {
      const x = c.xs / c.events.length, y = c.ys / c.events.length;
      const byType = {};
      for (const e of c.events) byType[e.type] = (byType[e.type] || 0) + 1;
      const top = Object.entries(byType).sort((a, b) => b[1] - a[1])[0][0];
      const g = svg("g", { class: "marker", "data-precision": c.prec, "data-count": c.events.length });
      const places = [...new Set(c.events.map((e) => e.place.name))].join(", ");
      g.append(svg("title", {}, `${c.events.length} event${c.events.length > 1 ? "s" : ""} · ${places} · ${c.prec}`));
      const areaPx = (PRECISION_KM[c.prec] / KM_PER_DEG) * this.scale;
      if (c.prec === "country") {
        g.append(svg("circle", { cx: x, cy: y, r: Math.max(areaPx, 14), fill: "none", stroke: color(top), "stroke-width": 2, "stroke-dasharray": "2 4" }));
      } else if (areaPx > 6) {
        g.append(svg("circle", { cx: x, cy: y, r: areaPx, fill: color(top), stroke: color(top), class: "area" }));
      }
      const r = c.events.length > 1 ? 7 + Math.min(10, Math.sqrt(c.events.length) * 2) : 5;
      g.append(svg("circle", { cx: x, cy: y, r, fill: color(top), stroke: "#fff", "stroke-width": 1.5 }));
      if (c.events.length > 1) g.append(svg("text", { x, y: y + 3.5, "text-anchor": "middle" }, c.events.length));
      g.addEventListener("click", () => this.show(c));
      this.markers.append(g);
    }
  }

  show(c) {
    this.popup.hidden = false;
    this.popup.replaceChildren(el("b", {}, c.events.length + " event" + (c.events.length > 1 ? "s" : "") + " (" + c.prec + ")"),
      el("ul", {}, c.events.slice(0, 100).map((e) => el("li", {}, fmtDate(e.published), " ", typeBadge(e.type), " ",
        el("a", { href: "#/event/" + encodeURIComponent(e.document + ":" + e.index) }, e.trigger), " · ", placeLabel(e.place)))));
  }
}

// ---------------------------------------------------------------- main

async function render() {
  const r = route();
  const main = document.getElementById("view");
  document.querySelectorAll("header nav a").forEach((a) => a.classList.toggle("active", a.dataset.view === r.view));
  syncFilters(r.params, ["overview", "events", "map", "actors", "search"].includes(r.view));
  const view = views[r.view];
  const fresh = el("main", { id: "view", "aria-live": "polite" });
  main.replaceWith(fresh);
  if (!view) { fresh.append(el("p", { class: "error" }, "No such view: " + r.view)); return; }
  try {
    await view(r, fresh);
    fresh.setAttribute("data-ready", r.view);
  } catch (e) {
    fresh.append(el("p", { class: "error" }, String(e.message || e)));
    fresh.setAttribute("data-ready", "error");
  }
}

setupFilters();
window.addEventListener("hashchange", render);
render();
