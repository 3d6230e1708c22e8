import assert from "node:assert/strict";
import { test } from "node:test";
import { loadKit, plain } from "./load.mjs";

const kit = loadKit("swipe.js");
const SIZE = { x: 800, y: 600 };

function clip(size, origin, ratio) {
  return plain(kit.swipeClip(size, origin, ratio));
}

test("half way: each side gets half the map", () => {
  assert.deepEqual(clip(SIZE, { x: 0, y: 0 }, 0.5), {
    cut: 400,
    left: [[0, 0], [400, 0], [400, 600], [0, 600]],
    right: [[400, 0], [800, 0], [800, 600], [400, 600]],
  });
});

test("at 0 the left polygon is empty and the right one is the whole map", () => {
  const c = clip(SIZE, { x: 0, y: 0 }, 0);
  assert.equal(c.cut, 0);
  assert.deepEqual(c.left, [[0, 0], [0, 0], [0, 600], [0, 600]]);
  assert.deepEqual(c.right, [[0, 0], [800, 0], [800, 600], [0, 600]]);
});

test("at 1 the left polygon is the whole map and the right one is empty", () => {
  const c = clip(SIZE, { x: 0, y: 0 }, 1);
  assert.equal(c.cut, 800);
  assert.deepEqual(c.left, [[0, 0], [800, 0], [800, 600], [0, 600]]);
  assert.deepEqual(c.right, [[800, 0], [800, 0], [800, 600], [800, 600]]);
});

test("a panned map shifts both polygons by its layer origin; the cut stays on screen", () => {
  const c = clip(SIZE, { x: -250, y: 120 }, 0.25);
  assert.equal(c.cut, 200);
  assert.deepEqual(c.left, [[-250, 120], [-50, 120], [-50, 720], [-250, 720]]);
  assert.deepEqual(c.right, [[-50, 120], [550, 120], [550, 720], [-50, 720]]);
});

test("the cut is a whole pixel and never leaves the map", () => {
  assert.equal(clip({ x: 333, y: 10 }, { x: 0, y: 0 }, 0.5).cut, 167);
  assert.deepEqual(clip(SIZE, { x: 5, y: 5 }, 1.7), clip(SIZE, { x: 5, y: 5 }, 1));
  assert.deepEqual(clip(SIZE, { x: 5, y: 5 }, -0.3), clip(SIZE, { x: 5, y: 5 }, 0));
});

test("clip paths are CSS polygons in pixels", () => {
  assert.equal(kit.clipPath([[0, 0], [4, 0], [4, 6.5], [-1, 6.5]]), "polygon(0px 0px,4px 0px,4px 6.5px,-1px 6.5px)");
});

test("the slider starts half way across the part of the map the panel leaves free", () => {
  assert.equal(kit.swipeStart(1280, 480), 880 / 1280);
  assert.equal(kit.swipeStart(1000, 0), 0.5);
  assert.equal(kit.swipeStart(1000, -20), 0.5);
});

test("with too little room beside the panel the slider starts half way across the map", () => {
  assert.equal(kit.swipeStart(600, 400), 0.5);
  assert.equal(kit.swipeStart(640, 400), 520 / 640);
});
