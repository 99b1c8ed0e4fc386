/* Ratings: sends the chosen score without leaving the page and shows the new average. Nothing is asked
   on load: the page, even from the cache, shows the current average (a rating purges the cached copy),
   and the reader's own score comes from this browser's memory. The API is asked once the reader turns
   to the form (for the CSRF cookie the POST needs, and their score as the server knows it). Without this
   script the form posts as is. */
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

    var memory = "cong:rating:" + url;

    function check(score) {
      var input = form.querySelector('input[name="score"][value="' + score + '"]');
      if (input) {
        input.checked = true;
      }
    }

    function show(data, keepChoice) {
      if (data.summary) {
        summary.textContent = "(" + data.summary + ")";
      }
      if (data.your_score && !(keepChoice && form.querySelector('input[name="score"]:checked'))) {
        check(data.your_score);
      }
    }

    function remembered() {
      try {
        return window.localStorage.getItem(memory);
      } catch (error) {
        return null; /* storage turned off: the server's answer shows the score later */
      }
    }

    function remember(score) {
      try {
        window.localStorage.setItem(memory, String(score));
      } catch (error) {
        /* nothing to do */
      }
    }

    var ownScore = remembered();
    if (ownScore) {
      check(ownScore);
    }

    /* The CSRF cookie and the reader's score as the server knows it: asked once, when the reader turns to
       the form (a click or a key on it), so that a page view costs no request. */
    var prepared = null;
    function prepare() {
      if (!prepared) {
        prepared = window
          .fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
          .then(read)
          .then(function (result) {
            if (result.ok) {
              show(result.data, true);
            }
          })
          .catch(function () {});
      }
      return prepared;
    }
    form.addEventListener("focusin", prepare);
    form.addEventListener("pointerdown", prepare);

    form.addEventListener("submit", function (event) {
      var choice = form.querySelector('input[name="score"]:checked');
      if (!choice) {
        return; /* the browser asks for a choice (the inputs are required) */
      }
      event.preventDefault();
      button.disabled = true;
      prepare()
        .then(function () {
          return window.fetch(url, {
            method: "POST",
            headers: {
              "Content-Type": "application/json",
              Accept: "application/json",
              "X-CSRFToken": cookie(box.getAttribute("data-csrf-cookie") || "csrftoken"),
            },
            body: JSON.stringify({ score: Number(choice.value) }),
            credentials: "same-origin",
          });
        })
        .then(read)
        .then(function (result) {
          status.textContent = result.data.message || result.data.error || box.getAttribute("data-error-text");
          if (result.ok) {
            remember(choice.value);
            show(result.data, false);
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
