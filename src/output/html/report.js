"use strict";
(function () {
  // Everything read from the page is set back as text (textContent, attributes): no HTML is
  // ever built from the repository's data.
  document.body.classList.add("js");
  // Heat maps: a cell shows its list of risks.
  var cells = document.querySelectorAll("a.hm-cell");
  function show(id) {
    document.querySelectorAll(".cell-list.shown").forEach(function (e) { e.classList.remove("shown"); });
    document.querySelectorAll("a.hm-cell.active").forEach(function (e) { e.classList.remove("active"); });
    var list = document.getElementById(id);
    if (list) { list.classList.add("shown"); }
    document.querySelectorAll('a.hm-cell[data-cell="' + id + '"]').forEach(function (e) { e.classList.add("active"); });
    return list;
  }
  cells.forEach(function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      var list = show(a.getAttribute("data-cell"));
      if (list) { list.scrollIntoView({ block: "nearest" }); }
    });
  });
  // Findings: filter by severity, rule, file and entity.
  var sev = document.getElementById("f-sev"), rule = document.getElementById("f-rule"),
    file = document.getElementById("f-file"), entity = document.getElementById("f-entity"),
    count = document.getElementById("f-count");
  function filter() {
    var s = sev.value, r = rule.value, f = file.value, e = entity.value.trim().toLowerCase(), n = 0;
    document.querySelectorAll("section.file").forEach(function (sec) {
      var any = false;
      sec.querySelectorAll("article.finding").forEach(function (a) {
        var ok = (!s || a.getAttribute("data-sev") === s) && (!r || a.getAttribute("data-rule") === r) &&
          (!f || a.getAttribute("data-file") === f) &&
          (!e || a.getAttribute("data-entity").toLowerCase().indexOf(e) >= 0);
        a.hidden = !ok;
        if (ok) { n++; any = true; }
      });
      sec.hidden = !any;
    });
    count.textContent = n + " shown";
  }
  if (sev && rule && file && entity && count) {
    [sev, rule, file].forEach(function (x) { x.addEventListener("change", filter); });
    entity.addEventListener("input", filter);
  }
  // Traceability: only the risks with a break.
  var only = document.getElementById("only-breaks");
  if (only) {
    only.addEventListener("change", function () {
      document.querySelectorAll("#risk-table tbody tr").forEach(function (tr) {
        tr.hidden = only.checked && tr.classList.contains("fine");
      });
    });
  }
  // Printing opens the list of files and the controls that need attention (orphans, breaks,
  // findings); the others print as one line each.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.files, details.control.flag").forEach(function (d) { d.open = true; });
  });
})();
