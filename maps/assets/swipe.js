/* MapsKit, part 2 of 3: the swipe comparison. Left of the slider only the left panes show,
   right of it only the right panes; the comparison panel shows both sides' figures side by
   side. The clipping maths (swipeClip) and the start (swipeStart) are pure, so Node can test
   them. */
(function () {
  "use strict";
  var kit = window.MapsKit;

  /* The two clip polygons, in layer pixels, for a map of `size` ({x, y}) whose container's
     top-left corner is at layer point `origin` ({x, y}), cut at `ratio` (0 to 1) of the width.
     Returns {cut: the cut's x in container pixels, left: [[x, y], ...], right: [[x, y], ...]}. */
  kit.swipeClip = function (size, origin, ratio) {
    var cut = Math.round(size.x * Math.min(1, Math.max(0, ratio)));
    var west = origin.x, north = origin.y, east = origin.x + size.x, south = origin.y + size.y;
    var mid = west + cut;
    return {
      cut: cut,
      left: [[west, north], [mid, north], [mid, south], [west, south]],
      right: [[mid, north], [east, north], [east, south], [mid, south]],
    };
  };

  /* A CSS clip-path value for a polygon of [x, y] pixel points. */
  kit.clipPath = function (points) {
    return "polygon(" + points.map(function (p) { return p[0] + "px " + p[1] + "px"; }).join(",") + ")";
  };

  /* Where the slider starts, as a ratio of the map's width: half way across the part of the
     map not covered by the panel (`covered` pixels from the left edge), so that neither side
     starts hidden under it; half way across the map when the panel leaves too little room. */
  kit.swipeStart = function (width, covered) {
    var free = width - Math.max(0, covered);
    if (covered <= 0 || free < 240) return 0.5;
    return Math.round((covered + free / 2)) / width;
  };

  /* How far the panel (the first .mk-panel in `container`) covers the map from its left
     edge, in pixels, with a small margin; 0 without a panel. */
  function coveredBy(container) {
    var panel = container.querySelector(".mk-panel");
    if (!panel) return 0;
    var box = panel.getBoundingClientRect();
    if (!box.width) return 0;
    return Math.ceil(box.right - container.getBoundingClientRect().left) + 8;
  }

  function paneList(p) { return Array.isArray(p) ? p : [p]; }

  /* The slider over `map`: the panes named by `leftPanes` (a name or a list of names) show only
     left of it, those of `rightPanes` only right of it; panes not (yet) on the map are skipped.
     `labels` name the two sides. It starts where neither side is under the panel, and keeps to
     that place when the map or the panel changes size until the reader moves it. Sets
     MapsKit.setSwipe to move it; returns {set: the same function}. */
  kit.swipe = function (map, leftPanes, rightPanes, labels) {
    var el = kit.el;
    var container = map.getContainer();
    var bar = el("div", "mk-swipe");
    var handle = el("div", "mk-swipe-handle", "\u25C0\u25B6");
    handle.tabIndex = 0;
    handle.setAttribute("role", "slider");
    handle.setAttribute("aria-label", kit.t("swipe", { a: labels[0], b: labels[1] }));
    handle.setAttribute("aria-valuemin", "0");
    handle.setAttribute("aria-valuemax", "100");
    bar.appendChild(handle);
    container.appendChild(bar);
    var tagLeft = el("div", "mk-swipe-label mk-swipe-left", labels[0]);
    var tagRight = el("div", "mk-swipe-label mk-swipe-right", labels[1]);
    tagLeft.title = labels[0];
    tagRight.title = labels[1];
    container.appendChild(tagLeft);
    container.appendChild(tagRight);
    var lefts = paneList(leftPanes), rights = paneList(rightPanes);
    var moved = false;
    var ratio = 0.5;
    function clipPanes(names, points) {
      names.forEach(function (name) {
        var pane = map.getPane(name);
        if (pane) pane.style.clipPath = kit.clipPath(points);
      });
    }
    function clip() {
      var size = map.getSize();
      var c = kit.swipeClip(size, map.containerPointToLayerPoint([0, 0]), ratio);
      clipPanes(lefts, c.left);
      clipPanes(rights, c.right);
      bar.style.left = c.cut + "px";
      tagLeft.style.left = c.cut + "px";
      tagRight.style.left = c.cut + "px";
      /* Each label stays clear of the panel and of the full-screen button. */
      tagLeft.style.maxWidth = Math.max(60, c.cut - coveredBy(container) - 16) + "px";
      tagRight.style.maxWidth = Math.max(60, size.x - c.cut - 70) + "px";
      handle.setAttribute("aria-valuenow", String(Math.round(ratio * 100)));
    }
    function place(r) { ratio = Math.min(0.98, Math.max(0.02, r)); clip(); }
    function start() { if (!moved) place(kit.swipeStart(map.getSize().x, coveredBy(container))); }
    function setRatio(r) { moved = true; place(r); }
    function fromEvent(e) {
      var p = e.touches ? e.touches[0] : e;
      var rect = container.getBoundingClientRect();
      setRatio((p.clientX - rect.left) / rect.width);
    }
    var dragging = false;
    function begin(e) { dragging = true; map.dragging.disable(); e.preventDefault(); }
    function stop() { if (dragging) { dragging = false; map.dragging.enable(); } }
    handle.addEventListener("mousedown", begin);
    handle.addEventListener("touchstart", begin, { passive: false });
    document.addEventListener("mousemove", function (e) { if (dragging) fromEvent(e); });
    document.addEventListener("touchmove", function (e) { if (dragging) fromEvent(e); }, { passive: true });
    document.addEventListener("mouseup", stop);
    document.addEventListener("touchend", stop);
    handle.addEventListener("keydown", function (e) {
      if (e.key === "ArrowLeft") { setRatio(ratio - 0.05); e.preventDefault(); }
      if (e.key === "ArrowRight") { setRatio(ratio + 0.05); e.preventDefault(); }
    });
    L.DomEvent.disableClickPropagation(bar);
    map.on("move zoom viewreset zoomend moveend", clip);
    map.on("resize", function () { start(); clip(); });
    var panel = container.querySelector(".mk-panel");
    if (panel && window.ResizeObserver) new window.ResizeObserver(start).observe(panel);
    start();
    kit.setSwipe = setRatio;
    return { set: setRatio };
  };

  /* A scenario's labelled points drawn in one side's pane, their labels too, so the slider
     shows them only on that side. Rows are [lon, lat, label, note]. */
  kit.sideNotes = function (map, rows, style, pane, z) {
    if (!map.getPane(pane)) map.createPane(pane).style.zIndex = String(z);
    rows.forEach(function (r) {
      var m = L.circleMarker([r[1], r[0]], Object.assign({ radius: 5, pane: pane }, style)).addTo(map);
      m.bindTooltip(kit.el("span", "", r[2]), { permanent: true, direction: "top",
        className: "mk-annotation", pane: pane });
      if (r[3]) m.bindPopup(kit.el("div", "", r[3]));
    });
  };

  function list(items, cls) {
    var ul = kit.el("ul", cls);
    items.forEach(function (t) { ul.appendChild(kit.el("li", "", t)); });
    return ul;
  }

  function table(cls, head, rows) {
    var el = kit.el;
    var t = el("table", "mk-table " + cls);
    var tr = el("tr");
    head.forEach(function (cell) { tr.appendChild(cell); });
    t.appendChild(el("thead")).appendChild(tr);
    var body = t.appendChild(el("tbody"));
    rows.forEach(function (r) {
      var row = el("tr");
      r.forEach(function (v, i) { row.appendChild(el(i ? "td" : "th", "", v)); });
      body.appendChild(row);
    });
    return t;
  }

  /* A side's heading cell: its letter, where it is, its title. */
  function sideHead(side) {
    var el = kit.el;
    var th = el("th", "mk-side mk-side-" + side.key);
    th.appendChild(el("span", "mk-side-key", (side.mark || side.key) + " \u00b7 " + side.where));
    th.appendChild(el("span", "mk-side-title", side.label));
    return th;
  }

  /* One side's summary, rules, other terms and sources, folded away. */
  function sideDetails(side) {
    var el = kit.el;
    var box = el("details", "mk-side-details mk-side-" + side.key);
    box.appendChild(el("summary", "", (side.mark || side.key) + ": " + side.title));
    if (side.summary) box.appendChild(el("p", "mk-summary", side.summary));
    if (side.rules.length) box.appendChild(list(side.rules, "mk-rules"));
    if (side.terms.length) {
      box.appendChild(el("h2", "", kit.t("other_terms")));
      box.appendChild(list(side.terms, "mk-terms"));
    }
    if (side.sources.length) {
      box.appendChild(el("h2", "", kit.t("sources")));
      var ul = el("ul", "mk-sources");
      side.sources.forEach(function (s) {
        var li = el("li");
        var url = typeof s.url === "string" && /^https?:\/\//i.test(s.url) ? s.url : null;
        var shown = s.url && !url ? s.title + " (" + s.url + ")" : s.title;
        var name = url ? el("a", "", s.title) : el("span", "", shown);
        if (url) { name.href = url; name.target = "_blank"; name.rel = "noopener noreferrer"; }
        li.appendChild(name);
        if (s.meta) li.appendChild(el("span", "mk-meta", " \u2014 " + s.meta));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    return box;
  }

  /* The comparison panel: the two sides' titles, dates, baselines and key figures side by
     side; the land that changes administration from A to B; each side's terms and sources. */
  kit.comparePanel = function (map, info) {
    var el = kit.el;
    var Panel = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var box = el("div", "mk-panel mk-compare");
        var toggle = el("button", "mk-panel-toggle", "\u2630");
        toggle.type = "button";
        toggle.setAttribute("aria-label", kit.t("panel_toggle"));
        var body = el("div", "mk-panel-body");
        body.appendChild(el("h1", "mk-compare-title", info.title));
        var a = info.sides[0], b = info.sides[1];
        var rows = [[kit.t("date"), a.date, b.date], [kit.t("baseline"), a.baseline, b.baseline]];
        body.appendChild(table("mk-sides", [el("th"), sideHead(a), sideHead(b)],
          rows.concat(info.figures)));
        var changes = info.changes;
        body.appendChild(el("h2", "", changes.title));
        if (changes.rows.length) {
          var head = changes.columns.map(function (c) { return el("th", "", c); });
          body.appendChild(table("mk-changes", head, changes.rows));
        } else {
          body.appendChild(el("p", "mk-no-changes", changes.empty));
        }
        info.sides.forEach(function (side) { body.appendChild(sideDetails(side)); });
        if (info.notes.length) body.appendChild(list(info.notes, "mk-notes"));
        box.appendChild(toggle);
        box.appendChild(body);
        if (map.getSize().x < 700) box.classList.add("mk-collapsed");
        toggle.addEventListener("click", function () { box.classList.toggle("mk-collapsed"); });
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      },
    });
    return new Panel().addTo(map);
  };
})();
