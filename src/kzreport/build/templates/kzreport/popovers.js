(function () {
"use strict";
var d = document, pop = null, cur = null, timer = 0, touch = false, pinned = null, sel = 'a[href^="#claim-"], a[href^="#event-"]';
function row(a) { var r = d.getElementById(decodeURIComponent(a.getAttribute("href").slice(1))); return r && r.tagName === "TR" ? r : null; }
function text(r, s) { var e = r && r.querySelector(s); return e ? e.textContent.replace(/\s+/g, " ").trim() : ""; }
function line(p, c, t, lang) { if (!t) return; var e = d.createElement("p"); e.className = c; e.textContent = t; if (lang) e.lang = lang; p.appendChild(e); }
function hide() {
  clearTimeout(timer);
  pinned = null;
  if (pop) { pop.remove(); pop = null; }
  if (cur) { cur.removeAttribute("aria-describedby"); cur = null; }
}
function later() { clearTimeout(timer); timer = setTimeout(hide, 250); }
function show(a) {
  if (cur === a) return;
  hide();
  var r = row(a); if (!r) return;
  var q = d.getElementById(r.getAttribute("data-quote-from") || "") || r, p = d.createElement("div");
  p.id = "kz-pop"; p.className = "kz-pop"; p.setAttribute("role", "tooltip");
  line(p, "kz-title", text(r, ".r-title"));
  line(p, "kz-quote", text(q, ".r-quote"), (q.querySelector(".r-quote") || {}).lang);
  line(p, "kz-en", text(q, ".r-en"), "en");
  line(p, "kz-meta", [text(r, ".r-claimant"), r.getAttribute("data-doc"), text(r, ".r-date")].filter(Boolean).join(" · "));
  line(p, "kz-hint", touch ? {{ _("Tap again for the register entry") | tojson }} : {{ _("Click again or Enter: the register entry · Esc: close") | tojson }});
  d.body.appendChild(p); pop = p; cur = a;
  a.setAttribute("aria-describedby", "kz-pop");
  var b = a.getBoundingClientRect(), sx = window.scrollX, sy = window.scrollY, h = p.offsetHeight;
  p.style.left = Math.max(8, Math.min(b.left + sx, sx + d.documentElement.clientWidth - p.offsetWidth - 8)) + "px";
  p.style.top = (b.bottom + h + 12 > innerHeight && b.top > h + 12 ? b.top + sy - h - 6 : b.bottom + sy + 6) + "px";
  p.onmouseenter = function () { clearTimeout(timer); };
  p.onmouseleave = function () { if (!pinned) later(); };
}
function link(e) { var a = e.target.closest && e.target.closest(sel); return a && !a.closest(".kz-pop") ? a : null; }
d.addEventListener("pointerdown", function (e) { touch = e.pointerType !== "mouse"; }, true);
d.addEventListener("mouseover", function (e) { var a = link(e); if (a && !touch) { clearTimeout(timer); show(a); } });
d.addEventListener("mouseout", function (e) { if (link(e) && !touch && !pinned) later(); });
d.addEventListener("focusin", function (e) { var a = link(e); if (a) show(a); else if (!(pop && pop.contains(e.target))) hide(); });
d.addEventListener("click", function (e) {
  var a = link(e);
  if (a && e.detail > 0 && pinned !== a) { e.preventDefault(); show(a); pinned = a; } else if (a || (pop && !pop.contains(e.target))) hide();
});
d.addEventListener("keydown", function (e) { if (e.key === "Escape" && pop) { var a = cur; hide(); if (a) a.focus({preventScroll: true}); } });
var seen = {};
d.querySelectorAll(sel).forEach(function (a) {
  var r = row(a), h = null, n = a, s, hs;
  if (!r || a.closest("table.register, nav")) return;
  for (; n && !h; n = n.parentElement) {
    for (s = n.previousElementSibling; s && !h; s = s.previousElementSibling) {
      if (/^H[1-3]$/.test(s.tagName) && s.id) h = s;
      else if ((hs = s.querySelectorAll("h1[id],h2[id],h3[id]")).length) h = hs[hs.length - 1];
    }
  }
  var box = r.querySelector(".r-back");
  if (!h || !box || seen[r.id + h.id]) return;
  seen[r.id + h.id] = 1;
  var b = d.createElement("a");
  b.href = "#" + h.id; b.className = "r-cited";
  b.textContent = "↩ " + {{ _("cited in §") | tojson }} + " " + h.textContent.replace("¶", "").trim();
  box.insertBefore(b, box.firstChild);
});
// At phone width the header row of a table is hidden (report.css): each cell shows its column's name instead, taken
// from the header row for tables written in Markdown (the project's HTML tables carry data-label already).
[].forEach.call(d.querySelectorAll("main table"), function (t) {
  var hs = [].map.call(t.querySelectorAll("thead th"), function (h) { return h.textContent.trim(); });
  [].forEach.call(t.querySelectorAll("tbody tr"), function (r) {
    [].forEach.call(r.children, function (c, i) { if (c.tagName === "TD" && hs[i] && !c.hasAttribute("data-label")) c.setAttribute("data-label", hs[i]); });
  });
});
})();
