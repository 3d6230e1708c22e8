/* MapsKit, part 2 of 3: the swipe comparison. Left of the slider only the left pane shows,
   right of it only the right pane. The clipping maths (swipeClip) is pure, so Node can test it. */
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

  /* The slider over `map`: `leftPane` and `rightPane` name the panes to clip, `labels` the two
     sides. Sets MapsKit.setSwipe to move it; returns {set: the same function}. */
  kit.swipe = function (map, leftPane, rightPane, labels) {
    var el = kit.el;
    var container = map.getContainer();
    var bar = el("div", "mk-swipe");
    var handle = el("div", "mk-swipe-handle", "\u25C0\u25B6");
    handle.tabIndex = 0;
    handle.setAttribute("role", "slider");
    handle.setAttribute("aria-label", "Move to compare " + labels[0] + " and " + labels[1]);
    handle.setAttribute("aria-valuemin", "0");
    handle.setAttribute("aria-valuemax", "100");
    bar.appendChild(handle);
    container.appendChild(bar);
    var tagLeft = el("div", "mk-swipe-label mk-swipe-left", labels[0]);
    var tagRight = el("div", "mk-swipe-label mk-swipe-right", labels[1]);
    container.appendChild(tagLeft);
    container.appendChild(tagRight);
    var ratio = 0.5;
    function clip() {
      var c = kit.swipeClip(map.getSize(), map.containerPointToLayerPoint([0, 0]), ratio);
      map.getPane(leftPane).style.clipPath = kit.clipPath(c.left);
      map.getPane(rightPane).style.clipPath = kit.clipPath(c.right);
      bar.style.left = c.cut + "px";
      tagLeft.style.left = c.cut + "px";
      tagRight.style.left = c.cut + "px";
      handle.setAttribute("aria-valuenow", String(Math.round(ratio * 100)));
    }
    function setRatio(r) { ratio = Math.min(0.98, Math.max(0.02, r)); clip(); }
    function fromEvent(e) {
      var p = e.touches ? e.touches[0] : e;
      var rect = container.getBoundingClientRect();
      setRatio((p.clientX - rect.left) / rect.width);
    }
    var dragging = false;
    function start(e) { dragging = true; map.dragging.disable(); e.preventDefault(); }
    function stop() { if (dragging) { dragging = false; map.dragging.enable(); } }
    handle.addEventListener("mousedown", start);
    handle.addEventListener("touchstart", start, { passive: false });
    document.addEventListener("mousemove", function (e) { if (dragging) fromEvent(e); });
    document.addEventListener("touchmove", function (e) { if (dragging) fromEvent(e); }, { passive: true });
    document.addEventListener("mouseup", stop);
    document.addEventListener("touchend", stop);
    handle.addEventListener("keydown", function (e) {
      if (e.key === "ArrowLeft") { setRatio(ratio - 0.05); e.preventDefault(); }
      if (e.key === "ArrowRight") { setRatio(ratio + 0.05); e.preventDefault(); }
    });
    L.DomEvent.disableClickPropagation(bar);
    map.on("move zoom resize viewreset zoomend moveend", clip);
    clip();
    kit.setSwipe = setRatio;
    return { set: setRatio };
  };
})();
