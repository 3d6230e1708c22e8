/* MapsKit, part 3 of 3: draw to edit. Click points on the map, get a YAML rule to paste into
   the scenario file. The geometry, the rule text and the sketch state are pure (no DOM), so
   Node can test them; editMode wires them to the map. */
(function () {
  "use strict";
  var kit = window.MapsKit;
  kit.editing = null;

  /* Whether [lon, lat] is inside a closed ring of [lon, lat] points (even-odd rule). */
  function inRing(pt, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > pt[1]) !== (yj > pt[1]) && pt[0] < ((xj - xi) * (pt[1] - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }

  /* Whether [lon, lat] is inside a GeoJSON polygon's rings: in the shell, in none of the holes. */
  function inPolygon(pt, rings) {
    if (!inRing(pt, rings[0])) return false;
    for (var k = 1; k < rings.length; k++) if (inRing(pt, rings[k])) return false;
    return true;
  }

  /* The region id ("r") of the first Polygon or MultiPolygon feature holding the point, or null. */
  function regionIn(features, lon, lat) {
    for (var i = 0; i < features.length; i++) {
      var g = features[i].geometry;
      var polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
      for (var p = 0; p < polys.length; p++) {
        if (inPolygon([lon, lat], polys[p])) return features[i].properties.r;
      }
    }
    return null;
  }

  kit.geom = { inRing: inRing, inPolygon: inPolygon, regionIn: regionIn };

  /* The region under a point of the map, from the layers drawn with {regions: true}. */
  kit.regionAt = function (lon, lat) {
    return regionIn(kit.regionFeatures, lon, lat);
  };

  function round(v) { return Math.round(v * 1000) / 1000; }

  /* The middle of a line: its middle point, or the middle of its middle segment. */
  function middle(points) {
    var m = Math.floor(points.length / 2);
    if (points.length % 2) return points[m];
    var a = points[m - 1], b = points[m];
    return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  }

  /* A scenario rule for a line of [lon, lat] points: a "zone" along it, or a "split" of the
     region under its middle (else its first point), found with `regionAt(lon, lat)`
     (MapsKit.regionAt unless given). A line running more east-west than north-south splits
     north from south, else west from east. Empty for fewer than two points. */
  kit.ruleYaml = function (kind, points, regionAt) {
    if (points.length < 2) return "";
    var lookup = regionAt || kit.regionAt;
    var coords = points.map(function (p) { return "[" + round(p[0]) + ", " + round(p[1]) + "]"; });
    var line = "[" + coords.join(", ") + "]";
    if (kind === "zone") {
      return ["  - zone: demilitarised", "    along: " + line, "    width_km: 10", "    side: both"].join("\n");
    }
    var mid = middle(points);
    var a = points[0], b = points[points.length - 1];
    var dx = (b[0] - a[0]) * Math.cos((a[1] * Math.PI) / 180), dy = b[1] - a[1];
    var sides = Math.abs(dx) >= Math.abs(dy) ? ["north: UA", "south: RU"] : ["west: UA", "east: RU"];
    var region = lookup(mid[0], mid[1]) || lookup(a[0], a[1]) || "REGION";
    return ["  - split: " + region, "    line: " + line, "    " + sides[0] + "   # check who gets which side",
      "    " + sides[1]].join("\n");
  };

  /* What is being drawn: the rule kind and one points array for the sketch's whole life
     (cleared in place, so every holder of `points` sees the same line). */
  kit.sketch = function () {
    var sketch = { kind: "split", points: [] };
    sketch.add = function (lon, lat) { sketch.points.push([lon, lat]); };
    sketch.undo = function () { sketch.points.pop(); };
    sketch.clear = function () { sketch.points.length = 0; };
    sketch.yaml = function (regionAt) { return kit.ruleYaml(sketch.kind, sketch.points, regionAt); };
    return sketch;
  };

  /* Opens the draw tool on `map` (once per page). MapsKit.editing is its sketch, with `text`
     the textarea showing the rule. */
  kit.editMode = function (map) {
    if (kit.editing) return kit.editing;
    var el = kit.el;
    var sketch = kit.sketch();
    var preview = L.polyline([], { color: "#111", weight: 3, dashArray: "2 6" }).addTo(map);
    var Edit = L.Control.extend({
      options: { position: "topright" },
      onAdd: function () {
        var box = el("div", "mk-edit leaflet-bar");
        box.appendChild(el("div", "mk-edit-title", kit.t("draw_title")));
        var row = el("div", "mk-edit-buttons");
        function button(name, fn) {
          var b = el("button", "mk-edit-" + name, kit.t("draw_" + name));
          b.type = "button";
          b.addEventListener("click", function () { fn(); update(); });
          row.appendChild(b);
          return b;
        }
        var text = el("textarea", "mk-edit-yaml");
        text.readOnly = true;
        text.rows = 6;
        text.placeholder = kit.t("draw_hint");
        function update() {
          preview.setLatLngs(sketch.points.map(function (p) { return [p[1], p[0]]; }));
          text.value = sketch.yaml();
        }
        button("split-line", function () { sketch.kind = "split"; });
        button("zone-line", function () { sketch.kind = "zone"; });
        button("undo", sketch.undo);
        button("clear", sketch.clear);
        button("copy-yaml", function () {
          text.select();
          if (navigator.clipboard) navigator.clipboard.writeText(text.value).catch(function () {});
        });
        box.appendChild(row);
        box.appendChild(text);
        map.on("click", function (e) { sketch.add(e.latlng.lng, e.latlng.lat); update(); });
        L.DomEvent.disableClickPropagation(box);
        sketch.text = text;
        kit.editing = sketch;
        return box;
      },
    });
    new Edit().addTo(map);
    map.getContainer().style.cursor = "crosshair";
    return kit.editing;
  };
})();
