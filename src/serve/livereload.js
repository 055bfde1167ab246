// praxis serve: live reload. Injected into the pages `praxis serve` sends, never into built
// files. The server sends `version` (on connect and after every successful build),
// `build-error` (the overlay of the diagnostics, as escaped HTML) and `moved` (`/old/ /new/`:
// a page moved or renamed, just before the version that moved it). A build that went on
// past pages with errors sends their errors, the notice naming them and the warnings
// panel inside the pages themselves.
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
  // The header and head as the server sent them (scripts add attributes and elements
  // later): what a new version is compared with.
  var sentHeader = outer(document, "header");
  var sentResources = resources(document);

  function reload() {
    try {
      sessionStorage.setItem(key, String(window.scrollY));
    } catch (e) {}
    disconnect();
    location.reload();
  }

  // After a build, the page's new HTML replaces the old body in place: no new document,
  // so no stylesheet or script to fetch and run again, and the scroll position stays.
  // The header (search box) and the scripts are kept, since the scripts are bound to
  // them; if the header or the head's resources changed, the page reloads instead.
  function refresh(newVersion) {
    if (!window.fetch || !window.DOMParser) return reload();
    fetch(location.pathname + location.search, { cache: "no-store" })
      .then(function (response) {
        // This page moved during the session: the server sent it to its new address.
        if (response.redirected) {
          goTo(new URL(response.url).pathname);
          return null;
        }
        if (!response.ok) throw new Error("status " + response.status);
        return response.text();
      })
      .then(function (html) {
        if (html === null) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        if (resources(doc) !== sentResources || outer(doc, "header") !== sentHeader) {
          return reload();
        }
        var header = document.querySelector("header");
        var kept = Array.prototype.filter.call(document.body.children, function (el) {
          return el.tagName === "SCRIPT";
        });
        var fresh = Array.prototype.filter.call(doc.body.children, function (el) {
          return el.tagName !== "SCRIPT";
        });
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        fresh.forEach(function (el) {
          var node = el.tagName === "HEADER" && header ? header : document.importNode(el, true);
          document.body.appendChild(node);
        });
        kept.forEach(function (el) {
          document.body.appendChild(el);
        });
        document.title = doc.title;
        // Theme edits change the stylesheet's text, not its address: fetch it again.
        Array.prototype.forEach.call(document.querySelectorAll("link[rel=stylesheet]"), function (link) {
          var base = link.getAttribute("href").split("?")[0];
          link.setAttribute("href", base + "?v=" + encodeURIComponent(newVersion));
        });
        version = newVersion;
        window.praxisRefreshed = (window.praxisRefreshed || 0) + 1;
      })
      .catch(reload);
  }

  function goTo(path) {
    disconnect();
    location.replace(path + location.search + location.hash);
  }

  function outer(doc, selector) {
    var el = doc.querySelector(selector);
    return el ? el.outerHTML : "";
  }

  // What the head loads: scripts and stylesheets by address, without cache-busting queries.
  function resources(doc) {
    return Array.prototype.map
      .call(doc.querySelectorAll("head script[src], head link[rel=stylesheet]"), function (el) {
        return (el.getAttribute("src") || el.getAttribute("href") || "").split("?")[0];
      })
      .join(" ");
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
      if (e.data !== version) refresh(e.data);
      // Lets a test (or a curious author) see that this page is listening.
      else window.praxisLive = true;
    });
    source.addEventListener("build-error", function (e) {
      showErrors(e.data);
    });
    source.addEventListener("moved", function (e) {
      var paths = e.data.split(" ");
      if (decodeURI(location.pathname) === decodeURI(paths[0])) goTo(paths[1]);
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
