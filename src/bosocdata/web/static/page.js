/* What every page does with a script (the application's own file; the policy allows no
   inline script). Without it the page works as well, only without these two aids.

   1. Printing opens every closed <details> (the charts over the years, the tables behind
      a chart), so that paper shows what the screen keeps behind a click, and closes them
      again afterwards. The stylesheet opens them too where the browser allows it
      (::details-content); this covers the others.
   2. A wide table's box (.table-wrap) is marked `scrolls`, and `more-right` /
      `more-left` while columns are hidden on that side; the stylesheet fades the right
      edge while there is more to the right: a reader sees that the table goes on. */
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.open = true;
      opened.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  var wraps = document.querySelectorAll(".table-wrap");
  function mark(wrap) {
    var hidden = wrap.scrollWidth - wrap.clientWidth;
    wrap.classList.toggle("scrolls", hidden > 1);
    wrap.classList.toggle("more-left", hidden > 1 && wrap.scrollLeft > 1);
    wrap.classList.toggle("more-right", hidden > 1 && wrap.scrollLeft < hidden - 1);
  }
  function markAll() { wraps.forEach(mark); }
  wraps.forEach(function (wrap) {
    wrap.addEventListener("scroll", function () { mark(wrap); }, { passive: true });
  });
  window.addEventListener("resize", markAll);
  markAll();
})();
