/* The projector's live part follows the conversation as it changes: the server's event
   stream says "change" (votes, statements, a new opinion map, from any server process) and
   the part is fetched again, at most once per REFRESH_DELAY (a second) so that a burst makes
   one fetch, and never losing the last change of a burst. If the stream is unavailable
   (an old proxy, a WSGI server) the page polls every POLL_INTERVAL instead. htmx also
   polls every 10 s in any case; without JavaScript the page has a Refresh link. */
(function () {
  "use strict";
  var REFRESH_DELAY = 1000;
  var POLL_INTERVAL = 2000;

  function start() {
    var live = document.getElementById("projector-live");
    if (!live || !window.htmx) return;
    var pending = null;
    function refresh() {
      if (pending !== null) return;
      pending = window.setTimeout(function () {
        pending = null;
        window.htmx.trigger(live, "scaleup:refresh");
      }, REFRESH_DELAY);
    }
    var polling = null;
    function poll() {
      if (polling === null) polling = window.setInterval(refresh, POLL_INTERVAL);
    }
    if (!window.EventSource || !live.dataset.events) {
      poll();
      return;
    }
    var source = new window.EventSource(live.dataset.events);
    source.addEventListener("change", refresh);
    source.addEventListener("open", function () {
      if (polling !== null) {
        window.clearInterval(polling);
        polling = null;
      }
      refresh();
    });
    source.addEventListener("error", function () {
      /* CLOSED: the server said no stream (204) or refused it; otherwise the browser
         reconnects by itself, and polling bridges the gap. */
      poll();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
