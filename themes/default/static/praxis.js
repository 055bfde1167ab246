/* praxis default theme: tooltips for cross-references (progressive enhancement).
 *
 * A link `a.xref[title]` carries the summary of its target in `title`; without
 * JavaScript the browser shows that as its native tooltip. With this script:
 * - mouse: hovering the link shows the summary (after a short delay); the tooltip
 *   stays while the pointer is over the link or the tooltip, so it can be read;
 * - keyboard: focusing the link shows it; Escape or leaving the link hides it;
 * - touch: the first tap on a link shows its summary (with a hint), a second tap on
 *   the same link, or a tap on the tooltip, follows the link; a tap elsewhere hides it.
 * While a tooltip is active its text is moved from `title` to `data-xref-title` (no
 * double tooltip) and the link points to it with `aria-describedby`.
 * Search is not here: see static/search.js.
 */
(function () {
  "use strict";
  if (!window.addEventListener || !document.querySelector || !Element.prototype.closest) return;

  var TIP_ID = "praxis-tooltip";
  var SHOW_DELAY = 250;
  var HIDE_DELAY = 200;
  var tip = null;
  var armed = null;     // link whose title is moved aside (hovered, focused or tapped)
  var visible = false;
  var byTouch = false;  // the visible tooltip was opened by a tap
  var showTimer = 0;
  var hideTimer = 0;
  var lastPointer = { type: "", time: 0 };

  function xrefOf(node) {
    return node && node.closest ? node.closest("a.xref[title], a.xref[data-xref-title]") : null;
  }

  function tooltip() {
    if (tip) return tip;
    tip = document.createElement("div");
    tip.id = TIP_ID;
    tip.className = "xref-tooltip";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    tip.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
    tip.addEventListener("pointerleave", function (e) { if (e.pointerType !== "touch") scheduleHide(); });
    tip.addEventListener("click", function () { if (armed) armed.click(); });
    document.body.appendChild(tip);
    return tip;
  }

  function arm(link) {
    if (armed === link) return;
    disarm();
    var text = link.getAttribute("title");
    if (text === null) return;
    link.setAttribute("data-xref-title", text);
    link.removeAttribute("title");
    armed = link;
  }

  function disarm() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (tip) tip.hidden = true;
    visible = false;
    byTouch = false;
    var link = armed;
    armed = null;
    if (!link) return;
    var text = link.getAttribute("data-xref-title");
    if (text !== null) {
      link.setAttribute("title", text);
      link.removeAttribute("data-xref-title");
    }
    var ids = (link.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
      return id && id !== TIP_ID;
    });
    if (ids.length) link.setAttribute("aria-describedby", ids.join(" "));
    else link.removeAttribute("aria-describedby");
  }

  function show(link, touch) {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    arm(link);
    var text = link.getAttribute("data-xref-title");
    if (!text) return;
    var t = tooltip();
    t.textContent = text;
    var hint = document.body.getAttribute("data-tooltip-hint");
    if (touch && hint) {
      var small = document.createElement("span");
      small.className = "xref-tooltip-hint";
      small.textContent = hint;
      t.appendChild(small);
    }
    t.hidden = false;
    visible = true;
    byTouch = !!touch;
    var ids = (link.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (ids.indexOf(TIP_ID) < 0) ids.push(TIP_ID);
    link.setAttribute("aria-describedby", ids.join(" "));
    place(link, t);
  }

  function place(link, t) {
    var rects = link.getClientRects();
    var r = rects.length ? rects[0] : link.getBoundingClientRect();
    var vw = document.documentElement.clientWidth;
    var vh = window.innerHeight;
    t.style.left = "0px";
    t.style.top = "0px";
    var w = t.offsetWidth;
    var h = t.offsetHeight;
    var gap = 8;
    var left = Math.max(gap, Math.min(r.left + r.width / 2 - w / 2, vw - w - gap));
    var below = r.bottom + gap + h <= vh || r.top - gap - h < 0;
    var top = below ? r.bottom + gap : r.top - gap - h;
    var arrow = Math.max(12, Math.min(w - 12, r.left + r.width / 2 - left));
    t.setAttribute("data-side", below ? "below" : "above");
    t.style.setProperty("--arrow-x", arrow + "px");
    t.style.left = left + window.pageXOffset + "px";
    t.style.top = top + window.pageYOffset + "px";
  }

  function scheduleHide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(disarm, HIDE_DELAY);
  }

  function recentPointer() {
    return Date.now() - lastPointer.time < 800;
  }

  document.addEventListener("pointerdown", function (e) {
    lastPointer = { type: e.pointerType, time: Date.now() };
    if (visible && !xrefOf(e.target) && !(tip && tip.contains(e.target))) disarm();
  }, true);

  document.addEventListener("pointerover", function (e) {
    if (e.pointerType === "touch") return;
    var link = xrefOf(e.target);
    if (link) {
      clearTimeout(hideTimer);
      if (armed === link && visible) return;
      arm(link);
      clearTimeout(showTimer);
      showTimer = setTimeout(function () { show(link, false); }, SHOW_DELAY);
    }
  });

  document.addEventListener("pointerout", function (e) {
    if (e.pointerType === "touch" || !armed) return;
    var link = xrefOf(e.target);
    if (link !== armed) return;
    var to = e.relatedTarget;
    if (to && (link.contains(to) || (tip && tip.contains(to)))) return;
    if (document.activeElement === link && !recentPointer()) return;
    scheduleHide();
  });

  document.addEventListener("focusin", function (e) {
    var link = xrefOf(e.target);
    if (!link) return;
    if (recentPointer()) return; // a click or a tap: the pointer handlers decide
    show(link, false);
  });

  document.addEventListener("focusout", function (e) {
    if (armed && e.target === armed && !byTouch) scheduleHide();
  });

  document.addEventListener("click", function (e) {
    var link = xrefOf(e.target);
    if (!link) return;
    if (e.defaultPrevented || e.button > 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    if (lastPointer.type !== "touch" || !recentPointer()) return;
    if (armed === link && visible) return; // second tap: follow the link
    e.preventDefault();
    show(link, true);
  });

  document.addEventListener("keydown", function (e) {
    if ((e.key === "Escape" || e.key === "Esc") && visible) {
      if (tip) tip.hidden = true;
      visible = false;
    }
  });

  window.addEventListener("resize", function () { if (visible && armed && tip) place(armed, tip); });
  window.addEventListener("beforeprint", disarm);
  window.addEventListener("pagehide", disarm);
})();

/* The menu: a <details> that folds on phones (it works without this script). Wider
 * screens show it open, as a row; on a phone, Escape or a tap elsewhere folds it. */
(function () {
  "use strict";
  var menu = document.querySelector && document.querySelector("details.menu");
  if (!menu || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 40em)");
  function fit() { menu.open = wide.matches; }
  fit();
  if (wide.addEventListener) wide.addEventListener("change", fit);
  document.addEventListener("click", function (e) {
    if (menu.open && !wide.matches && !menu.contains(e.target)) menu.open = false;
  });
  document.addEventListener("keydown", function (e) {
    if ((e.key === "Escape" || e.key === "Esc") && menu.open && !wide.matches) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
})();

/* The published guide keeps itself for reading offline (sw.js, written by the build).
 * Pages say so with `data-offline-app`; the preview of `praxis serve` never does. */
(function () {
  "use strict";
  var body = document.body;
  if (!body || !body.hasAttribute("data-offline-app") || !("serviceWorker" in navigator)) return;
  if (location.protocol !== "https:" && location.hostname !== "localhost" && location.hostname !== "127.0.0.1") return;
  navigator.serviceWorker.register((body.getAttribute("data-root") || "") + "sw.js").catch(function () {});
})();
