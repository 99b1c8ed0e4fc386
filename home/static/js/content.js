/* Slideshow, print button, copy-link button and click-to-load videos. Framework-free; the page works
   without it (all photos are shown, videos are links). */
(function () {
  "use strict";
  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");

  function setupSlideshow(root) {
    var slides = root.querySelectorAll(".slideshow__slide");
    if (slides.length < 2) {
      return;
    }
    var container = root.querySelector(".slideshow__slides");
    var rotationButton = root.querySelector("[data-slideshow-rotation]");
    var rotationLabel = root.querySelector("[data-slideshow-rotation-label]");
    var rotationIcon = root.querySelector("[data-slideshow-rotation-icon]");
    var dots = root.querySelectorAll("[data-slideshow-goto]");
    var interval = parseInt(root.getAttribute("data-interval") || "6000", 10);
    var current = 0;
    var timer = null;
    // Auto-rotation is off for readers who ask for reduced motion; a reader's "pause" is final.
    var playing = !(reducedMotion && reducedMotion.matches);
    var pausedByReader = false;
    var hovered = false;
    var focused = false;

    root.classList.add("slideshow--enhanced");
    root.querySelectorAll("[hidden]").forEach(function (element) {
      if (element.matches(".slideshow__controls, .slideshow__dots")) {
        element.hidden = false;
      }
    });

    function show(index) {
      current = (index + slides.length) % slides.length;
      slides.forEach(function (slide, position) {
        var active = position === current;
        slide.hidden = !active;
        slide.classList.toggle("is-active", active);
      });
      dots.forEach(function (dot, position) {
        if (position === current) {
          dot.setAttribute("aria-current", "true");
        } else {
          dot.removeAttribute("aria-current");
        }
      });
    }

    function tick() {
      if (playing && !hovered && !focused) {
        show(current + 1);
      }
    }

    function updateRotation() {
      // While the photos turn by themselves, screen readers are not interrupted by every change.
      container.setAttribute("aria-live", playing ? "off" : "polite");
      rotationButton.setAttribute("aria-pressed", playing ? "false" : "true");
      rotationLabel.textContent = rotationButton.getAttribute(playing ? "data-label-pause" : "data-label-play");
      rotationIcon.textContent = playing ? "\u275a\u275a" : "\u25b6";
      window.clearInterval(timer);
      timer = playing ? window.setInterval(tick, interval) : null;
    }

    function stopForReader() {
      pausedByReader = true;
      playing = false;
      updateRotation();
    }

    rotationButton.addEventListener("click", function () {
      playing = !playing;
      pausedByReader = !playing;
      updateRotation();
    });
    root.querySelector("[data-slideshow-previous]").addEventListener("click", function () {
      stopForReader();
      show(current - 1);
    });
    root.querySelector("[data-slideshow-next]").addEventListener("click", function () {
      stopForReader();
      show(current + 1);
    });
    dots.forEach(function (dot) {
      dot.addEventListener("click", function () {
        stopForReader();
        show(parseInt(dot.getAttribute("data-slideshow-goto"), 10));
      });
    });
    root.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
        stopForReader();
        show(current + (event.key === "ArrowRight" ? 1 : -1));
      }
    });
    root.addEventListener("mouseenter", function () { hovered = true; });
    root.addEventListener("mouseleave", function () { hovered = false; });
    root.addEventListener("focusin", function () { focused = true; });
    root.addEventListener("focusout", function (event) {
      focused = root.contains(event.relatedTarget);
    });
    if (reducedMotion && reducedMotion.addEventListener) {
      reducedMotion.addEventListener("change", function () {
        if (reducedMotion.matches) {
          playing = false;
        } else if (!pausedByReader) {
          playing = true;
        }
        updateRotation();
      });
    }
    show(0);
    updateRotation();
  }

  document.querySelectorAll("[data-slideshow]").forEach(setupSlideshow);

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    if (!navigator.clipboard) {
      return;
    }
    button.hidden = false;
    var label = button.textContent;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy-link")).then(function () {
        button.textContent = button.getAttribute("data-copied-text");
        window.setTimeout(function () { button.textContent = label; }, 3000);
      });
    });
  });

  document.querySelectorAll("[data-video-src]").forEach(function (figure) {
    var link = figure.querySelector(".video__link");
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var frame = document.createElement("iframe");
      frame.src = figure.getAttribute("data-video-src");
      frame.title = figure.getAttribute("data-video-title");
      frame.allow = "fullscreen; picture-in-picture";
      frame.setAttribute("allowfullscreen", "");
      link.replaceWith(frame);
      frame.focus();
    });
  });
})();
