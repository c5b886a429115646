/* kzreport: a link to a claim or an event (#claim-…, #event-…) shows the register row's quote, English rendering,
   claimant, document and date in a popover, on hover, keyboard focus or a first tap (a second tap or Enter follows
   the link; Esc closes). Each register row gets links back to the sections that cite it. No network, no library. */
(function () {
  "use strict";
  var d = document, pop = null, cur = null, timer = 0, touch = false;
  var sel = 'a[href^="#claim-"], a[href^="#event-"]';
  function row(a) { return d.getElementById(decodeURIComponent(a.getAttribute("href").slice(1))); }
  function text(r, s) { var e = r && r.querySelector(s); return e ? e.textContent.replace(/\s+/g, " ").trim() : ""; }
  function line(p, cls, t, lang) {
    if (!t) return;
    var e = d.createElement("p"); e.className = cls; e.textContent = t; if (lang) e.lang = lang; p.appendChild(e);
  }
  function hide() {
    clearTimeout(timer);
    if (pop) { pop.remove(); pop = null; }
    if (cur) { cur.removeAttribute("aria-describedby"); cur.removeAttribute("aria-expanded"); cur = null; }
  }
  function show(a) {
    if (cur === a) return;
    hide();
    var r = row(a);
    if (!r || r.tagName !== "TR") return;
    var q = r.getAttribute("data-quote-from"), qr = q ? d.getElementById(q) || r : r;
    var p = d.createElement("div");
    p.id = "kz-pop"; p.className = "kz-pop"; p.setAttribute("role", "tooltip");
    line(p, "kz-title", text(r, ".r-title"));
    line(p, "kz-quote", text(qr, ".r-quote"), (qr.querySelector(".r-quote") || {}).lang);
    line(p, "kz-en", text(qr, ".r-en"), "en");
    var who = [text(r, ".r-claimant"), r.getAttribute("data-doc") || "", text(r, ".r-date")].filter(Boolean);
    line(p, "kz-meta", who.join(" · "));
    line(p, "kz-hint", touch ? "Tap again for the register entry" : "Enter or click: the register entry; Esc: close");
    d.body.appendChild(p);
    pop = p; cur = a;
    a.setAttribute("aria-describedby", "kz-pop"); a.setAttribute("aria-expanded", "true");
    var b = a.getBoundingClientRect(), w = p.offsetWidth, vw = d.documentElement.clientWidth;
    var left = Math.max(8, Math.min(b.left + window.scrollX, window.scrollX + vw - w - 8));
    var top = b.bottom + window.scrollY + 6;
    if (b.bottom + p.offsetHeight + 12 > window.innerHeight && b.top > p.offsetHeight + 12) top = b.top + window.scrollY - p.offsetHeight - 6;
    p.style.left = left + "px"; p.style.top = top + "px";
    p.addEventListener("mouseenter", function () { clearTimeout(timer); });
    p.addEventListener("mouseleave", later);
  }
  function later() { clearTimeout(timer); timer = setTimeout(hide, 250); }
  function link(e) { var a = e.target.closest && e.target.closest(sel); return a && !a.closest(".kz-pop") ? a : null; }
  d.addEventListener("pointerdown", function (e) { touch = e.pointerType === "touch" || e.pointerType === "pen"; }, true);
  d.addEventListener("mouseover", function (e) { var a = link(e); if (a && !touch) { clearTimeout(timer); show(a); } });
  d.addEventListener("mouseout", function (e) { if (link(e) && !touch) later(); });
  d.addEventListener("focusin", function (e) { var a = link(e); if (a) show(a); else if (!(pop && pop.contains(e.target))) hide(); });
  d.addEventListener("click", function (e) {
    var a = link(e);
    if (a && touch && cur !== a) { e.preventDefault(); show(a); return; }
    if (a) { hide(); return; }
    if (pop && !pop.contains(e.target)) hide();
  });
  d.addEventListener("keydown", function (e) { if (e.key === "Escape" && pop) { var a = cur; hide(); if (a) a.focus({preventScroll: true}); } });
  /* Back-links: every register row lists the sections that cite it. */
  var seen = {};
  d.querySelectorAll(sel).forEach(function (a) {
    var r = row(a);
    if (!r || r.tagName !== "TR" || a.closest("table.register, nav")) return;
    var h = null, n = a;
    while (n && !h) {
      var s = n.previousElementSibling;
      while (s && !h) {
        if (/^H[1-3]$/.test(s.tagName) && s.id) h = s; else if (s.querySelectorAll) { var hs = s.querySelectorAll("h1[id],h2[id],h3[id]"); if (hs.length) h = hs[hs.length - 1]; }
        s = s.previousElementSibling;
      }
      n = n.parentElement;
    }
    if (!h || r.contains(h)) return;
    var key = r.id + "|" + h.id;
    if (seen[key]) return;
    seen[key] = 1;
    var box = r.querySelector(".r-back");
    if (!box) return;
    var b = d.createElement("a");
    b.href = "#" + h.id; b.className = "r-cited";
    b.textContent = "↩ cited in §\u00a0" + h.textContent.replace("¶", "").trim();
    box.insertBefore(b, box.firstChild);
  });
})();
