/* Zoom and pan for the map page's SVG: the buttons (+, -, whole map), the mouse wheel over
   the map, and dragging. Only the SVG's viewBox changes; without this script the map is
   the whole municipality, as printed. The application's own file: nothing from outside. */
(function () {
  "use strict";
  var svg = document.querySelector("svg.map");
  var tools = document.querySelector(".map-tools");
  if (!svg || !tools) { return; }
  var full = svg.viewBox.baseVal;
  var home = { x: full.x, y: full.y, w: full.width, h: full.height };
  var view = { x: home.x, y: home.y, w: home.w, h: home.h };
  var MIN = 0.125; // at most 8 times closer

  function apply() {
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
    svg.classList.toggle("zoomed", view.w < home.w);
  }
  function clamp() {
    view.w = Math.min(home.w, Math.max(home.w * MIN, view.w));
    view.h = view.w * home.h / home.w;
    view.x = Math.min(home.x + home.w - view.w, Math.max(home.x, view.x));
    view.y = Math.min(home.y + home.h - view.h, Math.max(home.y, view.y));
  }
  function zoom(factor, cx, cy) {
    var px = (cx - view.x) / view.w, py = (cy - view.y) / view.h;
    view.w = view.w * factor;
    view.h = view.h * factor;
    clamp();
    view.x = cx - px * view.w;
    view.y = cy - py * view.h;
    clamp();
    apply();
  }
  function toMap(event) {
    var box = svg.getBoundingClientRect();
    return {
      x: view.x + (event.clientX - box.left) / box.width * view.w,
      y: view.y + (event.clientY - box.top) / box.height * view.h
    };
  }
  tools.hidden = false;
  tools.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    var action = button.getAttribute("data-zoom");
    if (action === "in") { zoom(0.5, view.x + view.w / 2, view.y + view.h / 2); }
    if (action === "out") { zoom(2, view.x + view.w / 2, view.y + view.h / 2); }
    if (action === "reset") { view = { x: home.x, y: home.y, w: home.w, h: home.h }; apply(); }
  });
  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    var at = toMap(event);
    zoom(event.deltaY < 0 ? 0.8 : 1.25, at.x, at.y);
  }, { passive: false });
  var drag = null;
  svg.addEventListener("pointerdown", function (event) {
    if (view.w >= home.w) { return; }
    drag = { x: event.clientX, y: event.clientY, vx: view.x, vy: view.y, moved: false };
  });
  svg.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var box = svg.getBoundingClientRect();
    var dx = (event.clientX - drag.x) / box.width * view.w;
    var dy = (event.clientY - drag.y) / box.height * view.h;
    if (Math.abs(dx) + Math.abs(dy) > 0) { drag.moved = true; }
    view.x = drag.vx - dx;
    view.y = drag.vy - dy;
    clamp();
    apply();
  });
  function stop() { drag = null; }
  svg.addEventListener("pointerup", stop);
  svg.addEventListener("pointerleave", stop);
})();
