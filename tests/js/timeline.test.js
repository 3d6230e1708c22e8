// Unit tests of the timeline page's pure functions (maps/assets/timeline.js), without a browser.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";

const url = new URL("../../maps/assets/timeline.js", import.meta.url);
const context = vm.createContext({ window: {} });
vm.runInContext(readFileSync(url, "utf8"), context, { filename: url.pathname });
const T = context.window.MapsTimeline;

function plain(value) {
  return JSON.parse(JSON.stringify(value));
}

// Two regions, three dates: region 0 has pieces held RRR, URR, UUc; region 1 is always UA.
const DATA = {
  regions: [["a", "A", 60], ["b", "B", 40]],
  dates: [{ label: "2022-01-01" }, { label: "2023-01-01" }, { label: "2024-01-01" }],
  atoms: [
    [0, "RRR", 10, []],
    [0, "URR", 20, []],
    [0, "UUc", 30, []],
    [1, "UUU", 40, []],
  ],
  places: [
    ["Big", 0, 5000, 1, 30.1, 48.1],
    ["Steady", 1, 4000, 3, 31.1, 48.1],
    ["Small", 0, 100, 2, 30.2, 48.2],
  ],
};

test("decode turns first point and differences into [lat, lon] pairs", () => {
  assert.deepEqual(plain(T.decode([301234, 485000, 766, 1000, -2000, 0], 1e4)), [
    [48.5, 30.1234],
    [48.6, 30.2],
    [48.6, 30],
  ]);
  assert.deepEqual(plain(T.latlngs([[[10, 20, 1, 1]]], 10)), [[[[2, 1], [2.1, 1.1]]]]);
});

test("held sums the atoms' areas by holder at a date, in total and per region", () => {
  const first = plain(T.held(DATA, 0));
  assert.deepEqual(first.total, { R: 10, U: 90, c: 0, "-": 0 });
  assert.deepEqual(first.regions, [{ R: 10, U: 50, c: 0, "-": 0 }, { R: 0, U: 40, c: 0, "-": 0 }]);
  assert.deepEqual(plain(T.held(DATA, 2)).total, { R: 30, U: 40, c: 30, "-": 0 });
});

test("changes count each way and per region, and name the atoms that moved", () => {
  const c = plain(T.changes(DATA, 0, 2));
  assert.deepEqual(c.pairs, { "U>R": 20, "U>c": 30 });
  assert.deepEqual(c.regions, [{ "U>R": 20, "U>c": 30 }, {}]);
  assert.deepEqual(c.atoms, [1, 2]);
  assert.deepEqual(plain(T.changes(DATA, 2, 0)).pairs, { "R>U": 20, "c>U": 30 });
  assert.deepEqual(plain(T.changes(DATA, 1, 1)), { pairs: {}, regions: [{}, {}], atoms: [] });
});

test("changed places keep the largest first and stop at n", () => {
  const places = plain(T.changedPlaces(DATA, 0, 2, 20));
  assert.deepEqual(places.map((p) => [p.name, p.region, p.from, p.to]), [
    ["Big", "A", "U", "R"],
    ["Small", "A", "U", "c"],
  ]);
  assert.equal(T.changedPlaces(DATA, 0, 2, 1).length, 1);
  assert.deepEqual(plain(T.changedPlaces(DATA, 1, 2, 20)).map((p) => p.name), ["Small"]);
});

test("a region is touched when anyone but Ukraine holds part of it at some date", () => {
  assert.deepEqual(plain(T.touched(DATA)), [true, false]);
  assert.equal(T.hasGrey(DATA), true);
  assert.equal(T.hasGrey({ atoms: [[0, "RU", 1, []]] }), false);
});

test("axis ticks are round and reach the maximum", () => {
  assert.deepEqual(plain(T.ticks(116799, 5)), [0, 50000, 100000, 150000]);
  assert.deepEqual(plain(T.ticks(44000, 5)), [0, 10000, 20000, 30000, 40000, 50000]);
  assert.deepEqual(plain(T.ticks(0, 5)), [0]);
  assert.deepEqual(plain(T.ticks(1, 5)), [0, 0.2, 0.4, 0.6, 0.8, 1]);
});

test("numbers are whole with thousands separators; shares have one decimal", () => {
  assert.equal(T.whole(71293.4), "71,293");
  assert.equal(T.whole(999.5), "1,000");
  assert.equal(T.whole(-1234567), "-1,234,567");
  assert.equal(T.whole(-0.2), "0");
  assert.equal(T.km2(116799.47), "116,799 km\u00b2");
  assert.equal(T.pct(1, 8), "12.5%");
  assert.equal(T.pct(116799, 599094), "19.5%");
  assert.equal(T.pct(1, 0), "\u2013");
});
