/* Admin: Vietnamese titles give ASCII slugs, as on the server (home.text.slugify_vi): "Đổi mới số" ->
   "doi-moi-so". Wagtail's own transliteration has no Vietnamese table: it drops letters such as "ế" and
   writes "đ" as "dj". The text is folded before Wagtail's slug controller reads it, whether it comes from
   the title (w-sync:apply) or is typed into the slug field (blur). */
(function () {
  "use strict";
  var SLUG = "input[data-controller~='w-slug']";

  function fold(text) {
    return String(text).replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  document.addEventListener("w-sync:apply", function (event) {
    if (event.target.matches && event.target.matches(SLUG) && event.detail && typeof event.detail.value === "string") {
      event.detail.value = fold(event.detail.value);
    }
  }, true);

  document.addEventListener("blur", function (event) {
    if (event.target.matches && event.target.matches(SLUG)) {
      event.target.value = fold(event.target.value);
    }
  }, true);
})();
