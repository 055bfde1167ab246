// praxis serve: live reload. Injected into the pages `praxis serve` sends, never into built
// files. The server sends `version` (on connect and after every successful build) and
// `build-error` (the overlay of the diagnostics, as escaped HTML).
(function () {
  "use strict";
  var script = document.currentScript;
  var version = script ? script.getAttribute("data-praxis-version") : null;
  var key = "praxis-scroll:" + location.pathname;

  // Put the reader back where they were before the reload.
  try {
    var saved = sessionStorage.getItem(key);
    if (saved !== null) {
      sessionStorage.removeItem(key);
      var y = Number(saved) || 0;
      var restore = function () {
        window.scrollTo(0, y);
      };
      restore();
      document.addEventListener("DOMContentLoaded", restore);
      window.addEventListener("load", restore);
    }
  } catch (e) {}

  var source = null;

  function reload() {
    try {
      sessionStorage.setItem(key, String(window.scrollY));
    } catch (e) {}
    disconnect();
    location.reload();
  }

  // `html` is the whole overlay (`#praxis-overlay`), built and escaped by the server.
  function showErrors(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var box = holder.firstElementChild;
    if (!box) return;
    var old = document.getElementById("praxis-overlay");
    if (old) old.replaceWith(box);
    else document.body.appendChild(box);
    var close = box.querySelector("[data-praxis-close]");
    if (close) {
      close.addEventListener("click", function () {
        box.remove();
      });
    }
  }

  function connect() {
    if (source || !window.EventSource) return;
    source = new EventSource("/__praxis/events");
    source.addEventListener("version", function (e) {
      if (e.data !== version) reload();
      // Lets a test (or a curious author) see that this page is listening.
      else window.praxisLive = true;
    });
    source.addEventListener("build-error", function (e) {
      showErrors(e.data);
    });
  }

  function disconnect() {
    if (source) {
      source.close();
      source = null;
    }
  }

  // Browsers open at most six connections to one server: hidden tabs let go of theirs,
  // and on their return the `version` event tells them whether to reload.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) disconnect();
    else connect();
  });
  window.addEventListener("pagehide", disconnect);
  window.addEventListener("pageshow", function () {
    if (!document.hidden) connect();
  });
  if (!document.hidden) connect();
})();
