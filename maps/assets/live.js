/* Live reload for `maps watch`: poll the server's status, reload the page when the maps
   were rebuilt, and show the current errors in an overlay (as text, never as HTML). */
(function () {
  "use strict";
  var POLL_MS = 250;
  var OVERLAY_ID = "mk-errors";
  var OVERLAY_STYLE =
    "position:fixed;left:0;right:0;bottom:0;z-index:10000;margin:0;padding:12px;" +
    "max-height:45%;overflow:auto;background:#fff3f3;color:#8b0000;" +
    "border-top:3px solid #c00;font:13px/1.4 monospace;white-space:pre-wrap";
  var version = null;

  function showErrors(errors) {
    var overlay = document.getElementById(OVERLAY_ID);
    if (!errors.length) {
      if (overlay) overlay.parentNode.removeChild(overlay);
      return;
    }
    if (!overlay) {
      overlay = document.createElement("pre");
      overlay.id = OVERLAY_ID;
      overlay.style.cssText = OVERLAY_STYLE;
      document.body.appendChild(overlay);
    }
    overlay.textContent = errors.join("\n\n");
  }

  function update(status) {
    if (version !== null && status.version !== version) {
      location.reload();
      return;
    }
    version = status.version;
    showErrors(status.errors);
  }

  function poll() {
    fetch("/__status", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(update)
      .then(later, later);
  }

  function later() {
    setTimeout(poll, POLL_MS);
  }

  poll();
  if (window.MapsKit && MapsKit.maps && MapsKit.maps.length) MapsKit.editMode(MapsKit.maps[0]);
})();
