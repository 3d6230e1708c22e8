/* MapsKit, part 1 of 3 (kit.js, swipe.js, draw.js, inlined in that order): the namespace, DOM
   helpers and the map controls: SVG patterns, vector layers styled from a table, cities, site
   symbols, labels, tiles, annotations, a legend drawn from the map's own styles, information
   panel, attribution, note, full screen and a scroll guard.
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

  /* The SVG attributes Leaflet's SVG renderer gives a path with these options (Path
     defaults filled in), so legend swatches are drawn exactly as the map draws its paths. */
  kit.pathAttributes = function (options) {
    var o = Object.assign({ stroke: true, color: "#3388ff", weight: 3, opacity: 1, fill: false,
      fillColor: null, fillOpacity: 0.2 }, options);
    var a = {};
    if (o.stroke) {
      a.stroke = o.color;
      a["stroke-opacity"] = o.opacity;
      a["stroke-width"] = o.weight;
      if (o.dashArray) a["stroke-dasharray"] = o.dashArray;
    } else {
      a.stroke = "none";
    }
    if (o.fill) {
      a.fill = o.fillColor || o.color;
      a["fill-opacity"] = o.fillOpacity;
    } else {
      a.fill = "none";
    }
    return a;
  };

  /* The drawing of each mark in a square tile of side s: lines run edge to edge (diagonals
     with their corner pieces, so tiles join seamlessly); point marks sit at (s/4, 0), repeated
     at (s/4, s), off every line. */
  kit.markShapes = function (mark, s) {
    var q = s / 4;
    if (mark === "diagonal") return [["path", { d: "M0," + s + "L" + s + ",0M-1,1L1,-1M" + (s - 1) + "," + (s + 1) + "L" + (s + 1) + "," + (s - 1) }]];
    if (mark === "back-diagonal") return [["path", { d: "M0,0L" + s + "," + s + "M-1," + (s - 1) + "L1," + (s + 1) + "M" + (s - 1) + ",-1L" + (s + 1) + ",1" }]];
    if (mark === "vertical") return [["path", { d: "M" + s / 2 + ",0V" + s }]];
    if (mark === "horizontal") return [["path", { d: "M0," + s / 2 + "H" + s }]];
    var out = [];
    [0, s].forEach(function (y) {
      if (mark === "dots") out.push(["circle", { cx: q, cy: y, r: 1.4, dot: true }]);
      if (mark === "rings") out.push(["circle", { cx: q, cy: y, r: 2 }]);
      if (mark === "stars") {
        out.push(["path", { d: "M" + q + "," + (y - 2.4) + "V" + (y + 2.4) + "M" + (q - 2.1) + "," + (y - 1.2) + "L" + (q + 2.1) + "," + (y + 1.2) + "M" + (q - 2.1) + "," + (y + 1.2) + "L" + (q + 2.1) + "," + (y - 1.2) }]);
      }
    });
    return out;
  };

  /* One hidden SVG holding <pattern>s: marks in ink on a party colour or on a transparent
     ground, as maps.style describes them. */
  kit.patterns = function (defs) {
    var holder = svgEl("svg", { width: 0, height: 0, "aria-hidden": "true" });
    holder.style.position = "absolute";
    var d = svgEl("defs", {});
    defs.forEach(function (p) {
      var s = p.size;
      var pat = svgEl("pattern", { id: p.id, patternUnits: "userSpaceOnUse", width: s, height: s });
      if (p.ground) {
        pat.appendChild(svgEl("rect", { width: s, height: s, fill: p.ground, "fill-opacity": p.groundOpacity }));
      }
      p.marks.forEach(function (mark) {
        kit.markShapes(mark, s).forEach(function (shape) {
          var attrs = Object.assign({}, shape[1]);
          var dot = attrs.dot;
          delete attrs.dot;
          if (dot) Object.assign(attrs, { fill: p.ink, "fill-opacity": 0.9 });
          else Object.assign(attrs, { fill: "none", stroke: p.ink, "stroke-width": 1.3, "stroke-opacity": 0.9 });
          pat.appendChild(svgEl(shape[0], attrs));
        });
      });
      d.appendChild(pat);
    });
    holder.appendChild(d);
    document.body.appendChild(holder);
  };

  /* The corners of a site symbol in a square of side `size`: a regular polygon. */
  kit.symbolPoints = function (shape, size) {
    var sides = { hexagon: [6, 0], square: [4, 45], triangle: [3, -90], diamond: [4, 0] }[shape] || [4, 0];
    var r = size / 2 - 1.5;
    var c = size / 2;
    var points = [];
    for (var i = 0; i < sides[0]; i++) {
      var a = (sides[1] + (360 * i) / sides[0]) * Math.PI / 180;
      points.push([Math.round((c + r * Math.cos(a)) * 100) / 100, Math.round((c + r * Math.sin(a)) * 100) / 100]);
    }
    return points;
  };

  /* A site symbol as an <svg>: the same function draws it on the map and in the legend. */
  kit.symbol = function (spec) {
    var svg = svgEl("svg", { width: spec.size, height: spec.size, "aria-hidden": "true",
      "class": "mk-symbol", "data-shape": spec.shape });
    var points = kit.symbolPoints(spec.shape, spec.size).map(function (p) { return p.join(","); });
    svg.appendChild(svgEl("polygon", { points: points.join(" "), fill: spec.fill, stroke: spec.stroke,
      "stroke-width": 1.5 }));
    return svg;
  };

  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  /* The integers maps.render.layers.encode_numbers wrote: 5 bits a character, lowest first,
     the sixth bit set while more follow; the lowest bit of each number is its sign. */
  kit.decodeNumbers = function (text) {
    var out = [];
    var v = 0, shift = 0;
    for (var i = 0; i < text.length; i++) {
      var d = ALPHABET.indexOf(text.charAt(i));
      if (d < 0) throw new Error("bad geometry text");
      v += (d & 31) * Math.pow(2, shift);
      shift += 5;
      if (d < 32) {
        out.push(v % 2 ? -(v + 1) / 2 : v / 2);
        v = 0;
        shift = 0;
      }
    }
    return out;
  };

  /* A path of [lon, lat] points from its text: thousandths of a degree, each point the
     difference from the one before. */
  kit.decodePath = function (text) {
    var n = kit.decodeNumbers(text);
    var x = 0, y = 0, points = [];
    for (var i = 0; i + 1 < n.length; i += 2) {
      x += n[i];
      y += n[i + 1];
      points.push([x / 1000, y / 1000]);
    }
    return points;
  };

  /* GeoJSON geometry from the compact form maps.render.layers.encode_geometry wrote. */
  kit.inflate = function (g) {
    if (g[0] === "P") {
      var polygons = g[1].map(function (rings) { return rings.map(kit.decodePath); });
      return polygons.length === 1 ? { type: "Polygon", coordinates: polygons[0] }
        : { type: "MultiPolygon", coordinates: polygons };
    }
    if (g[0] === "L") {
      var lines = g[1].map(kit.decodePath);
      return lines.length === 1 ? { type: "LineString", coordinates: lines[0] }
        : { type: "MultiLineString", coordinates: lines };
    }
    return g[1];
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
    data.features.forEach(function (f) {
      if (f.g) { f.geometry = kit.inflate(f.g); delete f.g; }
    });
    if (opts.under) kit.layer(map, data, opts.under, { pane: opts.pane, z: opts.z });
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
  kit.cities = function (map, rows, style, pane) {
    if (pane && !map.getPane(pane)) map.createPane(pane).style.zIndex = "640";
    var group = L.layerGroup();
    rows.forEach(function (c) {
      var m = L.circleMarker([c[2], c[1]], Object.assign({ radius: c[3], pane: pane }, style));
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
  kit.annotations = function (map, rows, style) {
    if (!map.getPane("notes")) map.createPane("notes").style.zIndex = "650";
    rows.forEach(function (r) {
      var m = L.circleMarker([r[1], r[0]], Object.assign({ radius: 5, pane: "notes" }, style)).addTo(map);
      m.bindTooltip(el("span", "", r[2]), { permanent: true, direction: "top", className: "mk-annotation" });
      if (r[3]) m.bindPopup(el("div", "", r[3]));
    });
  };

  /* Point sites: the kind's symbol, the name beside it, every term on hover (and on click, for
     touch screens). Rows are [lon, lat, kind, name, tooltip lines]. */
  kit.sites = function (map, rows, symbols, pane) {
    if (!map.getPane(pane)) map.createPane(pane).style.zIndex = "645";
    rows.forEach(function (r) {
      var spec = symbols[r[2]];
      var icon = L.divIcon({ className: "mk-site", html: "", iconSize: [spec.size, spec.size] });
      var m = L.marker([r[1], r[0]], { icon: icon, pane: pane, keyboard: false }).addTo(map);
      var node = m.getElement();
      node.setAttribute("data-kind", r[2]);
      node.appendChild(kit.symbol(spec));
      node.appendChild(el("span", "mk-site-name", r[3]));
      m.bindTooltip(tooltipNode(r[4]), { direction: "top", offset: [0, -spec.size / 2] });
      m.bindPopup(tooltipNode(r[4]));
    });
  };

  /* A legend swatch: the map's own style options drawn as Leaflet draws them, or the site
     symbol drawn by the same function as on the map. */
  function swatch(it) {
    if (it.kind === "symbol") return kit.symbol(it.symbol);
    var sw = svgEl("svg", { width: 24, height: 18, "aria-hidden": "true" });
    (it.under ? [it.under, it.style] : [it.style]).forEach(function (style) {
      var shape;
      if (it.kind === "line") shape = svgEl("line", { x1: 1, y1: 9, x2: 23, y2: 9 });
      else if (it.kind === "point") shape = svgEl("circle", { cx: 12, cy: 9, r: 4.5 });
      else shape = svgEl("rect", { x: 1.5, y: 1.5, width: 21, height: 15 });
      var attrs = kit.pathAttributes(style);
      Object.keys(attrs).forEach(function (k) { shape.setAttribute(k, attrs[k]); });
      shape.setAttribute("class", "mk-swatch");
      sw.appendChild(shape);
    });
    return sw;
  }

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
          var sw = swatch(it);
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
        if (info.rules && info.rules.length) {
          body.appendChild(el("h2", "", "Rules"));
          body.appendChild(list(info.rules, "mk-rules"));
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
