/* Visit statistics: counts this page load once, from the page itself (so pages served from a cache are
   counted too), then puts the numbers of the beacon's answer in the "Thống kê truy cập" box.
   Framework-free. */
(function () {
  "use strict";
  var beacon = document.getElementById("visit-beacon");
  if (!beacon) {
    return;
  }
  var language = document.documentElement.getAttribute("lang") || "vi";
  var format = String;
  if (window.Intl && window.Intl.NumberFormat) {
    format = new window.Intl.NumberFormat(language === "vi" ? "vi-VN" : language).format;
  }

  function show(data) {
    if (!data) {
      return;
    }
    document.querySelectorAll("[data-visit-stats] [data-stat]").forEach(function (cell) {
      var value = data[cell.getAttribute("data-stat")];
      if (typeof value === "number") {
        cell.textContent = format(value);
      }
    });
    /* The figures are now those of this load: the time of the cached ones no longer applies. */
    document.querySelectorAll("[data-visit-as-of]").forEach(function (note) {
      note.hidden = true;
    });
  }

  function refresh() {
    return window
      .fetch(beacon.getAttribute("data-stats-url"), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      })
      .then(function (response) {
        return response.ok ? response.json() : null;
      });
  }

  function count() {
    if (!window.fetch) {
      new Image().src = beacon.getAttribute("data-pixel-url");
      return;
    }
    if (navigator.webdriver) {
      /* Automated browsers are not readers: show the numbers without counting. */
      refresh().then(show).catch(function () {});
      return;
    }
    var page = beacon.getAttribute("data-page");
    window
      .fetch(beacon.getAttribute("data-hit-url"), {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({
          page: page ? Number(page) : null,
          path: window.location.pathname,
          /* The search this page shows, signed by the portal: logged with the view (search.querylog). */
          search: beacon.getAttribute("data-search") || undefined,
        }),
        credentials: "same-origin",
        cache: "no-store",
        keepalive: true,
      })
      .then(function (response) {
        return response.ok ? response.json() : refresh();
      })
      .then(show)
      .catch(function () {
        /* The statistics are not worth an error message. */
      });
  }

  /* A page prerendered by the browser counts when (and only if) the reader actually opens it. */
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", count, { once: true });
  } else {
    count();
  }
})();
