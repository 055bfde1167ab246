// praxis search: why it exists — readers search the guide in French from the box in every
// page's header, without a server. The index (search-index.js, built by src/search.rs) is
// loaded as a script on first use, so search also works on a site opened from disk.
// Query words are folded (case, accents) and mapped to their Snowball stems through the
// word forms the index ships, exactly as the build did; the last word also matches as a
// prefix while it is being typed.
(function () {
  "use strict";
  var MAX_RESULTS = 10;
  var index = null; // decoded index, once loaded
  var loading = null; // callbacks waiting for it

  // Same folding as text::fold in Rust: lowercase, accents removed, ligatures spelled out.
  function fold(s) {
    return s
      .normalize("NFD")
      .replace(/[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g, "")
      .toLowerCase()
      .replace(/œ/g, "oe")
      .replace(/æ/g, "ae")
      .replace(/ß/g, "ss");
  }

  function words(s) {
    return fold(s).split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      return w && !index.stop.has(w);
    });
  }

  function decode(raw) {
    var stems = new Map();
    var wordStem = new Map();
    Object.keys(raw.stems).forEach(function (stem) {
      var entry = raw.stems[stem];
      var postings = new Map();
      var page = 0;
      entry[1].split(",").forEach(function (p) {
        var dot = p.indexOf(".");
        page += parseInt(dot < 0 ? p : p.slice(0, dot), 36);
        postings.set(page, dot < 0 ? 1 : parseInt(p.slice(dot + 1), 36));
      });
      stems.set(stem, postings);
      entry[0].split(" ").forEach(function (end) {
        wordStem.set(stem + end, stem);
      });
    });
    Object.keys(raw.odd).forEach(function (w) {
      wordStem.set(w, raw.odd[w]);
    });
    return {
      pages: raw.pages,
      kinds: raw.kinds,
      noResult: raw.noResult,
      stop: new Set(raw.stop.split(" ")),
      stems: stems,
      wordStem: wordStem,
      words: Array.from(wordStem.keys()).sort()
    };
  }

  // The stems a query word stands for, each with a factor (1 for an exact word form).
  function stemsOf(word, prefix) {
    var found = new Map();
    function add(stem, factor) {
      if (index.stems.has(stem) && !(found.get(stem) >= factor)) found.set(stem, factor);
    }
    var exact = index.wordStem.get(word);
    if (exact) add(exact, 1);
    if (index.stems.has(word)) add(word, 1);
    if (!found.size) {
      // An unseen form: a plural, or a longer form of a known stem (coordinateurs → coordin).
      var single = word.replace(/[sx]$/, "");
      if (index.wordStem.has(single)) add(index.wordStem.get(single), 1);
      for (var n = word.length - 1; !found.size && n >= Math.max(4, word.length - 4); n--) {
        add(word.slice(0, n), 0.8);
      }
    }
    if (prefix && word.length >= 2) {
      // Word forms starting with what is being typed: binary search in the sorted list.
      var lo = 0, hi = index.words.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (index.words[mid] < word) lo = mid + 1; else hi = mid;
      }
      for (var i = lo, seen = 0; i < index.words.length && seen < 50; i++, seen++) {
        if (index.words[i].lastIndexOf(word, 0) !== 0) break;
        add(index.wordStem.get(index.words[i]), 0.6);
      }
    }
    return found;
  }

  // Pages holding every query word, best first; with the stems that matched, to highlight.
  function search(query) {
    var terms = words(query);
    var typing = !/\s$/.test(query);
    var scores = null;
    var matched = new Set();
    terms.forEach(function (term, i) {
      var stems = stemsOf(term, typing && i === terms.length - 1);
      var pages = new Map();
      stems.forEach(function (factor, stem) {
        matched.add(stem);
        index.stems.get(stem).forEach(function (weight, page) {
          var s = weight * factor;
          if (!(pages.get(page) >= s)) pages.set(page, s);
        });
      });
      if (scores === null) {
        scores = pages;
      } else {
        var both = new Map();
        scores.forEach(function (s, page) {
          if (pages.has(page)) both.set(page, s + pages.get(page));
        });
        scores = both;
      }
    });
    var hits = Array.from((scores || new Map()).entries());
    hits.sort(function (a, b) {
      return b[1] - a[1] || index.pages[a[0]][0].localeCompare(index.pages[b[0]][0], "fr");
    });
    return { pages: hits.slice(0, MAX_RESULTS).map(function (h) { return h[0]; }), stems: matched };
  }

  function escape(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // The excerpt as HTML, with the words whose stem matched in <mark>.
  function highlight(text, stems) {
    var out = "";
    var last = 0;
    text.replace(/[\p{L}\p{N}]+/gu, function (w, at) {
      var f = fold(w);
      var stem = index.wordStem.get(f) || f;
      if (stems.has(stem)) {
        out += escape(text.slice(last, at)) + "<mark>" + escape(w) + "</mark>";
        last = at + w.length;
      }
      return w;
    });
    return out + escape(text.slice(last));
  }

  function load(root, done) {
    if (index) return done();
    if (loading) return loading.push(done);
    loading = [done];
    var script = document.createElement("script");
    script.src = root + "search-index.js";
    script.onload = function () {
      index = decode(window.praxisSearchIndex);
      loading.forEach(function (f) { f(); });
      loading = null;
    };
    script.onerror = function () { loading = null; };
    document.head.appendChild(script);
  }

  // Layout only, in a zero-specificity :where() so that any theme rule wins.
  var STYLE =
    ":where(#resultats){position:absolute;z-index:10;left:0;right:0;max-height:70vh;overflow:auto;" +
    "background:Canvas;color:CanvasText;border:1px solid GrayText;border-radius:4px}" +
    ":where(#resultats[hidden]){display:none}" +
    ":where(.search){position:relative}" +
    ":where(#resultats ul){list-style:none;margin:0;padding:0}" +
    ":where(#resultats a){display:block;padding:.6em .8em;text-decoration:none;color:inherit}" +
    ":where(#resultats [aria-selected=true] a,#resultats a:hover){background:Highlight;color:HighlightText}" +
    ":where(.search-result-kind){font-size:.8em;margin-left:.5em;opacity:.8}" +
    ":where(.search-result-excerpt){display:block;font-size:.9em}" +
    ":where(.search-empty){margin:0;padding:.6em .8em}";

  function setup() {
    var input = document.getElementById("recherche");
    var box = document.getElementById("resultats");
    if (!input || !box) return;
    var root = document.body.getAttribute("data-root") || "";
    var fileLinks = document.body.hasAttribute("data-file-links");
    var style = document.createElement("style");
    style.textContent = STYLE;
    document.head.insertBefore(style, document.head.firstChild);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", "resultats-liste");
    box.hidden = true;
    var active = -1;

    function options() {
      return box.querySelectorAll("[role=option]");
    }

    function close() {
      box.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function select(n) {
      var all = options();
      if (!all.length) return;
      active = (n + all.length) % all.length;
      all.forEach(function (o, i) { o.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function show() {
      var query = input.value;
      if (!words(query).length) {
        box.innerHTML = "";
        return close();
      }
      var found = search(query);
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (!found.pages.length) {
        var none = index.noResult || input.getAttribute("data-no-result") || "—";
        box.innerHTML = '<p class="search-empty">' + escape(none) + "</p>";
      } else {
        box.innerHTML =
          '<ul id="resultats-liste" role="listbox">' +
          found.pages.map(function (n, i) {
            var p = index.pages[n];
            var href = root + p[1] || "./";
            // A guide read from a folder (`praxis build --offline`) names its files.
            if (fileLinks && /\/$/.test(href)) href += "index.html";
            return (
              '<li role="option" id="resultat-' + i + '" aria-selected="false">' +
              '<a href="' + escape(href) + '" tabindex="-1" data-kind="' + escape(p[2]) + '">' +
              '<strong class="search-result-title">' + highlight(p[0], found.stems) + "</strong>" +
              '<span class="search-result-kind">' + escape(index.kinds[p[2]] || p[2]) + "</span>" +
              '<span class="search-result-excerpt">' + highlight(p[3], found.stems) + "</span>" +
              "</a></li>"
            );
          }).join("") +
          "</ul>";
      }
      box.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function update() {
      load(root, show);
    }

    input.addEventListener("input", update);
    input.addEventListener("focus", function () {
      load(root, function () { if (input.value) show(); });
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (box.hidden && input.value) update();
        select(active + (e.key === "ArrowDown" ? 1 : -1));
        e.preventDefault();
      } else if (e.key === "Enter") {
        var all = options();
        var target = all[active < 0 ? 0 : active];
        if (target && !box.hidden) {
          window.location.href = target.querySelector("a").href;
          e.preventDefault();
        }
      } else if (e.key === "Escape") {
        if (!box.hidden) {
          close();
        } else {
          input.value = "";
        }
        e.preventDefault();
      }
    });
    document.addEventListener("click", function (e) {
      if (!input.form || !input.form.contains(e.target)) close();
    });
  }

  // The 404 page: the pages whose address or title is closest to the address asked for
  // (a letter missing, two swapped…), from the search index, with no server.
  var MAX_CLOSEST = 5;

  function distance(a, b) {
    var row = [];
    for (var j = 0; j <= b.length; j++) row.push(j);
    for (var i = 1; i <= a.length; i++) {
      var diagonal = row[0];
      row[0] = i;
      for (var k = 1; k <= b.length; k++) {
        var above = row[k];
        row[k] = Math.min(row[k] + 1, row[k - 1] + 1, diagonal + (a[i - 1] === b[k - 1] ? 0 : 1));
        diagonal = above;
      }
    }
    return row[b.length];
  }

  // How alike two words are, from 0 to 1.
  function alike(a, b) {
    return 1 - distance(a, b) / Math.max(a.length, b.length, 1);
  }

  function slugWords(s) {
    return fold(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function closest(section, root) {
    var path = location.pathname;
    try { path = decodeURIComponent(path); } catch (e) {}
    if (root && path.indexOf(root) === 0) path = path.slice(root.length);
    var asked = slugWords(path);
    if (!asked.length) return;
    load(root, function () {
      var scored = index.pages.map(function (p, n) {
        var own = slugWords(p[1]).concat(slugWords(p[0]));
        // Each word asked, matched to the page's closest word (of its address or title).
        var best = asked.map(function (w) {
          return own.reduce(function (b, o) { return Math.max(b, alike(w, o)); }, 0);
        });
        var sum = best.reduce(function (a, b) { return a + b; }, 0);
        // The last word (the page's own name) must be close.
        return [n, best[best.length - 1] >= 0.6 ? sum / best.length : 0];
      }).filter(function (s) { return s[1] >= 0.6; });
      scored.sort(function (a, b) { return b[1] - a[1]; });
      if (!scored.length) return;
      var list = section.querySelector("ul");
      scored.slice(0, MAX_CLOSEST).forEach(function (s) {
        var p = index.pages[s[0]];
        var a = document.createElement("a");
        a.href = root + p[1];
        a.textContent = p[0];
        var li = document.createElement("li");
        li.appendChild(a);
        list.appendChild(li);
      });
      section.hidden = false;
    });
  }

  var proches = document.getElementById("proches");
  if (proches) closest(proches, document.body.getAttribute("data-root") || "");

  // For tests and other scripts: the same search the box runs.
  window.praxisSearch = {
    fold: fold,
    // The query words as the index sees them (once the index is loaded).
    tokens: function (q) { return index ? words(q) : null; },
    query: function (q, done) {
      load(document.body.getAttribute("data-root") || "", function () {
        var found = search(q);
        done(found.pages.map(function (n) { return index.pages[n][0]; }));
      });
    }
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
