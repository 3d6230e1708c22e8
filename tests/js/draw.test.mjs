import assert from "node:assert/strict";
import { test } from "node:test";
import { loadKit, plain } from "./load.mjs";

const kit = loadKit("draw.js");

/** A region lookup that knows one point, and the points it was asked about. */
function lookupOnly(lon, lat, name) {
  const asked = [];
  const lookup = (x, y) => {
    asked.push([x, y]);
    return x === lon && y === lat ? name : null;
  };
  return { lookup, asked };
}

test("an east-west split line gives north and south sides", () => {
  const yaml = kit.ruleYaml("split", [[34, 47], [35, 47.1], [36, 47]], () => "zaporizhzhia");
  assert.equal(
    yaml,
    [
      "  - split: zaporizhzhia",
      "    line: [[34, 47], [35, 47.1], [36, 47]]",
      "    north: UA   # check who gets which side",
      "    south: RU",
    ].join("\n"),
  );
});

test("a north-south split line gives west and east sides", () => {
  const yaml = kit.ruleYaml("split", [[37, 47], [37.2, 48], [37.1, 49]], () => "donetsk");
  assert.match(yaml, /^ {2}- split: donetsk\n/);
  assert.match(yaml, /\n {4}west: UA {3}# check who gets which side\n {4}east: RU$/);
});

test("east-west is measured in kilometres: a degree of longitude is shorter up north", () => {
  // At 60°N one degree of longitude is half a degree of latitude in length.
  assert.match(kit.ruleYaml("split", [[30, 60], [31.8, 61]], () => "x"), /west: UA/);
  assert.match(kit.ruleYaml("split", [[30, 0], [31.8, 1]], () => "x"), /north: UA/);
});

test("the split region comes from the line's middle point", () => {
  const { lookup, asked } = lookupOnly(35, 47.1, "zaporizhzhia");
  const yaml = kit.ruleYaml("split", [[34, 47], [35, 47.1], [36, 47]], lookup);
  assert.match(yaml, /^ {2}- split: zaporizhzhia\n/);
  assert.deepEqual(asked, [[35, 47.1]]);
});

test("with an even number of points the middle is the middle segment's midpoint", () => {
  const { lookup, asked } = lookupOnly(35, 47.5, "kherson");
  const yaml = kit.ruleYaml("split", [[34, 47], [36, 48]], lookup);
  assert.match(yaml, /^ {2}- split: kherson\n/);
  assert.deepEqual(asked, [[35, 47.5]]);
});

test("the first point is the fallback, then a placeholder to fill in", () => {
  const first = lookupOnly(34, 47, "luhansk");
  assert.match(kit.ruleYaml("split", [[34, 47], [35, 47.1], [36, 47]], first.lookup), /split: luhansk\n/);
  assert.deepEqual(first.asked, [[35, 47.1], [34, 47]]);
  assert.match(kit.ruleYaml("split", [[34, 47], [36, 47]], () => null), /split: REGION\n/);
});

test("the region lookup defaults to the page's regions", () => {
  const page = loadKit("draw.js");
  page.regionFeatures.push({
    properties: { r: "zaporizhzhia" },
    geometry: { type: "Polygon", coordinates: [[[34, 46], [37, 46], [37, 48], [34, 48], [34, 46]]] },
  });
  assert.match(page.ruleYaml("split", [[30, 47], [35, 47], [40, 47]]), /split: zaporizhzhia\n/);
});

test("a zone line is a demilitarised zone on both sides", () => {
  assert.equal(
    kit.ruleYaml("zone", [[35.3, 47.7], [35.9, 47.6]], () => "unused"),
    [
      "  - zone: demilitarised",
      "    along: [[35.3, 47.7], [35.9, 47.6]]",
      "    width_km: 10",
      "    side: both",
    ].join("\n"),
  );
});

test("coordinates are rounded to three decimals", () => {
  const yaml = kit.ruleYaml("zone", [[35.123456, 47.9996], [-0.00049, 36.1004999]], () => null);
  assert.match(yaml, /along: \[\[35\.123, 48\], \[0, 36\.1\]\]/);
});

test("fewer than two points make no rule", () => {
  assert.equal(kit.ruleYaml("split", [], () => "x"), "");
  assert.equal(kit.ruleYaml("zone", [[35, 47]], () => "x"), "");
});

test("a sketch keeps one points array: clearing empties it in place", () => {
  const sketch = kit.sketch();
  const held = sketch.points;
  sketch.add(34, 47);
  sketch.add(35, 47);
  sketch.clear();
  sketch.add(30, 50);
  sketch.add(31, 50);
  assert.equal(sketch.points, held);
  assert.deepEqual(plain(held), [[30, 50], [31, 50]]);
  assert.match(sketch.yaml(() => null), /line: \[\[30, 50\], \[31, 50\]\]/);
});

test("a sketch undoes its last point and switches kind", () => {
  const sketch = kit.sketch();
  assert.equal(sketch.kind, "split");
  sketch.add(34, 47);
  sketch.add(35, 47);
  sketch.add(36, 47);
  sketch.undo();
  assert.deepEqual(plain(sketch.points), [[34, 47], [35, 47]]);
  sketch.kind = "zone";
  assert.match(sketch.yaml(() => null), /^ {2}- zone: demilitarised\n {4}along: \[\[34, 47\], \[35, 47\]\]/);
  sketch.undo();
  assert.equal(sketch.yaml(() => null), "");
});
