/* Runs in <head>, before the first paint: applies the reader's saved display choices so pages never
   flash in the wrong contrast or size. Choices live in localStorage, so no server round trip. */
(function () {
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");
  try {
    if (window.localStorage.getItem("cong.contrast") === "high") {
      root.classList.add("high-contrast");
    }
    var size = parseInt(window.localStorage.getItem("cong.textSize") || "0", 10);
    if (size >= 1 && size <= 3) {
      root.setAttribute("data-text-size", String(size));
    }
  } catch (error) {
    /* Storage disabled (private mode): the page keeps its defaults. */
  }
})();
