/* praxis service worker: the guide kept for reading without a network.
 *
 * Written by `praxis build` with the hash of its list of files (VERSION, below): a new
 * build gives a new worker, which the browser installs when it next visits online.
 * Installing reads precache.json (every file of the site with a hash of its bytes) and
 * fetches only the files whose hash it does not already hold; each is kept under
 * `<path>?praxis=<hash>`, so that one cache holds both builds until the new one is active.
 * Pages are asked of the network first (a fresh page when online), then of the cache;
 * other files (styles, scripts, the search index, images) come from the cache.
 */
"use strict";

var VERSION = "@VERSION@";
var CACHE = "praxis-files";
var LIST = "praxis-list";
var NETWORK_WAIT = 4000;
var scope = new URL(self.registration.scope);
var listed = null;

// Path of a request from the site's root, as the list names files: `roles/` for the
// page `roles/index.html`.
function pathOf(url) {
  if (url.origin !== scope.origin || url.pathname.indexOf(scope.pathname) !== 0) return null;
  var path = url.pathname.slice(scope.pathname.length);
  try { path = decodeURIComponent(path); } catch (e) { return null; }
  return path.replace(/(^|\/)index\.html$/, "$1");
}

function keyOf(path, hash) {
  return new URL(encodeURI(path) + "?praxis=" + hash, scope).href;
}

// The list of the active build: {path: hash}, from memory or the cache.
function list() {
  if (listed) return Promise.resolve(listed);
  return caches.open(CACHE).then(function (cache) {
    return cache.match(new URL(LIST, scope).href);
  }).then(function (response) {
    return response ? response.json() : {};
  }).then(function (files) {
    listed = files;
    return files;
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return fetch(new URL("precache.json?v=" + VERSION, scope).href, { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("precache.json: " + response.status);
        return response.json();
      })
      .then(function (files) {
        var paths = Object.keys(files);
        var next = 0;
        // Six at a time, each file only if this hash of it is not kept already.
        function worker() {
          if (next >= paths.length) return Promise.resolve();
          var path = paths[next++];
          var key = keyOf(path, files[path]);
          return cache.match(key).then(function (kept) {
            if (kept) return;
            return fetch(new URL(encodeURI(path), scope).href, { cache: "no-cache" }).then(function (response) {
              if (!response.ok) throw new Error(path + ": " + response.status);
              return cache.put(key, response);
            });
          }).then(worker);
        }
        var workers = [];
        for (var i = 0; i < 6; i++) workers.push(worker());
        return Promise.all(workers).then(function () {
          return cache.put(new URL("praxis-next", scope).href, new Response(JSON.stringify(files)));
        });
      });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    var nextKey = new URL("praxis-next", scope).href;
    return cache.match(nextKey).then(function (response) {
      if (!response) return;
      return response.json().then(function (files) {
        listed = files;
        var keep = {};
        Object.keys(files).forEach(function (path) { keep[keyOf(path, files[path])] = true; });
        return cache.put(new URL(LIST, scope).href, new Response(JSON.stringify(files)))
          .then(function () { return cache.delete(nextKey); })
          .then(function () { return cache.keys(); })
          .then(function (requests) {
            // What the previous build had and this one has not, or not with these bytes.
            return Promise.all(requests.map(function (request) {
              var url = new URL(request.url);
              if (url.search.indexOf("?praxis=") === 0 && !keep[request.url]) return cache.delete(request);
            }));
          });
      });
    });
  }).then(function () { return self.clients.claim(); }));
});

// The network, given up after NETWORK_WAIT: a poor network is no better than none.
function network(request) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("timeout")); }, NETWORK_WAIT);
    fetch(request).then(function (response) {
      clearTimeout(timer);
      resolve(response);
    }, function (error) {
      clearTimeout(timer);
      reject(error);
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var path = pathOf(new URL(request.url));
  if (path === null) return;
  event.respondWith(list().then(function (files) {
    var hash = files[path];
    var page = request.mode === "navigate" || path === "" || /\/$/.test(path);
    var kept = function () {
      return hash === undefined ? Promise.resolve(undefined) : caches.match(keyOf(path, hash), { cacheName: CACHE });
    };
    if (page) {
      return network(request).catch(function (error) {
        return kept().then(function (response) {
          if (response) return response;
          if (request.mode === "navigate" && files["404.html"]) {
            return caches.match(keyOf("404.html", files["404.html"]), { cacheName: CACHE });
          }
          throw error;
        });
      });
    }
    return kept().then(function (response) { return response || fetch(request); });
  }));
});
