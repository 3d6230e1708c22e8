/* MapsKit, part 1 of 3 (kit.js, swipe.js, draw.js, inlined in that order): the namespace, DOM
   helpers and the map controls: SVG patterns, vector layers styled from a table, cities,
   labels, tiles, annotations, legend, information panel, attribution, note, full screen and a
   scroll guard.
   User text is always inserted as text (textContent), never as HTML: tooltips and popups get
   DOM nodes, because Leaflet parses string content as HTML.

   All state lives on the one window.MapsKit object:
     maps            every map on the page, in creation order (scrollGuard adds them)
     regionFeatures  GeoJSON features of layers drawn with {regions: true}, each with an "r" id
     setSwipe(r)     moves the swipe slider (swipe.js), once a swipe control exists
     editing         the draw tool's state (draw.js), once the tool is open */
(function () {
  "use strict";
  var kit = (window.MapsKit = {});
  kit.maps = [];
  kit.regionFeatures = [];
  var SVG = "http://www.w3.org/2000/svg";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  kit.el = el;

  function svgEl(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  /* One hidden SVG holding <pattern>s: each is a party colour with lines, a grid or dots. */
  kit.patterns = function (defs) {
    var holder = svgEl("svg", { width: 0, height: 0, "aria-hidden": "true" });
    holder.style.position = "absolute";
    var d = svgEl("defs", {});
    defs.forEach(function (p) {
      var size = p.kind === "dots" ? 6 : 8;
      var pat = svgEl("pattern", { id: p.id, patternUnits: "userSpaceOnUse", width: size, height: size });
      if (p.kind === "hatch") pat.setAttribute("patternTransform", "rotate(45)");
      pat.appendChild(svgEl("rect", { width: size, height: size, fill: p.color, "fill-opacity": p.opacity }));
      var ink = { stroke: p.ink, "stroke-width": 1.6, "stroke-opacity": 0.9 };
      if (p.kind === "hatch" || p.kind === "horizontal" || p.kind === "cross") {
        pat.appendChild(svgEl("line", Object.assign({ x1: 0, y1: 1, x2: size, y2: 1 }, ink)));
      }
      if (p.kind === "cross") {
        pat.appendChild(svgEl("line", Object.assign({ x1: 1, y1: 0, x2: 1, y2: size }, ink)));
      }
      if (p.kind === "dots") {
        pat.appendChild(svgEl("circle", { cx: 3, cy: 3, r: 1.3, fill: p.ink, "fill-opacity": 0.9 }));
      }
      d.appendChild(pat);
    });
    holder.appendChild(d);
    document.body.appendChild(holder);
  };

  function tooltipNode(lines) {
    var box = el("div", "mk-tip");
    lines.forEach(function (line, i) { box.appendChild(el("div", i ? "" : "mk-tip-head", line)); });
    return box;
  }

  /* A GeoJSON layer whose features name their style ("s") and tooltip lines ("t"). */
  kit.layer = function (map, data, styles, opts) {
    opts = opts || {};
    if (opts.pane && !map.getPane(opts.pane)) {
      map.createPane(opts.pane).style.zIndex = String(opts.z || 400);
    }
    var renderer = opts.pane ? L.svg({ pane: opts.pane }) : undefined;
    var layer = L.geoJSON(data, {
      pane: opts.pane || "overlayPane",
      renderer: renderer,
      interactive: !!opts.interactive,
      style: function (f) { return styles[f.properties.s] || {}; },
    });
    if (opts.regions) {
      data.features.forEach(function (f) { if (f.properties.r) kit.regionFeatures.push(f); });
    }
    if (opts.interactive) {
      layer.eachLayer(function (l) {
        var t = l.feature.properties.t;
        if (t && t.length) l.bindTooltip(tooltipNode(t), { sticky: true });
      });
    }
    return layer.addTo(map);
  };

  /* Cities as circles sized by population, with a popup built from text. */
  kit.cities = function (map, rows, pane) {
    if (pane && !map.getPane(pane)) map.createPane(pane).style.zIndex = "640";
    var group = L.layerGroup();
    rows.forEach(function (c) {
      var m = L.circleMarker([c[2], c[1]], {
        radius: c[3], color: "#333", weight: 0.8, fillColor: "#fff", fillOpacity: 0.9, pane: pane,
      });
      m.bindPopup(tooltipNode(c[4]));
      m.bindTooltip(el("span", "", c[0]), { direction: "right", className: "mk-city", permanent: c[5] === 1 });
      group.addLayer(m);
    });
    return group.addTo(map);
  };

  /* Text labels (oblast names, seas) that do not catch the mouse. */
  kit.labels = function (map, rows, pane) {
    if (pane && !map.getPane(pane)) map.createPane(pane).style.zIndex = "620";
    rows.forEach(function (r) {
      var icon = L.divIcon({ className: "mk-label " + r[3], html: "", iconSize: null });
      var marker = L.marker([r[1], r[0]], { icon: icon, interactive: false, keyboard: false, pane: pane });
      marker.addTo(map);
      marker.getElement().appendChild(el("span", "", r[2]));
    });
  };

  /* Optional raster tiles between the vector context and the control areas. */
  kit.tiles = function (map, url, attribution) {
    if (!safeUrl(url)) throw new Error("tile URL must start with http:// or https://");
    if (!map.getPane("tiles")) map.createPane("tiles").style.zIndex = "360";
    L.tileLayer(url, { pane: "tiles", opacity: 0.7, attribution: escapeHtml(attribution) }).addTo(map);
  };

  /* The scenario's own labelled points. */
  kit.annotations = function (map, rows) {
    if (!map.getPane("notes")) map.createPane("notes").style.zIndex = "650";
    rows.forEach(function (r) {
      var m = L.circleMarker([r[1], r[0]], { radius: 5, color: "#111", weight: 2, fillColor: "#ffd400",
        fillOpacity: 1, pane: "notes" }).addTo(map);
      m.bindTooltip(el("span", "", r[2]), { permanent: true, direction: "top", className: "mk-annotation" });
      if (r[3]) m.bindPopup(el("div", "", r[3]));
    });
  };

  kit.legend = function (map, title, items) {
    var Legend = L.Control.extend({
      options: { position: "bottomright" },
      onAdd: function () {
        var box = el("div", "mk-legend leaflet-bar");
        box.setAttribute("role", "list");
        box.setAttribute("aria-label", "Legend");
        box.appendChild(el("div", "mk-legend-title", title));
        items.forEach(function (it) {
          var row = el("div", "mk-legend-row");
          row.setAttribute("role", "listitem");
          var sw = svgEl("svg", { width: 22, height: 14, "aria-hidden": "true" });
          if (it.kind === "line") {
            sw.appendChild(svgEl("line", { x1: 1, y1: 7, x2: 21, y2: 7, stroke: it.color,
              "stroke-width": it.width || 2, "stroke-dasharray": it.dash || "" }));
          } else if (it.kind === "point") {
            sw.appendChild(svgEl("circle", { cx: 11, cy: 7, r: 4, fill: "#fff", stroke: "#333" }));
          } else {
            sw.appendChild(svgEl("rect", { x: 1, y: 1, width: 20, height: 12, fill: it.fill,
              stroke: it.stroke || "#fff", "stroke-width": it.strokeWidth || 1, "fill-opacity": it.opacity || 1 }));
          }
          row.appendChild(sw);
          row.appendChild(el("span", "", it.label));
          box.appendChild(row);
        });
        L.DomEvent.disableClickPropagation(box);
        return box;
      },
    });
    return new Legend().addTo(map);
  };

  function list(items, cls) {
    var ul = el("ul", cls);
    items.forEach(function (t) { ul.appendChild(el("li", "", t)); });
    return ul;
  }

  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }

  /* The side panel: title, date, summary, figures, terms, sources, data notes. */
  kit.panel = function (map, info) {
    var Panel = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var box = el("div", "mk-panel");
        var toggle = el("button", "mk-panel-toggle", "\u2630");
        toggle.type = "button";
        toggle.setAttribute("aria-label", "Show or hide the information panel");
        var body = el("div", "mk-panel-body");
        body.appendChild(el("h1", "mk-title", info.title));
        if (info.subtitle) body.appendChild(el("div", "mk-subtitle", info.subtitle));
        if (info.summary) body.appendChild(el("p", "mk-summary", info.summary));
        if (info.figures && info.figures.length) {
          body.appendChild(el("h2", "", "Key figures"));
          body.appendChild(list(info.figures, "mk-figures"));
        }
        if (info.table && info.table.rows.length) {
          var table = el("table", "mk-table");
          var head = el("tr");
          info.table.columns.forEach(function (c) { head.appendChild(el("th", "", c)); });
          table.appendChild(head);
          info.table.rows.forEach(function (r) {
            var tr = el("tr");
            r.forEach(function (v) { tr.appendChild(el("td", "", v)); });
            table.appendChild(tr);
          });
          body.appendChild(table);
        }
        if (info.terms && info.terms.length) {
          body.appendChild(el("h2", "", "Other terms"));
          body.appendChild(list(info.terms, "mk-terms"));
        }
        if (info.sources && info.sources.length) {
          body.appendChild(el("h2", "", "Sources"));
          var ul = el("ul", "mk-sources");
          info.sources.forEach(function (s) {
            var li = el("li");
            var url = safeUrl(s.url);
            var shown = s.url && !url ? s.title + " (" + s.url + ")" : s.title;
            var name = url ? el("a", "", s.title) : el("span", "", shown);
            if (url) { name.href = url; name.target = "_blank"; name.rel = "noopener noreferrer"; }
            li.appendChild(name);
            if (s.meta) li.appendChild(el("span", "mk-meta", " \u2014 " + s.meta));
            ul.appendChild(li);
          });
          body.appendChild(ul);
        }
        if (info.notes && info.notes.length) body.appendChild(list(info.notes, "mk-notes"));
        box.appendChild(toggle);
        box.appendChild(body);
        var small = map.getSize().x < 700;
        if (small) box.classList.add("mk-collapsed");
        toggle.addEventListener("click", function () { box.classList.toggle("mk-collapsed"); });
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      },
    });
    return new Panel().addTo(map);
  };

  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  /* Attribution text (escaped: Leaflet inserts attributions as HTML). */
  kit.attribution = function (map, parts) {
    map.attributionControl.setPrefix(false);
    parts.forEach(function (p) { map.attributionControl.addAttribution(escapeHtml(p)); });
  };

  /* A short note always visible on the map, e.g. that the line of contact is approximate. */
  kit.note = function (map, text) {
    map.getContainer().appendChild(el("div", "mk-approx", text));
  };

  kit.fullscreen = function (map) {
    var Full = L.Control.extend({
      options: { position: "topright" },
      onAdd: function () {
        var b = el("button", "mk-fullscreen leaflet-bar");
        var icon = svgEl("svg", { width: 16, height: 16, viewBox: "0 0 16 16", "aria-hidden": "true" });
        icon.appendChild(svgEl("path", { d: "M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5",
          fill: "none", stroke: "#333", "stroke-width": 2 }));
        b.appendChild(icon);
        b.type = "button";
        b.title = "Full screen";
        b.setAttribute("aria-label", "Full screen");
        b.addEventListener("click", function () {
          var c = map.getContainer();
          if (document.fullscreenElement) document.exitFullscreen();
          else if (c.requestFullscreen) c.requestFullscreen();
        });
        document.addEventListener("fullscreenchange", function () { map.invalidateSize(); });
        return b;
      },
    });
    return new Full().addTo(map);
  };

  /* Wheel zoom only after the reader clicks the map, so an embedded map never traps scrolling.
     Also registers the map in MapsKit.maps and opens the draw tool (draw.js) on #edit. */
  kit.scrollGuard = function (map) {
    kit.maps.push(map);
    if (location.hash === "#edit") setTimeout(function () { kit.editMode(map); }, 0);
    map.scrollWheelZoom.disable();
    map.on("click focus", function () { map.scrollWheelZoom.enable(); });
    map.getContainer().addEventListener("mouseleave", function () { map.scrollWheelZoom.disable(); });
  };
})();
