(function () {
  "use strict";
  var t0 = performance.now();
  var tip = document.getElementById("dx-tip");
  var sections = document.querySelectorAll("section.doc");

  // The index of a batch: built here because the page is written one
  // document at a time, without keeping their names.
  if (sections.length > 1) {
    var nav = document.createElement("nav");
    nav.className = "index";
    nav.setAttribute("aria-label", "documents");
    var h = document.createElement("h2");
    h.textContent = sections.length + " documents";
    var ol = document.createElement("ol");
    sections.forEach(function (s) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#" + s.id;
      a.textContent = s.querySelector("h2").textContent;
      li.appendChild(a);
      var m = s.querySelector(".meta, .error");
      if (m) li.appendChild(document.createTextNode(" — " + m.textContent));
      ol.appendChild(li);
    });
    nav.appendChild(h);
    nav.appendChild(ol);
    var main = document.querySelector("main");
    main.insertBefore(nav, main.firstChild);
  }

  var hot = [];
  function hide() {
    hot.forEach(function (e) { e.classList.remove("hot"); });
    hot = [];
    tip.hidden = true;
  }
  function row(dl, key, value) {
    if (!value) return;
    var dt = document.createElement("dt"), dd = document.createElement("dd");
    dt.textContent = key;
    dd.textContent = value;
    dl.appendChild(dt);
    dl.appendChild(dd);
  }
  // The quotation (or cue) under el, inside a document section.
  function quoteOf(el) {
    var q = el && el.closest ? el.closest("[data-q]") : null;
    return q && q.closest("section.doc") ? q : null;
  }
  function show(el) {
    var sec = el.closest("section.doc"), n = el.getAttribute("data-q");
    var first = document.getElementById(sec.id + "-q" + n);
    if (!first) return;
    hide();
    hot = Array.prototype.slice.call(sec.querySelectorAll('.q[data-q="' + n + '"]'));
    hot.forEach(function (e) { e.classList.add("hot"); });
    var d = first.dataset, dl = document.createElement("dl");
    row(dl, "speaker", d.s + (d.sm && d.sm !== d.s ? " (" + d.sm + ")" : ""));
    row(dl, "type", d.t);
    row(dl, "cue", d.c ? d.c + (d.l ? " (" + d.l + ")" : "") : "none");
    row(dl, "to", d.a);
    row(dl, "via", d.v);
    row(dl, "inside", d.p ? "quotation " + d.p : "");
    tip.textContent = "";
    tip.appendChild(dl);
    tip.hidden = false;
    var rects = el.getClientRects(), r = rects.length ? rects[0] : el.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    var x = Math.max(4, Math.min(r.left, width - tip.offsetWidth - 4));
    tip.style.left = x + window.scrollX + "px";
    tip.style.top = r.bottom + window.scrollY + 6 + "px";
  }
  document.addEventListener("mouseover", function (e) {
    var q = quoteOf(e.target);
    if (q) show(q);
    else if (!quoteOf(document.activeElement)) hide();
  });
  document.addEventListener("focusin", function (e) {
    var q = quoteOf(e.target);
    if (q) show(q);
  });
  document.addEventListener("focusout", hide);
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") hide();
  });
  window.dxReport = {
    sections: sections.length,
    quotes: document.querySelectorAll("section.doc .q[id]").length,
    scriptMs: performance.now() - t0
  };
})();

// Inside the service's page (a frame), tell it how tall the report is.
if (window.parent !== window) {
  window.parent.postMessage({ dxHeight: document.documentElement.scrollHeight }, "*");
}
