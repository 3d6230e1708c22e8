import assert from "node:assert/strict";
import { test } from "node:test";
import { loadKit, plain } from "./load.mjs";

const kit = loadKit();

// Written by maps.render.layers.encode_numbers([0, 1, -1, 15, 16, -16, 36872, 48167]).
const ENCODED = "ACBegBfwgoCui-C";

test("numbers decode as the Python side encodes them", () => {
  assert.deepEqual(plain(kit.decodeNumbers(ENCODED)), [0, 1, -1, 15, 16, -16, 36872, 48167]);
  assert.deepEqual(plain(kit.decodeNumbers("")), []);
  assert.throws(() => kit.decodeNumbers("A<"), /bad geometry text/);
});

test("a path is thousandths of a degree, each point relative to the one before", () => {
  // Written by maps.render.layers.encode_path([(36.872, 48.167), (36.9, 48.2), (36.85, 48.1)]).
  assert.deepEqual(plain(kit.decodePath("wgoCui-C4BiCjDnG")), [
    [36.872, 48.167],
    [36.9, 48.2],
    [36.85, 48.1],
  ]);
});

test("compact geometry inflates to GeoJSON of the right type", () => {
  const ring = "wgoCui-C";
  assert.equal(kit.inflate(["P", [[ring]]]).type, "Polygon");
  assert.equal(kit.inflate(["P", [[ring], [ring]]]).type, "MultiPolygon");
  assert.equal(kit.inflate(["L", [ring]]).type, "LineString");
  assert.equal(kit.inflate(["L", [ring, ring]]).type, "MultiLineString");
  assert.deepEqual(plain(kit.inflate(["G", { type: "Point", coordinates: [1, 2] }])), {
    type: "Point",
    coordinates: [1, 2],
  });
});

test("swatch attributes follow Leaflet's SVG renderer", () => {
  assert.deepEqual(
    plain(kit.pathAttributes({ stroke: true, fill: true, color: "#111", weight: 2.4, opacity: 1,
      fillColor: "#111", fillOpacity: 0 })),
    { stroke: "#111", "stroke-opacity": 1, "stroke-width": 2.4, fill: "#111", "fill-opacity": 0 },
  );
  assert.deepEqual(plain(kit.pathAttributes({ stroke: false, fill: true, fillColor: "url(#p)",
    fillOpacity: 1 })), { stroke: "none", fill: "url(#p)", "fill-opacity": 1 });
  const line = plain(kit.pathAttributes({ color: "#222", weight: 2.2, dashArray: "6 4" }));
  assert.equal(line.fill, "none");
  assert.equal(line["stroke-dasharray"], "6 4");
});

test("site symbols are regular shapes inside their square", () => {
  for (const [shape, corners] of [["hexagon", 6], ["square", 4], ["triangle", 3], ["diamond", 4]]) {
    const points = plain(kit.symbolPoints(shape, 16));
    assert.equal(points.length, corners, shape);
    for (const [x, y] of points) assert.ok(x >= 0 && x <= 16 && y >= 0 && y <= 16, shape);
  }
  assert.notDeepEqual(plain(kit.symbolPoints("square", 16)), plain(kit.symbolPoints("diamond", 16)));
});

test("point marks repeat on the tile's edges so tiles join", () => {
  const rings = plain(kit.markShapes("rings", 12));
  assert.deepEqual(rings.map((s) => s[1].cy), [0, 12]);
  assert.equal(plain(kit.markShapes("diagonal", 12)).length, 1);
});

// Boxes of placed labels, from placeLabels' offsets, to check against each other.
function boxes(items, spots) {
  return spots.map((s, i) => (s ? [items[i].x + s[0], items[i].y + s[1], items[i].w, items[i].h] : null));
}

function overlapping(a, b) {
  return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
}

test("a lone label goes right of its point, clear of the point's mark", () => {
  const items = [{ x: 100, y: 100, w: 40, h: 14, r: 4, kind: "point", rank: 4 }];
  const spots = plain(kit.placeLabels(items, [{ x: 100, y: 100, r: 4 }]));
  assert.equal(spots[0][0] > 4, true);
  assert.equal(spots[0][1], -7);
});

test("a label that would cover a higher-ranked one moves around its point", () => {
  // Two towns side by side: the second cannot go right (the first's label is there) nor left
  // of the first's point, so it takes another position.
  const items = [
    { x: 100, y: 100, w: 60, h: 14, r: 3, kind: "point", rank: 4 },
    { x: 130, y: 100, w: 60, h: 14, r: 3, kind: "point", rank: 4 },
  ];
  const marks = items.map((it) => ({ x: it.x, y: it.y, r: it.r }));
  const spots = plain(kit.placeLabels(items, marks));
  assert.ok(spots[0] && spots[1]);
  const [a, b] = boxes(items, spots);
  assert.equal(overlapping(a, b), false);
  for (const m of marks) {
    for (const box of [a, b]) assert.equal(overlapping(box, [m.x - m.r, m.y - m.r, 2 * m.r, 2 * m.r]), false);
  }
});

test("the lower-ranked label is the one hidden when only one fits", () => {
  // Each fills the view where it can go: the region label comes first in the list, the
  // town's label (better rank) wins.
  const view = [0, 0, 320, 220];
  const region = { x: 160, y: 110, w: 300, h: 200, r: 0, kind: "area", rank: 5 };
  const town = { x: 10, y: 110, w: 300, h: 200, r: 0, kind: "point", rank: 4 };
  assert.ok(plain(kit.placeLabels([region], [], view))[0]);
  const spots = plain(kit.placeLabels([region, town], [], view));
  assert.ok(spots[1]);
  assert.equal(spots[0], null);
});

test("a region label is never placed on a town's label", () => {
  const town = { x: 100, y: 100, w: 50, h: 14, r: 3, kind: "point", rank: 4 };
  const region = { x: 128, y: 100, w: 80, h: 14, r: 0, kind: "area", rank: 5 };
  const spots = plain(kit.placeLabels([region, town], [{ x: 100, y: 100, r: 3 }]));
  assert.ok(spots[1]);
  if (spots[0]) {
    const [r, t] = boxes([region, town], spots);
    assert.equal(overlapping(r, t), false);
  }
});

test("labels stay in sight, and kept labels are never dropped", () => {
  const view = [0, 0, 200, 200];
  const edge = { x: 195, y: 100, w: 60, h: 14, r: 3, kind: "point", rank: 4 };
  const placed = plain(kit.placeLabels([edge], [], view))[0];
  assert.ok(placed[0] < 0); // left of its point, inside the view
  const crowd = Array.from({ length: 6 }, () => ({ x: 100, y: 100, w: 150, h: 150, r: 0, kind: "point", rank: 2, keep: true }));
  const spots = plain(kit.placeLabels(crowd, [], view));
  assert.equal(spots.filter(Boolean).length, 6);
  const dropped = plain(kit.placeLabels(crowd.map((c) => ({ ...c, keep: false })), [], view));
  assert.ok(dropped.filter(Boolean).length < 6);
});

test("many random labels never overlap once placed", () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const items = Array.from({ length: 150 }, (_, i) => ({
    x: rand() * 400, y: rand() * 400, w: 20 + rand() * 60, h: 14, r: 2 + rand() * 4,
    kind: i % 10 ? "point" : "area", rank: Math.floor(rand() * 7),
  }));
  const spots = plain(kit.placeLabels(items, items.filter((it) => it.kind === "point")));
  const shown = boxes(items, spots).filter(Boolean);
  assert.ok(shown.length > 20 && shown.length < 150);
  for (let i = 0; i < shown.length; i++) {
    for (let j = i + 1; j < shown.length; j++) assert.equal(overlapping(shown[i], shown[j]), false);
  }
});

test("labels keep off the map's controls", () => {
  const town = { x: 100, y: 100, w: 40, h: 14, r: 3, kind: "point", rank: 4 };
  const control = [100, 80, 160, 120]; // covers the right of the point
  const spot = plain(kit.placeLabels([town], [], [0, 0, 300, 300], [control]))[0];
  assert.ok(spot[0] < 0);
  const boxed = plain(kit.placeLabels([town], [], [0, 0, 300, 300], [[40, 60, 160, 140]]));
  assert.equal(boxed[0], null);
});
