// Vangnet back office: small progressive enhancements on top of htmx. Every page works without this file.
(function () {
  "use strict";

  // After paging through search results with htmx, keep keyboard and screen-reader users in place:
  // the link they used is gone, so move focus to the new table's caption.
  document.addEventListener("htmx:afterSwap", function (event) {
    var trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!trigger || !trigger.closest || !trigger.closest(".pagination")) {
      return;
    }
    var caption = event.detail.target.querySelector("caption");
    if (caption) {
      caption.setAttribute("tabindex", "-1");
      caption.focus();
    }
  });

  // A colleague who types into a live search before htmx has started (a slow line, a fast typist) would
  // otherwise see no results until the next key: search once for what is already there.
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.htmx) {
      return;
    }
    document.querySelectorAll("input[type=search][hx-get]").forEach(function (input) {
      if (input.value !== input.defaultValue) {
        window.htmx.trigger(input, "search");
      }
    });
  });
})();
