/* MapsTimeline: the timeline page. The atoms (pieces of Ukraine whose holder never changes
   within a date) are drawn once and restyled per date; a slider picks the date; a chart and
   tables show the area held per date and per region; two selectors compare two dates (km²
   that changed hands each way, per region, and the largest places that changed hands).
   Data: the JSON in <script id="mk-tl-data"> (maps/render/timeline.py writes it).
   Every text from the data goes into the page with textContent, never as HTML: tooltips get
   DOM nodes, because Leaflet parses string content as HTML.
   The functions that compute (decode, held, changes, changedPlaces, ticks, km2, pct) are pure,
   so Node can test them without a browser. */
(function () {
  "use strict";
  var T = (window.MapsTimeline = {});
  var SVG = "http://www.w3.org/2000/svg";
  T.ORDER = ["R", "c", "U", "-"];
  /* The page's words (maps.i18n.UI, keys "tl.*") and number format, from the data. */
  T.WORDS = {};
  T.FORMAT = { group: ",", decimal: "." };
  T.NAMES = {};
  T.setWords = function (words, format) {
    T.WORDS = words || {};
    if (format) T.FORMAT = format;
    T.NAMES = { R: T.WORDS.R, U: T.WORDS.U, c: T.WORDS.c, "-": T.WORDS["-"] };
  };
  /* A word of the page with its {fields} filled in (the key itself when missing). */
  function w(key, fields) {
    var text = Object.prototype.hasOwnProperty.call(T.WORDS, key) ? T.WORDS[key] : key;
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return fields && name in fields ? String(fields[name]) : all;
    });
  }
  T.w = w;

  /* A delta-encoded ring ([x0, y0, dx1, dy1, ...] in units of 1/scale degree) as Leaflet
     [lat, lon] pairs. */
  T.decode = function (flat, scale) {
    var out = [];
    var x = 0;
    var y = 0;
    for (var i = 0; i + 1 < flat.length; i += 2) {
      x += flat[i];
      y += flat[i + 1];
      out.push([y / scale, x / scale]);
    }
    return out;
  };

  /* Encoded parts (lists of rings) as nested Leaflet lat/lng arrays. */
  T.latlngs = function (parts, scale) {
    return parts.map(function (rings) {
      return rings.map(function (ring) { return T.decode(ring, scale); });
    });
  };

  function zeros() {
    return { R: 0, U: 0, c: 0, "-": 0 };
  }

  /* km² by holder at date index d: {total: {R, U, c, "-"}, regions: [{R, U, c, "-"}, ...]}. */
  T.held = function (data, d) {
    var total = zeros();
    var regions = data.regions.map(zeros);
    data.atoms.forEach(function (a) {
      var code = a[1].charAt(d);
      total[code] += a[2];
      regions[a[0]][code] += a[2];
    });
    return { total: total, regions: regions };
  };

  /* What changed hands from date index a to b: km² by "from>to" pair in total and per region,
     and the indices of the atoms that changed. */
  T.changes = function (data, a, b) {
    var pairs = {};
    var regions = data.regions.map(function () { return {}; });
    var atoms = [];
    data.atoms.forEach(function (atom, i) {
      var from = atom[1].charAt(a);
      var to = atom[1].charAt(b);
      if (from === to) return;
      var key = from + ">" + to;
      pairs[key] = (pairs[key] || 0) + atom[2];
      regions[atom[0]][key] = (regions[atom[0]][key] || 0) + atom[2];
      atoms.push(i);
    });
    return { pairs: pairs, regions: regions, atoms: atoms };
  };

  /* The places (largest first, at most n) whose holder differs between date indices a and b. */
  T.changedPlaces = function (data, a, b, n) {
    var out = [];
    for (var i = 0; i < data.places.length && out.length < n; i++) {
      var p = data.places[i];
      var holders = data.atoms[p[3]][1];
      if (holders.charAt(a) !== holders.charAt(b)) {
        out.push({ name: p[0], region: data.regions[p[1]][1], population: p[2],
          from: holders.charAt(a), to: holders.charAt(b), lon: p[4], lat: p[5] });
      }
    }
    return out;
  };

  /* For each region, whether anyone but Ukraine holds part of it at some date. */
  T.touched = function (data) {
    var out = data.regions.map(function () { return false; });
    data.atoms.forEach(function (a) { if (/[^U]/.test(a[1])) out[a[0]] = true; });
    return out;
  };

  /* Whether some date has contested ground (a grey zone). */
  T.hasGrey = function (data) {
    return data.atoms.some(function (a) { return a[1].indexOf("c") >= 0; });
  };

  /* Round axis ticks from 0 to at least max: steps of 1, 2 or 5 times a power of ten. */
  T.ticks = function (max, count) {
    if (!(max > 0)) return [0];
    var raw = max / (count || 5);
    var power = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 5, 10].map(function (m) { return m * power; }).filter(function (s) { return s >= raw; })[0];
    var out = [];
    for (var i = 0; ; i++) {
      var v = Number((i * step).toPrecision(12));
      out.push(v);
      if (v >= max) return out;
    }
  };

  /* Whole numbers with thousands separators: 71293.4 -> "71,293" (T.FORMAT.group). */
  T.whole = function (x) {
    var s = String(Math.round(Math.abs(x)));
    var out = "";
    while (s.length > 3) {
      out = T.FORMAT.group + s.slice(-3) + out;
      s = s.slice(0, -3);
    }
    return (x < 0 && Math.round(Math.abs(x)) !== 0 ? "-" : "") + s + out;
  };

  T.km2 = function (x) {
    return T.whole(x) + " " + (T.WORDS.km2 || "km\u00b2");
  };

  /* A share in per cent with one decimal: pct(1, 8) -> "12.5%" (T.FORMAT.decimal). */
  T.pct = function (part, whole) {
    if (!(whole > 0)) return "\u2013";
    return (Math.round((1000 * part) / whole) / 10).toFixed(1).replace(".", T.FORMAT.decimal) + "%";
  };

  /* ---- DOM ---- */

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svgEl(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function table(columns, rows, cls) {
    var t = el("table", "mk-tl-table" + (cls ? " " + cls : ""));
    var head = el("tr");
    columns.forEach(function (c) {
      var th = el("th", "", c);
      th.scope = "col";
      head.appendChild(th);
    });
    var thead = el("thead");
    thead.appendChild(head);
    t.appendChild(thead);
    var body = el("tbody");
    rows.forEach(function (r) {
      var tr = el("tr");
      r.forEach(function (v, i) {
        var cell = el(i ? "td" : "th", "", v);
        if (!i) cell.scope = "row";
        tr.appendChild(cell);
      });
      body.appendChild(tr);
    });
    t.appendChild(body);
    return t;
  }

  /* The area chart: one stacked bar per date (Russian-held, then contested), km² on the left
     axis, share of Ukraine on the right, every date labelled; clicking a bar picks its date. */
  T.chart = function (data, series, selected, styles, pick) {
    var n = series.length;
    var ukraine = T.held(data, 0);
    var total = ukraine.total.R + ukraine.total.U + ukraine.total.c + ukraine.total["-"];
    var max = Math.max.apply(null, series.map(function (h) { return h.total.R + h.total.c; }).concat([1]));
    var ticks = T.ticks(max, 5);
    var top = ticks[ticks.length - 1];
    var slot = Math.max(26, Math.min(72, Math.floor(300 / n)));
    var slanted = n * 70 > slot * n + 20;
    var left = 52;
    var right = 46;
    var plotH = 150;
    var labelH = slanted ? 74 : 24;
    var width = left + right + slot * n;
    var height = 14 + plotH + labelH;
    var y = function (v) { return 14 + plotH - (plotH * v) / top; };
    var svg = svgEl("svg", { viewBox: "0 0 " + width + " " + height, width: width, height: height,
      "class": "mk-tl-chart", role: "group", "aria-label": w("chart_label") });
    ticks.forEach(function (t) {
      svg.appendChild(svgEl("line", { x1: left, x2: width - right, y1: y(t), y2: y(t), "class": "mk-tl-grid" }));
      svg.appendChild(svgEl("text", { x: left - 4, y: y(t) + 4, "text-anchor": "end", "class": "mk-tl-tick" },
        t >= 1000 ? T.whole(t / 1000) + w("thousand") : T.whole(t)));
      svg.appendChild(svgEl("text", { x: width - right + 4, y: y(t) + 4, "class": "mk-tl-tick" }, T.pct(t, total)));
    });
    svg.appendChild(svgEl("text", { x: 2, y: 10, "class": "mk-tl-axis" }, w("km2")));
    svg.appendChild(svgEl("text", { x: width - 2, y: 10, "text-anchor": "end", "class": "mk-tl-axis" }, w("share_axis")));
    series.forEach(function (h, i) {
      var x = left + slot * i + 4;
      var g = svgEl("g", { "class": "mk-tl-bar" + (i === selected ? " mk-tl-selected" : ""), "data-index": i });
      var ru = h.total.R;
      var grey = h.total.c;
      var label = w("bar", { date: data.dates[i].label, km2: T.km2(ru), share: T.pct(ru, total) }) +
        (grey > 0 ? w("bar_grey", { km2: T.km2(grey) }) : "");
      g.appendChild(svgEl("title", {}, label));
      g.appendChild(svgEl("rect", { x: x, y: y(ru), width: slot - 8, height: Math.max(0, y(0) - y(ru)),
        fill: styles.R.fillColor, "class": "mk-tl-ru" }));
      if (grey > 0) {
        g.appendChild(svgEl("rect", { x: x, y: y(ru + grey), width: slot - 8, height: Math.max(0, y(ru) - y(ru + grey)),
          fill: styles.c.fillColor, "class": "mk-tl-grey" }));
      }
      var cx = x + (slot - 8) / 2;
      var text = svgEl("text", { x: cx, y: y(0) + 12, "class": "mk-tl-date",
        "text-anchor": slanted ? "end" : "middle",
        transform: slanted ? "rotate(-60 " + cx + " " + (y(0) + 12) + ")" : "" }, data.dates[i].date);
      g.appendChild(text);
      g.addEventListener("click", function () { pick(i); });
      svg.appendChild(g);
    });
    svg.appendChild(svgEl("line", { x1: left, x2: width - right, y1: y(0), y2: y(0), "class": "mk-tl-baseline" }));
    return svg;
  };

  /* The hatching that marks ground that changed hands: one hidden SVG <pattern> the map's
     paths and the legend swatch fill with (url(#mk-tl-hatch)). */
  T.hatch = function (ink) {
    var holder = svgEl("svg", { width: 0, height: 0, "aria-hidden": "true" });
    holder.style.position = "absolute";
    var pattern = svgEl("pattern", { id: "mk-tl-hatch", patternUnits: "userSpaceOnUse", width: 7, height: 7,
      patternTransform: "rotate(45)" });
    pattern.appendChild(svgEl("line", { x1: 0, y1: 0, x2: 0, y2: 7, stroke: ink, "stroke-width": 1.6,
      "stroke-opacity": 0.7 }));
    var defs = svgEl("defs", {});
    defs.appendChild(pattern);
    holder.appendChild(defs);
    document.body.appendChild(holder);
  };

  /* A legend swatch drawn with the map's own style options. */
  function swatch(kind, o) {
    var sw = svgEl("svg", { width: 22, height: 14, "aria-hidden": "true" });
    var shape = kind === "line" ? svgEl("line", { x1: 1, y1: 7, x2: 21, y2: 7 })
      : kind === "point" ? svgEl("circle", { cx: 11, cy: 7, r: 4 })
        : svgEl("rect", { x: 1.5, y: 1.5, width: 19, height: 11 });
    shape.setAttribute("fill", o.fill === false || kind === "line" ? "none" : o.fillColor || "none");
    shape.setAttribute("fill-opacity", o.fillOpacity === undefined ? 1 : o.fillOpacity);
    shape.setAttribute("stroke", o.stroke === false ? "none" : o.color || "none");
    if (o.weight) shape.setAttribute("stroke-width", Math.min(o.weight, 3));
    if (o.dashArray) shape.setAttribute("stroke-dasharray", o.dashArray);
    sw.appendChild(shape);
    return sw;
  }

  /* The map's legend: holders, the line of contact, what changed between the two dates. */
  T.legend = function (data) {
    var Legend = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var box = el("div", "mk-tl-legend");
        box.setAttribute("role", "list");
        box.setAttribute("aria-label", w("legend"));
        var items = [["area", data.styles.R, T.NAMES.R], ["area", data.styles.U, T.NAMES.U]]
          .concat(T.hasGrey(data) ? [["area", data.styles.c, T.NAMES.c]] : [])
          .concat([["line", data.lineStyles.front, w("front")],
          ["area", data.lineStyles.changed, w("changed")],
          ["point", data.lineStyles.place, w("place")]]);
        items.forEach(function (it) {
          var row = el("div", "mk-tl-legend-row");
          row.setAttribute("role", "listitem");
          row.appendChild(swatch(it[0], it[1]));
          row.appendChild(el("span", "", it[2]));
          box.appendChild(row);
        });
        L.DomEvent.disableClickPropagation(box);
        return box;
      },
    });
    return new Legend();
  };

  function option(value, text) {
    var o = el("option", "", text);
    o.value = String(value);
    return o;
  }

  /* The tooltip of an atom at date index d, as a DOM node. */
  function atomTip(data, atom, d) {
    var box = el("div", "mk-tip");
    box.appendChild(el("div", "mk-tip-head", data.regions[atom[0]][1]));
    box.appendChild(el("div", "", w("tip", { holder: T.NAMES[atom[1].charAt(d)], date: data.dates[d].label })));
    return box;
  }

  /* Build the page into `root` and the map into `mapNode` from `data`. Returns the controller
     {show(d), compare(a, b)} (also at MapsTimeline.page). */
  T.start = function (data, root, mapNode) {
    T.setWords(data.words, data.format);
    var scale = Math.pow(10, data.precision.decimals);
    var styles = data.styles;
    var n = data.dates.length;
    var series = data.dates.map(function (_, d) { return T.held(data, d); });
    var ukraineKm2 = data.regions.reduce(function (s, r) { return s + r[2]; }, 0);
    var state = { date: n - 1, from: 0, to: n - 1, showChange: true };
    var touched = T.touched(data);
    var grey = T.hasGrey(data);
    /* Tables have a contested column only where some date has a grey zone. */
    function cells(row) {
      return grey ? row : row.filter(function (_, i) { return i !== 3; });
    }
    function wide(node) {
      var scroller = el("div", "mk-tl-scroll");
      scroller.appendChild(node);
      return scroller;
    }

    /* ---- map ---- */
    var map = L.map(mapNode, { zoomSnap: 0.25, minZoom: 5, maxZoom: 11, attributionControl: false,
      zoomControl: false });
    L.control.zoom({ zoomInTitle: w("zoom_in"), zoomOutTitle: w("zoom_out") }).addTo(map);
    map.fitBounds([[data.bounds[1], data.bounds[0]], [data.bounds[3], data.bounds[2]]]);
    [["context", 350], ["atoms", 400], ["borders", 420], ["changed", 430], ["front", 450], ["labels", 620], ["places", 640]]
      .forEach(function (p) { map.createPane(p[0]).style.zIndex = String(p[1]); });
    data.context.forEach(function (c) {
      var options = Object.assign({ pane: "context", interactive: false }, data.contextStyles[c[0]] || {});
      var parts = T.latlngs(c[1], scale);
      if (options.fill === false) L.polyline(parts.map(function (rings) { return rings[0]; }), options).addTo(map);
      else L.polygon(parts, options).addTo(map);
    });
    var shapes = data.atoms.map(function (atom) {
      var shape = L.polygon(T.latlngs(atom[3], scale), Object.assign({ pane: "atoms" }, styles[atom[1].charAt(state.date)]));
      shape.bindTooltip(function () { return atomTip(data, atom, state.date); }, { sticky: true });
      return shape.addTo(map);
    });
    L.polyline(T.latlngs(data.borders, scale).map(function (rings) { return rings[0]; }),
      Object.assign({ pane: "borders", interactive: false }, data.lineStyles.border)).addTo(map);
    var fronts = data.fronts.map(function (parts) {
      return L.polyline(T.latlngs(parts, scale).map(function (rings) { return rings[0]; }),
        Object.assign({ pane: "front", interactive: false }, data.lineStyles.front));
    });
    data.labels.forEach(function (r) {
      var icon = L.divIcon({ className: "mk-label " + r[3], html: "", iconSize: null });
      var marker = L.marker([r[1], r[0]], { icon: icon, interactive: false, keyboard: false, pane: "labels" }).addTo(map);
      marker.getElement().appendChild(el("span", "", r[2]));
    });
    T.hatch(data.lineStyles.changed.color);
    var changedLayer = L.layerGroup().addTo(map);
    T.legend(data).addTo(map);
    var note = el("div", "mk-tl-note");
    note.setAttribute("aria-live", "polite");
    mapNode.appendChild(note);
    var credits = el("div", "mk-tl-credits");
    mapNode.appendChild(credits);

    /* ---- panel ---- */
    var slider = el("input", "mk-tl-slider");
    slider.type = "range";
    slider.id = "mk-tl-slider";
    slider.min = "0";
    slider.max = String(n - 1);
    slider.step = "1";
    var sliderLabel = el("label", "mk-tl-label", w("pick"));
    sliderLabel.htmlFor = slider.id;
    var prev = el("button", "mk-tl-step", w("earlier"));
    var next = el("button", "mk-tl-step", w("later"));
    prev.type = next.type = "button";
    var current = el("div", "mk-tl-current");
    var provenance = el("div", "mk-tl-provenance");
    var figures = el("ul", "mk-tl-figures");
    var chartBox = el("div", "mk-tl-chartbox");
    var regionBox = el("div", "mk-tl-regions");
    var datesBox = el("details", "mk-tl-dates");
    datesBox.appendChild(el("summary", "", w("every_date")));
    datesBox.appendChild(wide(table(cells([w("col_date"), w("col_R_km2"), "%", w("col_c_km2"),
      w("col_U_km2"), "%"]), series.map(function (h, d) {
      return cells([data.dates[d].label, T.whole(h.total.R), T.pct(h.total.R, ukraineKm2), T.whole(h.total.c),
        T.whole(h.total.U), T.pct(h.total.U, ukraineKm2)]);
    }))));

    var fromSel = el("select", "mk-tl-from");
    var toSel = el("select", "mk-tl-to");
    fromSel.id = "mk-tl-from";
    toSel.id = "mk-tl-to";
    data.dates.forEach(function (d, i) {
      fromSel.appendChild(option(i, d.label));
      toSel.appendChild(option(i, d.label));
    });
    var showBox = el("input");
    showBox.type = "checkbox";
    showBox.id = "mk-tl-show-change";
    showBox.checked = true;
    var showLabel = el("label", "", w("show_change"));
    showLabel.htmlFor = showBox.id;
    var changeBox = el("div", "mk-tl-change");
    changeBox.setAttribute("aria-live", "polite");

    function section(title, nodes) {
      var s = el("section", "mk-tl-section");
      s.appendChild(el("h2", "", title));
      nodes.forEach(function (x) { s.appendChild(x); });
      root.appendChild(s);
    }
    var controls = el("div", "mk-tl-controls");
    [sliderLabel, slider, prev, next].forEach(function (x) { controls.appendChild(x); });
    section(w("date_shown"), [controls, current, provenance]);
    section(w("area_held"), [figures, chartBox, datesBox]);
    section(w("by_region"), [regionBox]);
    var pickers = el("div", "mk-tl-pickers");
    var fromLabel = el("label", "", w("from"));
    fromLabel.htmlFor = fromSel.id;
    var toLabel = el("label", "", w("to"));
    toLabel.htmlFor = toSel.id;
    [fromLabel, fromSel, toLabel, toSel].forEach(function (x) { pickers.appendChild(x); });
    var showRow = el("div", "mk-tl-showrow");
    showRow.appendChild(showBox);
    showRow.appendChild(showLabel);
    section(w("what_changed"), [pickers, showRow, changeBox]);
    var notes = el("ul", "mk-tl-notes");
    data.notes.forEach(function (t) { notes.appendChild(el("li", "", t)); });
    root.appendChild(notes);

    function showDate(d) {
      var info = data.dates[d];
      var h = series[d];
      shapes.forEach(function (shape, i) { shape.setStyle(styles[data.atoms[i][1].charAt(d)]); });
      fronts.forEach(function (f, i) {
        if (i === d) f.addTo(map);
        else f.remove();
      });
      slider.value = String(d);
      slider.setAttribute("aria-valuetext", info.label);
      prev.disabled = d === 0;
      next.disabled = d === n - 1;
      current.textContent = "";
      current.appendChild(el("div", "mk-tl-date-big", info.label));
      current.appendChild(el("div", "mk-tl-title", info.title));
      provenance.textContent = "";
      [[w("source"), info.source], [w("licence"), info.licence], [w("accuracy"), info.accuracy]].forEach(function (row) {
        if (!row[1]) return;
        var p = el("p", "");
        p.appendChild(el("span", "mk-tl-key", row[0] + ": "));
        p.appendChild(el("span", "", row[1]));
        provenance.appendChild(p);
      });
      note.textContent = info.note;
      credits.textContent = data.credits.concat([info.credit]).join(" \u00b7 ");
      figures.textContent = "";
      T.ORDER.forEach(function (code) {
        if (code === "-" && !h.total[code]) return;
        if (code === "c" && !h.total[code]) return;
        var li = el("li", "mk-tl-figure", "");
        li.setAttribute("data-holder", code);
        var swatch = el("span", "mk-tl-swatch");
        swatch.style.background = styles[code].fillColor;
        swatch.style.opacity = String(Math.min(1, styles[code].fillOpacity + 0.2));
        li.appendChild(swatch);
        li.appendChild(el("span", "", T.NAMES[code] + ": "));
        li.appendChild(el("strong", "", T.km2(h.total[code])));
        li.appendChild(el("span", "", w("of_ukraine", { share: T.pct(h.total[code], ukraineKm2) })));
        figures.appendChild(li);
      });
      chartBox.textContent = "";
      var scrolled = chartBox.scrollLeft;
      chartBox.appendChild(T.chart(data, series, d, styles, function (i) { showDate(i); }));
      var bar = chartBox.querySelector(".mk-tl-selected");
      chartBox.scrollLeft = scrolled;
      if (bar && bar.scrollIntoView && chartBox.scrollWidth > chartBox.clientWidth) {
        var box = bar.getBoundingClientRect();
        var frame = chartBox.getBoundingClientRect();
        if (box.left < frame.left || box.right > frame.right) {
          chartBox.scrollLeft += box.left - frame.left - frame.width / 2;
        }
      }
      regionBox.textContent = "";
      var rows = [];
      var calm = { R: 0, U: 0, c: 0, "-": 0, km2: 0, count: 0 };
      data.regions.forEach(function (r, i) {
        var hr = h.regions[i];
        if (touched[i]) {
          rows.push([r[1], T.whole(hr.R), T.pct(hr.R, r[2]), T.whole(hr.c), T.whole(hr.U), T.pct(hr.U, r[2])]);
        } else {
          ["R", "U", "c", "-"].forEach(function (k) { calm[k] += hr[k]; });
          calm.km2 += r[2];
          calm.count += 1;
        }
      });
      if (calm.count) {
        rows.push([w("other_regions", { count: calm.count }), T.whole(calm.R), T.pct(calm.R, calm.km2), T.whole(calm.c),
          T.whole(calm.U), T.pct(calm.U, calm.km2)]);
      }
      rows.push([w("ukraine"), T.whole(h.total.R), T.pct(h.total.R, ukraineKm2), T.whole(h.total.c), T.whole(h.total.U),
        T.pct(h.total.U, ukraineKm2)]);
      var caption = el("p", "mk-tl-caption", w("on_date", { date: info.label }));
      regionBox.appendChild(caption);
      regionBox.appendChild(wide(table(cells([w("col_region"), w("col_R"), "%", w("col_c"), w("col_U"), "%"]),
        rows.map(cells), "mk-tl-by-region")));
      state.date = d;
    }

    function pairText(key) {
      return T.NAMES[key.charAt(0)] + " \u2192 " + T.NAMES[key.charAt(2)];
    }

    function showChange(a, b) {
      state.from = a;
      state.to = b;
      fromSel.value = String(a);
      toSel.value = String(b);
      var c = T.changes(data, a, b);
      changeBox.textContent = "";
      changedLayer.clearLayers();
      var from = data.dates[a].label;
      var to = data.dates[b].label;
      if (a === b) {
        changeBox.appendChild(el("p", "", w("pick_two")));
        return;
      }
      var keys = Object.keys(c.pairs).sort(function (x, y) { return c.pairs[y] - c.pairs[x]; });
      ["U>R", "R>U"].forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); });
      var list = el("ul", "mk-tl-pairs");
      keys.forEach(function (k) {
        var li = el("li", "");
        li.setAttribute("data-pair", k);
        li.appendChild(el("span", "", pairText(k) + ": "));
        li.appendChild(el("strong", "", T.km2(c.pairs[k] || 0)));
        list.appendChild(li);
      });
      changeBox.appendChild(el("p", "mk-tl-caption", w("changed_caption", { from: from, to: to })));
      changeBox.appendChild(list);
      var rows = [];
      data.regions.forEach(function (r, i) {
        var pr = c.regions[i];
        var moved = Object.keys(pr);
        if (!moved.length) return;
        var other = moved.filter(function (k) { return k !== "U>R" && k !== "R>U"; })
          .reduce(function (s, k) { return s + pr[k]; }, 0);
        rows.push([r[1], T.whole(pr["U>R"] || 0), T.whole(pr["R>U"] || 0), T.whole(other)]);
      });
      if (rows.length) {
        changeBox.appendChild(table([w("col_region_km2"), w("col_U_R"), w("col_R_U"), w("col_other")],
          rows, "mk-tl-change-regions"));
      }
      var places = T.changedPlaces(data, a, b, 20);
      changeBox.appendChild(el("h3", "", places.length ? w("places_head", { count: places.length }) :
        w("no_places")));
      var ol = el("ol", "mk-tl-places");
      places.forEach(function (p) {
        var li = el("li", "");
        li.appendChild(el("strong", "", p.name));
        li.appendChild(el("span", "", w("place_line", { region: p.region, people: T.whole(p.population),
          from: T.NAMES[p.from], to: T.NAMES[p.to] })));
        ol.appendChild(li);
        if (state.showChange) {
          var m = L.circleMarker([p.lat, p.lon], Object.assign({ pane: "places" }, data.lineStyles.place));
          m.bindTooltip(el("span", "", p.name), { direction: "top" });
          changedLayer.addLayer(m);
        }
      });
      changeBox.appendChild(ol);
      if (state.showChange) {
        c.atoms.forEach(function (i) {
          changedLayer.addLayer(L.polygon(T.latlngs(data.atoms[i][3], scale),
            Object.assign({ pane: "changed", interactive: false }, data.lineStyles.changed)));
        });
      }
    }

    slider.addEventListener("input", function () { showDate(Number(slider.value)); });
    prev.addEventListener("click", function () { if (state.date > 0) showDate(state.date - 1); });
    next.addEventListener("click", function () { if (state.date < n - 1) showDate(state.date + 1); });
    fromSel.addEventListener("change", function () { showChange(Number(fromSel.value), state.to); });
    toSel.addEventListener("change", function () { showChange(state.from, Number(toSel.value)); });
    showBox.addEventListener("change", function () {
      state.showChange = showBox.checked;
      showChange(state.from, state.to);
    });
    showDate(state.date);
    showChange(state.from, state.to);
    T.page = { map: map, show: showDate, compare: showChange, state: state };
    return T.page;
  };

  if (typeof document !== "undefined") {
    var source = document.getElementById("mk-tl-data");
    if (source) {
      T.start(JSON.parse(source.textContent), document.getElementById("mk-tl-app"),
        document.getElementById("mk-tl-map"));
    }
  }
})();
