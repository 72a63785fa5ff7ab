/* Messages as a toast: the server renders them in a fixed live region (visible
 * without JavaScript too); this adds a close button, re-inserts them once the page
 * has loaded so screen readers announce them, and lets success notes fade away. */
(function () {
  "use strict";

  var SUCCESS_TIMEOUT_MS = 10000;

  function init() {
    var region = document.querySelector("[data-toasts]");
    if (!region) return;
    var list = region.querySelector(".messages");
    if (!list) return;

    function hideIfEmpty() {
      if (!list.querySelector(".message:not(.is-hidden)")) region.classList.add("is-hidden");
    }

    list.querySelectorAll(".message").forEach(function (item) {
      var text = document.createElement("span");
      text.className = "message__text";
      while (item.firstChild) text.appendChild(item.firstChild);
      item.appendChild(text);
      var close = document.createElement("button");
      close.type = "button";
      close.className = "message__close";
      close.setAttribute("aria-label", "Dismiss this message");
      close.textContent = "×";
      close.addEventListener("click", function () {
        item.classList.add("is-hidden");
        hideIfEmpty();
      });
      item.appendChild(close);
      if (/message--(success|info)\b/.test(item.className)) {
        var timer = setTimeout(function () { item.classList.add("is-hidden"); hideIfEmpty(); }, SUCCESS_TIMEOUT_MS);
        // Someone reading or reaching for the message keeps it.
        ["mouseenter", "focusin"].forEach(function (name) {
          item.addEventListener(name, function () { clearTimeout(timer); });
        });
      }
    });

    // A live region announces changes, not what was there on load: put the
    // messages back a moment later so screen readers read them out.
    list.remove();
    setTimeout(function () { region.appendChild(list); }, 150);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
