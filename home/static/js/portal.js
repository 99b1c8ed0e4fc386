/* Reader tools: high contrast, text size, mobile menu. Framework-free, progressive enhancement. */
(function () {
  "use strict";
  var root = document.documentElement;
  var MAX_TEXT_SIZE = 3;

  function save(key, value) {
    try {
      if (value === null) {
        window.localStorage.removeItem(key);
      } else {
        window.localStorage.setItem(key, value);
      }
    } catch (error) {
      /* Storage disabled: the choice lasts for this page only. */
    }
  }

  var contrastButtons = document.querySelectorAll("[data-contrast-toggle]");
  function showContrast() {
    var on = root.classList.contains("high-contrast");
    contrastButtons.forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  contrastButtons.forEach(function (button) {
    button.addEventListener("click", function () {
      var on = root.classList.toggle("high-contrast");
      save("cong.contrast", on ? "high" : null);
      showContrast();
    });
  });
  showContrast();

  function currentSize() {
    return parseInt(root.getAttribute("data-text-size") || "0", 10);
  }
  document.querySelectorAll("button[data-text-size]").forEach(function (button) {
    button.addEventListener("click", function () {
      var step = parseInt(button.getAttribute("data-text-size"), 10);
      var size = step === 0 ? 0 : Math.min(MAX_TEXT_SIZE, Math.max(0, currentSize() + step));
      if (size === 0) {
        root.removeAttribute("data-text-size");
        save("cong.textSize", null);
      } else {
        root.setAttribute("data-text-size", String(size));
        save("cong.textSize", String(size));
      }
    });
  });

  var menuToggle = document.querySelector(".main-nav__toggle");
  if (menuToggle) {
    menuToggle.addEventListener("click", function () {
      var expanded = menuToggle.getAttribute("aria-expanded") === "true";
      menuToggle.setAttribute("aria-expanded", expanded ? "false" : "true");
    });
  }
})();
