import assert from "node:assert/strict";
import { test } from "node:test";
import { loadKit } from "./load.mjs";

const kit = loadKit("draw.js");
const { inRing, inPolygon, regionIn } = kit.geom;

function square(x0, y0, x1, y1) {
  return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
}

const OUTER = square(0, 0, 10, 10);
const HOLE = square(4, 4, 6, 6);
const FEATURES = [
  { properties: { r: "ring" }, geometry: { type: "Polygon", coordinates: [OUTER, HOLE] } },
  {
    properties: { r: "islands" },
    geometry: { type: "MultiPolygon", coordinates: [[square(20, 0, 22, 2)], [square(30, 0, 32, 2)]] },
  },
];

test("a ring holds points inside it, not outside", () => {
  assert.equal(inRing([5, 5], OUTER), true);
  assert.equal(inRing([0.1, 9.9], OUTER), true);
  assert.equal(inRing([11, 5], OUTER), false);
  assert.equal(inRing([5, -1], OUTER), false);
});

test("a ring need not be convex", () => {
  const ell = [[0, 0], [4, 0], [4, 1], [1, 1], [1, 4], [0, 4]];
  assert.equal(inRing([0.5, 3], ell), true);
  assert.equal(inRing([3, 3], ell), false);
});

test("a polygon does not hold points in its hole", () => {
  assert.equal(inPolygon([2, 2], [OUTER, HOLE]), true);
  assert.equal(inPolygon([5, 5], [OUTER, HOLE]), false);
  assert.equal(inPolygon([5, 5], [OUTER]), true);
});

test("region lookup: inside, outside, in a hole, in a MultiPolygon's second part", () => {
  assert.equal(regionIn(FEATURES, 2, 8), "ring");
  assert.equal(regionIn(FEATURES, 15, 1), null);
  assert.equal(regionIn(FEATURES, 5, 5), null);
  assert.equal(regionIn(FEATURES, 21, 1), "islands");
  assert.equal(regionIn(FEATURES, 31, 1), "islands");
});

test("regionAt looks in the features the map registered", () => {
  const page = loadKit("draw.js");
  assert.equal(page.regionAt(31, 1), null);
  page.regionFeatures.push(...FEATURES);
  assert.equal(page.regionAt(31, 1), "islands");
  assert.equal(page.regionAt(5, 5), null);
});
