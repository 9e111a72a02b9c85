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
})();
