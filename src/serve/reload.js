// Live reload for `gongkai serve`. Served only by the preview (never part of
// a built site) and loaded by a <script src> tag the preview adds to each
// page, so the Content-Security-Policy needs no 'unsafe-inline'.
//
// The tag carries the generation of the site the page was served from. The
// server streams the current generation (server-sent events) on connect and
// after every rebuild; when it differs, the page reloads. EventSource
// reconnects by itself when the server restarts, and a restarted server has
// a new generation, so open pages catch up.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || typeof EventSource === 'undefined') {
    return;
  }
  var shown = script.getAttribute('data-generation');
  var events = new EventSource(new URL('events', script.src).href);
  events.addEventListener('generation', function (event) {
    if (event.data !== shown) {
      events.close();
      window.location.reload();
    }
  });
})();
