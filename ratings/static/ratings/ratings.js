/* Ratings: sends the chosen score without leaving the page, and shows the live average and the
   reader's own score (also on pages served from a cache). Without this script the form posts as is. */
(function () {
  "use strict";
  if (!window.fetch) {
    return;
  }

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name.replace(/[.$?*|{}()[\]\\/+^]/g, "\\$&") + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  function read(response) {
    return response
      .json()
      .catch(function () {
        return {};
      })
      .then(function (data) {
        return { ok: response.ok, data: data };
      });
  }

  document.querySelectorAll("[data-rating]").forEach(function (box) {
    var url = box.getAttribute("data-rating-url");
    var form = box.querySelector("[data-rating-form]");
    var summary = box.querySelector("[data-rating-summary]");
    var status = box.querySelector("[data-rating-status]");
    var button = form.querySelector("button[type=submit]");
    if (!url || form.querySelector("fieldset[disabled]")) {
      return;
    }

    function show(data) {
      if (data.summary) {
        summary.textContent = "(" + data.summary + ")";
      }
      if (data.your_score) {
        var input = form.querySelector('input[name="score"][value="' + data.your_score + '"]');
        if (input) {
          input.checked = true;
        }
      }
    }

    /* Live figures, the reader's own score, and the CSRF cookie the POST below needs. */
    window
      .fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(read)
      .then(function (result) {
        if (result.ok) {
          show(result.data);
        }
      })
      .catch(function () {});

    form.addEventListener("submit", function (event) {
      var choice = form.querySelector('input[name="score"]:checked');
      if (!choice) {
        return; /* the browser asks for a choice (the inputs are required) */
      }
      event.preventDefault();
      button.disabled = true;
      window
        .fetch(url, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            Accept: "application/json",
            "X-CSRFToken": cookie(box.getAttribute("data-csrf-cookie") || "csrftoken"),
          },
          body: JSON.stringify({ score: Number(choice.value) }),
          credentials: "same-origin",
        })
        .then(read)
        .then(function (result) {
          status.textContent = result.data.message || result.data.error || box.getAttribute("data-error-text");
          if (result.ok) {
            show(result.data);
          }
        })
        .catch(function () {
          status.textContent = box.getAttribute("data-error-text");
        })
        .then(function () {
          button.disabled = false;
        });
    });
  });
})();
