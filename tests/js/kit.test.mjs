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
