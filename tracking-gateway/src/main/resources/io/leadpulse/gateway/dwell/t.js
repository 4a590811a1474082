/* LeadPulse dwell script: reports visible reading time for the click in this page's lp_c parameter.
   Counts only time the page is visible; beats every 15 s while visible; flushes when the page is hidden or
   left (visibilitychange, pagehide) with sendBeacon; restarts when shown again from the back/forward cache.
   Never uses unload. */
(function () {
  "use strict";
  var clickId = new URLSearchParams(window.location.search).get("lp_c");
  if (!clickId || !navigator.sendBeacon) { return; }
  var script = document.currentScript;
  var endpoint = (script && script.src ? new URL(script.src).origin : window.location.origin) + "/v1/beacon";
  var HEARTBEAT_MS = 15000;
  var storageKey = "lp_s:" + clickId;
  var sequence = 0;
  var visibleSince = null;
  var heartbeat = null;
  try { sequence = parseInt(window.sessionStorage.getItem(storageKey) || "0", 10) || 0; } catch (e) { /* private mode */ }

  function report() {
    if (visibleSince === null) { return; }
    var now = performance.now();
    var visibleMs = Math.round(now - visibleSince);
    visibleSince = now;
    if (visibleMs <= 0) { return; }
    sequence += 1;
    try { window.sessionStorage.setItem(storageKey, String(sequence)); } catch (e) { /* private mode */ }
    navigator.sendBeacon(endpoint, JSON.stringify({ c: clickId, v: visibleMs, s: sequence }));
  }

  function start() {
    if (visibleSince !== null || document.visibilityState !== "visible") { return; }
    visibleSince = performance.now();
    heartbeat = window.setInterval(report, HEARTBEAT_MS);
  }

  function stop() {
    report();
    visibleSince = null;
    if (heartbeat !== null) { window.clearInterval(heartbeat); heartbeat = null; }
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { stop(); } else { start(); }
  });
  window.addEventListener("pagehide", stop);
  window.addEventListener("pageshow", function (event) { if (event.persisted) { start(); } });
  start();
})();
