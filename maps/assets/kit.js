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
  kit.words = {};
  var SVG = "http://www.w3.org/2000/svg";

  /* The page's words (maps.i18n.UI, keys "kit.*"), set once before any control is made;
     {name} fields are filled from `fields`. A missing word shows its key. */
  kit.setWords = function (words) { kit.words = words || {}; };
  kit.t = function (key, fields) {
    var text = Object.prototype.hasOwnProperty.call(kit.words, key) ? kit.words[key] : key;
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return fields && name in fields ? String(fields[name]) : all;
    });
  };
  var t = kit.t;

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

  /* Label placement. Each label is an item {x, y, w, h, r, kind, rank}: its anchor (x, y) in
     pixels, its box's size, the radius r of the mark it names (0 for none), "point" (tried in
     eight positions around the mark) or "area" (centred on the anchor, then nudged), and its
     rank (lower is placed first; equal ranks keep their order). Marks {x, y, r} are symbols no
     label may cover, and areas [x0, y0, x1, y1] (the map's controls) too; view [x0, y0, x1, y1],
     if given, is the part in sight. Greedy: each label
     takes the first position in sight that covers no placed label and no mark; a label with no
     such position is hidden, unless it is to be kept (keep: the scenario's own points and the
     towns it names), which then may cover marks, then leave the view, then cover labels. Returns, for each item, the offset [dx, dy] of its box's top-left corner
     from its anchor, or null when it is hidden. */
  var GAP = 2;
  var PAD = 1;
  kit.labelPositions = function (it) {
    var w = it.w, h = it.h, d = (it.r || 0) + GAP, e = (it.r || 0) / 2;
    if (it.kind === "area") {
      return [[-w / 2, -h / 2], [-w / 2, -1.5 * h], [-w / 2, 0.5 * h], [-w / 2 - w / 3, -h / 2],
        [-w / 2 + w / 3, -h / 2], [-w / 2, -2.5 * h], [-w / 2, 1.5 * h]];
    }
    return [[d, -h / 2], [-d - w, -h / 2], [-w / 2, -d - h], [-w / 2, d],
      [e, -d - h], [-e - w, -d - h], [e, d], [-e - w, d]];
  };

  function overlaps(a, list) {
    for (var i = 0; i < list.length; i++) {
      var b = list[i];
      if (a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]) return true;
    }
    return false;
  }

  function inside(box, view) {
    return !view || (box[0] >= view[0] && box[1] >= view[1] && box[2] <= view[2] && box[3] <= view[3]);
  }

  kit.placeLabels = function (items, marks, view, areas) {
    var order = items.map(function (it, i) { return i; });
    order.sort(function (a, b) { return items[a].rank - items[b].rank || a - b; });
    var blocked = (marks || []).map(function (m) { return [m.x - m.r, m.y - m.r, m.x + m.r, m.y + m.r]; })
      .concat(areas || []);
    var placed = [];
    var out = items.map(function () { return null; });
    order.forEach(function (i) {
      var it = items[i];
      var spots = kit.labelPositions(it);
      var boxes = spots.map(function (s) {
        var x0 = it.x + s[0], y0 = it.y + s[1];
        return [x0 - PAD, y0 - PAD, x0 + it.w + PAD, y0 + it.h + PAD];
      });
      /* [labels and marks to avoid, whether the box must be in sight], least strict last */
      var tests = [[[placed, blocked], true]];
      if (it.keep) tests.push([[placed], true], [[placed], false], [[], false]);
      for (var t = 0; t < tests.length; t++) {
        for (var k = 0; k < boxes.length; k++) {
          if ((!tests[t][1] || inside(boxes[k], view)) &&
              tests[t][0].every(function (list) { return !overlaps(boxes[k], list); })) {
            placed.push(boxes[k]);
            out[i] = spots[k];
            return;
          }
        }
      }
    });
    return out;
  };

  /* Every label and mark of a map, placed again after each zoom and resize. A label is
     {latlng, r, kind, rank, node (measured), put(offset or null)}. */
  function registry(map) {
    if (!map.mkPlacing) map.mkPlacing = { labels: [], marks: [], sizes: null };
    return map.mkPlacing;
  }

  function addLabel(map, label) { registry(map).labels.push(label); }
  function addMark(map, latlng, r) { registry(map).marks.push({ latlng: latlng, r: r }); }

  kit.place = function (map) {
    var reg = registry(map);
    if (!reg.sizes) {
      reg.sizes = reg.labels.map(function (l) {
        var b = l.node().getBoundingClientRect();
        return [b.width, b.height];
      });
    }
    var items = reg.labels.map(function (l, i) {
      var p = map.latLngToLayerPoint(l.latlng);
      return { x: p.x, y: p.y, w: reg.sizes[i][0], h: reg.sizes[i][1], r: l.r, kind: l.kind, rank: l.rank,
        keep: l.rank <= RANK.named };
    });
    var marks = reg.marks.map(function (m) {
      var p = map.latLngToLayerPoint(m.latlng);
      return { x: p.x, y: p.y, r: m.r };
    });
    var size = map.getSize();
    var corner0 = map.containerPointToLayerPoint([0, 0]);
    var view = [corner0.x, corner0.y, corner0.x + size.x, corner0.y + size.y];
    var origin = map.getContainer().getBoundingClientRect();
    var controls = [];
    map.getContainer().querySelectorAll(".leaflet-control").forEach(function (node) {
      var r = rectIn(node, origin);
      if (r) controls.push([r.left + corner0.x, r.top + corner0.y, r.right + corner0.x, r.bottom + corner0.y]);
    });
    var spots = kit.placeLabels(items, marks, view, controls);
    reg.labels.forEach(function (l, i) { l.put(spots[i], items[i]); });
    return { shown: spots.filter(Boolean).length, hidden: spots.filter(function (s) { return !s; }).length };
  };

  /* Placing a permanent tooltip: centred at the offset, or hidden. */
  function tooltipLabel(marker, r, kind, rank) {
    return {
      latlng: marker.getLatLng(), r: r, kind: kind, rank: rank,
      node: function () { return marker.getTooltip().getElement(); },
      put: function (spot, it) {
        var tip = marker.getTooltip();
        if (spot && String(spot) !== String(this.spot)) {
          tip.options.direction = "center";
          tip.options.offset = [spot[0] + it.w / 2, spot[1] + it.h / 2];
          tip.update();
        }
        tip.getElement().classList.toggle("mk-off", !spot);
        this.spot = spot;
      },
    };
  }

  /* Placing a span inside a marker's icon, whose anchor is (ox, oy) from the icon's corner. */
  function spanLabel(latlng, span, r, kind, rank, ox, oy) {
    return {
      latlng: latlng, r: r, kind: kind, rank: rank,
      node: function () { return span; },
      put: function (spot) {
        if (spot) {
          span.style.left = ox + spot[0] + "px";
          span.style.top = oy + spot[1] + "px";
          span.style.transform = "none";
        }
        span.classList.toggle("mk-off", !spot);
      },
    };
  }

  /* Label ranks: the scenario's own points and sites first, then towns it names, front-line
     towns, other towns by population, region names, and seas and countries last. */
  var RANK = { note: 0, site: 1, named: 2, front: 3, town: 4, "mk-focus": 5, "mk-region": 6 };

  /* Cities as circles sized by population, with a popup built from text. Rows are
     [name, lon, lat, radius, popup lines, label]: label 0 names the city on hover only;
     1 labels it (by population), 2 as a front-line town, 3 as a town the scenario names. */
  kit.cities = function (map, rows, style, pane) {
    if (pane && !map.getPane(pane)) map.createPane(pane).style.zIndex = "640";
    var group = L.layerGroup();
    var kinds = [null, "town", "front", "named"];
    rows.forEach(function (c) {
      var m = L.circleMarker([c[2], c[1]], Object.assign({ radius: c[3], pane: pane }, style));
      m.bindPopup(tooltipNode(c[4]));
      m.bindTooltip(el("span", "", c[0]), { direction: "right", className: "mk-city", permanent: c[5] > 0 });
      group.addLayer(m);
      addMark(map, m.getLatLng(), c[3]);
      if (c[5] > 0) addLabel(map, tooltipLabel(m, c[3], "point", RANK[kinds[c[5]] || "town"]));
    });
    return group.addTo(map);
  };

  /* Text labels (oblast names, seas) that do not catch the mouse, centred on their point and
     nudged or hidden where towns' labels leave no room. */
  kit.labels = function (map, rows, pane) {
    if (pane && !map.getPane(pane)) map.createPane(pane).style.zIndex = "620";
    rows.forEach(function (r) {
      var icon = L.divIcon({ className: "mk-label " + r[3], html: "", iconSize: null });
      var marker = L.marker([r[1], r[0]], { icon: icon, interactive: false, keyboard: false, pane: pane });
      marker.addTo(map);
      var span = el("span", "", r[2]);
      marker.getElement().appendChild(span);
      var rank = RANK[r[3]] === undefined ? 7 : RANK[r[3]];
      addLabel(map, spanLabel(marker.getLatLng(), span, 0, "area", rank, 0, 0));
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
      addMark(map, m.getLatLng(), 5);
      addLabel(map, tooltipLabel(m, 5, "point", RANK.note));
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
      var name = el("span", "mk-site-name", r[3]);
      node.appendChild(name);
      m.bindTooltip(tooltipNode(r[4]), { direction: "top", offset: [0, -spec.size / 2] });
      m.bindPopup(tooltipNode(r[4]));
      var half = spec.size / 2;
      addMark(map, m.getLatLng(), half);
      addLabel(map, spanLabel(m.getLatLng(), name, half, "point", RANK.site, half, half));
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

  /* A button that shows or hides the body of a control (class mk-collapsed on the box). */
  function toggler(box, cls, text, label) {
    var b = el("button", cls, text);
    b.type = "button";
    b.setAttribute("aria-label", label);
    b.setAttribute("aria-expanded", "true");
    b.addEventListener("click", function () { kit.collapse(box, !box.classList.contains("mk-collapsed"), true); });
    return b;
  }

  /* Collapse or open a control; on a narrow map, opening one collapses the others. */
  kit.collapse = function (box, collapsed, byReader) {
    box.classList.toggle("mk-collapsed", collapsed);
    var b = box.querySelector("button");
    if (b) b.setAttribute("aria-expanded", String(!collapsed));
    if (b && b.classList.contains("mk-legend-toggle")) b.textContent = collapsed ? t("legend") : t("hide");
    var container = box.closest(".leaflet-container");
    if (byReader && !collapsed && container && container.classList.contains("mk-narrow")) {
      container.querySelectorAll(".mk-legend, .mk-panel").forEach(function (other) {
        if (other !== box) kit.collapse(other, true, false);
      });
    }
    if (container) container.dispatchEvent(new CustomEvent("mk-layout"));
  };

  kit.legend = function (map, title, items) {
    var Legend = L.Control.extend({
      options: { position: "topright" },
      onAdd: function () {
        var box = el("div", "mk-legend leaflet-bar");
        box.appendChild(toggler(box, "mk-legend-toggle", t("legend"), t("legend_toggle")));
        var body = el("div", "mk-legend-body");
        body.setAttribute("role", "list");
        body.setAttribute("aria-label", t("legend"));
        body.appendChild(el("div", "mk-legend-title", title));
        items.forEach(function (it) {
          var row = el("div", "mk-legend-row");
          row.setAttribute("role", "listitem");
          var sw = swatch(it);
          row.appendChild(sw);
          row.appendChild(el("span", "", it.label));
          body.appendChild(row);
        });
        box.appendChild(body);
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
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
        toggle.setAttribute("aria-label", t("panel_toggle"));
        var body = el("div", "mk-panel-body");
        body.appendChild(el("h1", "mk-title", info.title));
        if (info.subtitle) body.appendChild(el("div", "mk-subtitle", info.subtitle));
        if (info.summary) body.appendChild(el("p", "mk-summary", info.summary));
        if (info.figures && info.figures.length) {
          body.appendChild(el("h2", "", t("key_figures")));
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
          body.appendChild(el("h2", "", t("rules")));
          body.appendChild(list(info.rules, "mk-rules"));
        }
        if (info.terms && info.terms.length) {
          body.appendChild(el("h2", "", t("other_terms")));
          body.appendChild(list(info.terms, "mk-terms"));
        }
        if (info.sources && info.sources.length) {
          body.appendChild(el("h2", "", t("sources")));
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
        box.classList.add("mk-peeks");  /* collapsed on a phone, it shows the title beside the zoom buttons */
        var peek = el("div", "mk-panel-peek", info.title);
        peek.addEventListener("click", function () { kit.collapse(box, false, true); });
        box.appendChild(toggle);
        box.appendChild(peek);
        box.appendChild(body);
        if (map.getSize().x < WIDE) kit.collapse(box, true, false);
        toggle.addEventListener("click", function () { kit.collapse(box, !box.classList.contains("mk-collapsed"), true); });
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

  /* Attribution text (escaped: Leaflet inserts attributions as HTML). On a narrow map it is one
     line; a tap (or Enter) shows all of it. */
  kit.attribution = function (map, parts) {
    var control = map.attributionControl;
    control.setPrefix(false);
    parts.forEach(function (p) { control.addAttribution(escapeHtml(p)); });
    var box = control.getContainer();
    box.setAttribute("role", "button");
    box.setAttribute("tabindex", "0");
    box.setAttribute("aria-label", t("sources_toggle"));
    box.setAttribute("aria-expanded", "false");
    function flip() {
      var open = box.classList.toggle("mk-open");
      box.setAttribute("aria-expanded", String(open));
      map.getContainer().dispatchEvent(new CustomEvent("mk-layout"));
    }
    box.addEventListener("click", flip);
    box.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); flip(); }
    });
  };

  /* A short note always visible on the map, e.g. that the line of contact is approximate: a
     control, so it stacks with the scale instead of covering it. */
  kit.note = function (map, text) {
    var Note = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () { return el("div", "mk-approx", text); },
    });
    return new Note().addTo(map);
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
        b.title = t("full_screen");
        b.setAttribute("aria-label", t("full_screen"));
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

  /* Map widths (px) below which the map is laid out for a phone (legend, panel and sources
     behind toggles), and from which the panel starts open. */
  var NARROW = 600;
  var WIDE = 1024;
  var MARGIN = 6;
  var ASPECT = 0.625;
  /* The type of the message an embedded map posts to its page with the height it wants. */
  kit.EMBED_MESSAGE = "maps-embed:height";

  function rectIn(node, origin) {
    var r = node.getBoundingClientRect();
    if (!r.width || !r.height) return null;
    return { left: r.left - origin.left, top: r.top - origin.top, right: r.right - origin.left,
      bottom: r.bottom - origin.top };
  }

  /* The box around the visible controls of one corner ("top left", ...), in container pixels;
     without an open panel or legend when `closed`. */
  function corner(container, name, closed) {
    var holder = container.querySelector(".leaflet-" + name.split(" ").join(".leaflet-"));
    var origin = container.getBoundingClientRect();
    var box = null;
    if (!holder) return null;
    Array.prototype.forEach.call(holder.children, function (node) {
      if (closed && node.matches(".mk-panel:not(.mk-collapsed), .mk-legend:not(.mk-collapsed)")) return;
      var r = rectIn(node, origin);
      if (!r) return;
      box = box ? { left: Math.min(box.left, r.left), top: Math.min(box.top, r.top),
        right: Math.max(box.right, r.right), bottom: Math.max(box.bottom, r.bottom) } : r;
    });
    return box;
  }

  /* Room the controls take on each side: a corner's controls taller than 45% of the map take a
     side, others a band at the top or bottom. On a narrow map every corner takes a band, and
     a panel or legend the reader opened is left out, so the room depends on the width only. */
  kit.framePadding = function (map) {
    var c = map.getContainer();
    var w = c.clientWidth, h = c.clientHeight;
    var narrow = w < NARROW;
    var pad = { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN };
    ["top left", "top right", "bottom left", "bottom right"].forEach(function (name) {
      var r = corner(c, name, narrow);
      if (!r) return;
      var top = name.indexOf("top") === 0, left = name.indexOf("left") > 0;
      if (!narrow && r.bottom - r.top > 0.45 * h) {
        if (left) pad.left = Math.max(pad.left, r.right + MARGIN);
        else pad.right = Math.max(pad.right, w - r.left + MARGIN);
      } else if (top) {
        pad.top = Math.max(pad.top, r.bottom + MARGIN);
      } else {
        pad.bottom = Math.max(pad.bottom, h - r.top + MARGIN);
      }
    });
    return pad;
  };

  /* The height the map wants at its width: 16:10 from a tablet up; on a phone, the focus
     area at full width with the bands of controls above and below it. */
  kit.preferredHeight = function (map, focus) {
    var w = map.getContainer().clientWidth;
    if (w >= NARROW) return Math.round(w * ASPECT);
    var pad = kit.framePadding(map);
    var nw = map.project(focus.getNorthWest(), 8), se = map.project(focus.getSouthEast(), 8);
    var aspect = (se.y - nw.y) / (se.x - nw.x);
    return Math.ceil(pad.top + pad.bottom + aspect * Math.max(0, w - pad.left - pad.right));
  };

  function setSize(node, prop, px) { if (node) node.style[prop] = px === null ? "" : Math.max(0, Math.floor(px)) + "px"; }

  /* Sizes the controls so none covers another: the sources line, the note, and the panel and
     legend down to the controls at the bottom. */
  kit.fitControls = function (map) {
    var c = map.getContainer();
    var w = c.clientWidth, h = c.clientHeight;
    var narrow = w < NARROW;
    var attribution = c.querySelector(".leaflet-control-attribution");
    var bottomLeft = c.querySelector(".leaflet-bottom.leaflet-left");
    var note = c.querySelector(".mk-approx");
    if (bottomLeft) bottomLeft.style.bottom = "";
    if (narrow) {
      setSize(note, "maxWidth", w - 20);
      setSize(attribution, "maxWidth", w - 20);
      if (bottomLeft && attribution) setSize(bottomLeft, "bottom", attribution.getBoundingClientRect().height + 2);
    } else {
      setSize(note, "maxWidth", Math.min(480, w / 2));
      var left = corner(c, "bottom left");
      setSize(attribution, "maxWidth", w - (left ? left.right : 0) - 30);
    }
    var bl = corner(c, "bottom left"), br = corner(c, "bottom right");
    var floor = Math.min(bl ? bl.top : h, br ? br.top : h) - 10;
    var panel = c.querySelector(".mk-panel"), legend = c.querySelector(".mk-legend");
    [[panel, "top right"], [legend, "top left"]].forEach(function (pair) {
      var box = pair[0];
      if (!box) return;
      setSize(box, "maxHeight", null);
      setSize(box, "maxWidth", null);
      var r = rectIn(box, c.getBoundingClientRect());
      if (!r) return;
      setSize(box, "maxHeight", floor - r.top);
      var other = corner(c, pair[1]);
      var most = parseFloat(getComputedStyle(box).maxWidth) || w;
      var left = r.left, zoom = c.querySelector(".leaflet-control-zoom");
      if (narrow && zoom && box.classList.contains("mk-collapsed")) left = rectIn(zoom, c.getBoundingClientRect()).right + 10;
      var room = box === panel ? (other ? other.left : w) - left - 10 : w - 30 - (other ? other.right - other.left : 0);
      if (narrow || box === panel) setSize(box, "maxWidth", Math.min(most, room));
    });
  };

  /* Lays the map out for its width (mk-narrow, mk-medium or mk-wide on the container, with
     the controls' default states for that width), then fits the controls. */
  kit.layout = function (map) {
    var c = map.getContainer();
    var w = c.clientWidth;
    var mode = w < NARROW ? "narrow" : w < WIDE ? "medium" : "wide";
    if (c.getAttribute("data-layout") !== mode) {
      c.setAttribute("data-layout", mode);
      c.classList.remove("mk-narrow", "mk-medium", "mk-wide");
      c.classList.add("mk-" + mode);
      c.querySelectorAll(".mk-panel").forEach(function (b) { kit.collapse(b, mode !== "wide", false); });
      c.querySelectorAll(".mk-legend").forEach(function (b) { kit.collapse(b, mode === "narrow", false); });
      var attribution = c.querySelector(".leaflet-control-attribution");
      if (attribution) attribution.classList.remove("mk-open");
      if (map.mkPlacing) map.mkPlacing.sizes = null;
    }
    kit.fitControls(map);
  };

  /* The map's responsive behaviour: layout by width, the focus area framed clear of the
     controls (until the reader moves the map), labels placed after every zoom, and, inside an
     iframe, the height it wants posted to the page (kit.EMBED_MESSAGE). focus is [lon0, lat0,
     lon1, lat1]. */
  kit.responsive = function (map, focus) {
    var box = L.latLngBounds([[focus[1], focus[0]], [focus[3], focus[2]]]);
    map.mkFocus = box;
    var state = { fitting: false, moved: false, posted: null };
    function frame() {
      var pad = kit.framePadding(map);
      var size = map.getSize();
      if (size.x - pad.left - pad.right < 120 || size.y - pad.top - pad.bottom < 120) {
        pad = { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN };
      }
      state.fitting = true;
      map.fitBounds(box, { paddingTopLeft: [pad.left, pad.top], paddingBottomRight: [pad.right, pad.bottom],
        animate: false });
      state.fitting = false;
    }
    function post() {
      if (window.parent === window) return;
      var h = kit.preferredHeight(map, box);
      if (h === state.posted) return;
      state.posted = h;
      window.parent.postMessage({ type: kit.EMBED_MESSAGE, height: h }, "*");
    }
    function update() {
      kit.layout(map);
      if (!state.moved) frame();
      kit.place(map);
      post();
    }
    map.on("dragstart", function () { state.moved = true; });
    map.on("zoomstart", function () { if (!state.fitting) state.moved = true; });
    map.on("moveend viewreset", function () { kit.place(map); });
    map.on("resize", update);
    map.getContainer().addEventListener("mk-layout", function () { kit.fitControls(map); kit.place(map); });
    window.addEventListener("load", post);
    setTimeout(update, 0);
  };

  /* Leaflet's own controls in the page's language: the zoom buttons' titles, and the scale
     bar's units (text set as text; the imperial bar only where the words ask for it). */
  kit.localise = function (map) {
    var c = map.getContainer();
    [["leaflet-control-zoom-in", "zoom_in"], ["leaflet-control-zoom-out", "zoom_out"]].forEach(function (pair) {
      var b = c.querySelector("." + pair[0]);
      if (!b) return;
      b.title = t(pair[1]);
      b.setAttribute("aria-label", t(pair[1]));
    });
    map.on("popupopen", function (e) {
      var close = e.popup.getElement() && e.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) close.setAttribute("aria-label", t("close"));
    });
    if (!L.Control.Scale.prototype.mkLocal) {
      L.Control.Scale.include({
        mkLocal: true,
        _updateScale: function (scale, text, ratio) {
          scale.style.width = Math.round(this.options.maxWidth * ratio) + "px";
          scale.textContent = text;
        },
        _updateMetric: function (maxMeters) {
          var meters = this._getRoundNum(maxMeters);
          var label = meters < 1000 ? meters + " " + t("m") : meters / 1000 + " " + t("km");
          this._updateScale(this._mScale, label, meters / maxMeters);
        },
      });
    }
    if (!kit.words.imperial) {
      c.querySelectorAll(".leaflet-control-scale-line:nth-child(2)").forEach(function (line) { line.style.display = "none"; });
    }
  };

  /* Wheel zoom only after the reader clicks the map, so an embedded map never traps scrolling.
     Also registers the map in MapsKit.maps and opens the draw tool (draw.js) on #edit. */
  kit.scrollGuard = function (map) {
    kit.maps.push(map);
    kit.localise(map);
    if (location.hash === "#edit") setTimeout(function () { kit.editMode(map); }, 0);
    map.scrollWheelZoom.disable();
    map.on("click focus", function () { map.scrollWheelZoom.enable(); });
    map.getContainer().addEventListener("mouseleave", function () { map.scrollWheelZoom.disable(); });
  };
})();
