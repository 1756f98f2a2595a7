// Progressive enhancement only: every page works without JavaScript.
// 1. "Print this page" button (shown only when scripts run).
// 2. Before printing, open every drill-down so charts and tables print; restore afterwards.
(function () {
  "use strict";
  var opened = [];
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });
    document.querySelectorAll(".js-print").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
  window.addEventListener("beforeprint", function () {
    opened = [];
    document.querySelectorAll("details:not([open])").forEach(function (d) { d.open = true; opened.push(d); });
    document.querySelectorAll("img[loading=lazy]").forEach(function (img) { img.loading = "eager"; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
