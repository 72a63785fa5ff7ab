/* Review pages: small enhancements on top of forms that work without JavaScript.
 *
 * - Article page: select a passage to add a claim (offsets sent as Python
 *   code-point offsets), keyboard shortcuts j/k (next/previous claim),
 *   c (confirm), d (dismiss), Enter (open) on whichever claim has focus; one
 *   Tab stop per claim, arrow keys for its buttons; after an action the page
 *   comes back at the same place in the text.
 * - Claim page: scroll the highlighted claim into view, live Markdown preview
 *   (the Preview button refreshes it without posting the page), claimant
 *   autocomplete, casualty fields only for casualty claims.
 * - New article: an oversized paste or file is refused before it is sent.
 */
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function debounce(fn, wait) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, wait);
    };
  }

  function isTyping(target) {
    if (!target || !target.closest) return false;
    return Boolean(target.isContentEditable || target.closest("input, textarea, select, [contenteditable]"));
  }

  // JavaScript strings count UTF-16 code units; Python counts code points.
  // Iterating a string yields code points, so this is the Python length.
  function codePointLength(text) {
    var n = 0;
    for (var ch of text) { n += 1; } // eslint-disable-line no-unused-vars
    return n;
  }

  // ---------------------------------------------------------------------------
  // Selection -> claim offsets
  // ---------------------------------------------------------------------------

  /* The code-point offset in the article text of a DOM boundary point.
   * Each rendered segment carries data-start (its offset in the article text);
   * paragraph breaks are not in the DOM, so offsets are counted per segment. */
  function offsetAt(container, node, offset, textLength) {
    var segments = container.querySelectorAll("[data-seg]");
    for (var i = 0; i < segments.length; i += 1) {
      var segment = segments[i];
      var range = document.createRange();
      range.selectNodeContents(segment);
      var position;
      try {
        position = range.comparePoint(node, offset);
      } catch (error) {
        return null;
      }
      var start = Number(segment.dataset.start);
      if (position < 0) return start; // between segments: snap to the next one
      if (position === 0) {
        var before = document.createRange();
        before.setStart(segment, 0);
        before.setEnd(node, offset);
        return start + codePointLength(before.toString());
      }
    }
    return textLength;
  }

  function selectionOffsets(container, chars) {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0);
    if (!range.intersectsNode(container)) return null;
    var start = offsetAt(container, range.startContainer, range.startOffset, chars.length);
    var end = offsetAt(container, range.endContainer, range.endOffset, chars.length);
    if (start === null || end === null) return null;
    while (start < end && /\s/.test(chars[start])) start += 1;
    while (end > start && /\s/.test(chars[end - 1])) end -= 1;
    if (start >= end) return null;
    return { start: start, end: end, exact: chars.slice(start, end).join(""), rect: range.getBoundingClientRect() };
  }

  function initSelection() {
    var container = document.querySelector("[data-article-text]");
    var data = document.getElementById("article-text-data");
    var form = document.getElementById("manual-claim-form");
    var toolbar = document.getElementById("selection-toolbar");
    if (!container || !data || !form || !toolbar) return;
    var chars = Array.from(JSON.parse(data.textContent));
    var startInput = form.querySelector("input[name=start]");
    var endInput = form.querySelector("input[name=end]");
    var exactInput = form.querySelector("textarea[name=exact]");
    var kindInput = form.querySelector("select[name=kind]");
    var host = toolbar.offsetParent || toolbar.parentElement;

    function hide() { toolbar.hidden = true; }

    function update() {
      var found = selectionOffsets(container, chars);
      if (!found) { hide(); return; }
      startInput.value = String(found.start);
      endInput.value = String(found.end);
      exactInput.value = found.exact;
      toolbar.hidden = false;
      var box = host.getBoundingClientRect();
      var left = Math.max(0, Math.min(found.rect.left - box.left, box.width - toolbar.offsetWidth));
      toolbar.style.left = left + "px";
      toolbar.style.top = (found.rect.bottom - box.top + 8) + "px";
    }

    document.addEventListener("selectionchange", debounce(update, 120));
    container.addEventListener("mouseup", function () { setTimeout(update, 0); });
    // Keep the selection when the toolbar is pressed.
    toolbar.addEventListener("mousedown", function (event) { event.preventDefault(); });
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-kind]");
      if (!button || !startInput.value) return;
      kindInput.value = button.dataset.kind;
      toolbar.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      savePlace();
      form.requestSubmit ? form.requestSubmit() : form.submit();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") hide();
    });
    // A hand-edited quote is located by the server; the offsets no longer apply.
    exactInput.addEventListener("input", function () {
      startInput.value = "";
      endInput.value = "";
    });
  }

  // ---------------------------------------------------------------------------
  // Keeping the reviewer's place on the article page
  // ---------------------------------------------------------------------------
  // Adding, confirming or dismissing a claim reloads the page at #item-N; the
  // reviewer's place in the text is put back from what was saved on submit.
  var PLACE_KEY = "claimtrack:place:";
  var PLACE_MAX_AGE_MS = 60000;

  function sidePanel() {
    var side = document.querySelector(".review-layout--article .review-layout__side");
    if (!side) return null;
    return side.scrollHeight > side.clientHeight + 1 && getComputedStyle(side).overflowY !== "visible" ? side : null;
  }

  function savePlace() {
    try {
      var side = sidePanel();
      window.sessionStorage.setItem(PLACE_KEY + window.location.pathname, JSON.stringify({
        y: window.scrollY, side: side ? side.scrollTop : 0, t: Date.now(),
      }));
    } catch (error) { /* private mode: the page lands on the claim instead */ }
  }

  function takePlace() {
    var key = PLACE_KEY + window.location.pathname;
    try {
      var raw = window.sessionStorage.getItem(key);
      window.sessionStorage.removeItem(key);
      if (!raw) return null;
      var place = JSON.parse(raw);
      return Date.now() - place.t < PLACE_MAX_AGE_MS ? place : null;
    } catch (error) {
      return null;
    }
  }

  /* Show the item inside the side panel when that scrolls on its own (wide
   * screens); otherwise bring it into view on the page. */
  function reveal(item) {
    var side = sidePanel();
    if (!side) { item.scrollIntoView({ block: "nearest" }); return; }
    var box = side.getBoundingClientRect();
    var rect = item.getBoundingClientRect();
    if (rect.top < box.top) side.scrollTop += rect.top - box.top - 8;
    else if (rect.bottom > box.bottom) side.scrollTop += rect.bottom - box.bottom + 8;
  }

  // ---------------------------------------------------------------------------
  // Keyboard on the article page: j/k, Tab (one stop per claim, arrow keys for
  // its buttons), c/d on the claim that has focus, Enter to open it.
  // ---------------------------------------------------------------------------
  function initShortcuts() {
    var layout = document.querySelector("[data-article-review]");
    if (!layout) return;
    var place = takePlace();
    layout.querySelectorAll("form").forEach(function (form) {
      form.addEventListener("submit", savePlace);
    });
    var addClaim = document.querySelector("[data-add-claim]");
    document.querySelectorAll('a[href="#add-claim"]').forEach(function (link) {
      link.addEventListener("click", function () { if (addClaim) addClaim.open = true; });
    });
    var items = Array.prototype.slice.call(document.querySelectorAll("[data-claim-item]"));
    if (!items.length) return;
    var current = -1;

    function controls(item) {
      return Array.prototype.slice.call(item.querySelectorAll("a[href], button"));
    }
    // One Tab stop per claim: the item itself; its links and buttons by arrow keys.
    items.forEach(function (item) {
      item.tabIndex = 0;
      controls(item).forEach(function (control) { control.tabIndex = -1; });
    });

    function marksFor(id) {
      return Array.prototype.filter.call(document.querySelectorAll("mark[data-claims]"), function (mark) {
        return mark.dataset.claims.split(" ").indexOf(id) >= 0;
      });
    }

    /* Make the item the current claim: highlighted in the list and in the text. */
    function mark(index) {
      if (index < 0 || index >= items.length) return [];
      current = index;
      items.forEach(function (item) { item.classList.remove("is-current"); });
      document.querySelectorAll("mark.is-active").forEach(function (m) { m.classList.remove("is-active"); });
      var item = items[index];
      item.classList.add("is-current");
      var marks = marksFor(item.dataset.claimId);
      marks.forEach(function (m) { m.classList.add("is-active"); });
      if (window.history.replaceState) window.history.replaceState(null, "", "#" + item.id);
      return marks;
    }

    function select(index, options) {
      var scrollText = !options || options.scrollText !== false;
      if (index < 0 || index >= items.length) return;
      var marks = mark(index);
      var item = items[index];
      item.focus({ preventScroll: true });
      reveal(item);
      if (scrollText && marks.length) marks[0].scrollIntoView({ block: "center" });
    }

    // However the claim got focus (Tab, a click, j/k), it is the one c and d act on.
    items.forEach(function (item, index) {
      item.addEventListener("focusin", function () { if (current !== index || !item.classList.contains("is-current")) mark(index); });
    });

    function act(name) {
      if (current < 0) return;
      var item = items[current];
      var form = item.querySelector("form[data-action=" + name + "]");
      if (!form) return;
      // Come back with the following claim selected, ready for the next key.
      var following = items[current + 1] || items[current - 1];
      var next = form.querySelector("input[name=next]");
      if (next && following) next.value = next.value.split("#")[0] + "#" + following.id;
      savePlace();
      form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      form.submit();
    }

    function moveWithin(item, target, step) {
      var list = controls(item);
      var at = list.indexOf(target);
      var to = at + step;
      if (to < 0) { item.focus(); return; }
      if (to >= list.length) to = list.length - 1;
      list[to].focus();
    }

    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      var inItem = event.target.closest ? event.target.closest("[data-claim-item]") : null;
      if (inItem && ["ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp", "Escape"].indexOf(event.key) >= 0) {
        if (event.key === "Escape") inItem.focus();
        else moveWithin(inItem, event.target, event.key === "ArrowRight" || event.key === "ArrowDown" ? 1 : -1);
        event.preventDefault();
        return;
      }
      if (isTyping(event.target)) return;
      switch (event.key) {
        case "j": select(Math.min(current + 1, items.length - 1)); break;
        case "k": select(Math.max(current - 1, 0)); break;
        case "c": act("confirm"); break;
        case "d": act("dismiss"); break;
        case "Enter":
          if (current >= 0 && event.target === items[current]) {
            var link = items[current].querySelector("a[data-action=open]");
            if (link) window.location.href = link.href;
          }
          return;
        default: return;
      }
      event.preventDefault();
    });

    // Clicking a highlight (without selecting text) selects its claim in the list.
    document.querySelectorAll("mark[data-claims]").forEach(function (m) {
      m.addEventListener("click", function () {
        var selection = window.getSelection();
        if (selection && !selection.isCollapsed) return;
        var id = m.dataset.claims.split(" ").pop();
        var index = items.findIndex(function (item) { return item.dataset.claimId === id; });
        if (index >= 0) select(index, { scrollText: false });
      });
    });

    var match = /^#item-(\d+)$/.exec(window.location.hash);
    var landed = match ? items.findIndex(function (item) { return item.dataset.claimId === match[1]; }) : -1;
    if (place) {
      // Back where the reviewer was in the text, the claim they acted on focused.
      var restore = function () {
        window.scrollTo(0, place.y);
        var side = sidePanel();
        if (side) side.scrollTop = place.side;
        if (landed >= 0) {
          mark(landed);
          items[landed].focus({ preventScroll: true });
          if (side) reveal(items[landed]);
        }
      };
      restore();
      // The browser scrolls to #item-N itself once the page has loaded: undo that,
      // unless the reviewer has already started working (never steal their focus).
      var interacted = false;
      ["keydown", "mousedown", "touchstart"].forEach(function (name) {
        document.addEventListener(name, function () { interacted = true; }, { capture: true, once: true });
      });
      window.addEventListener("load", function () {
        if (interacted) return;
        restore();
        requestAnimationFrame(function () { if (!interacted) restore(); });
      });
    } else if (landed >= 0) {
      select(landed, { scrollText: false });
    }
  }

  // ---------------------------------------------------------------------------
  // Claim page
  // ---------------------------------------------------------------------------
  function initFocusScroll() {
    var box = document.querySelector("[data-focus-scroll]");
    if (!box) return;
    var mark = box.querySelector(".is-focus");
    if (!mark) return;
    // Scroll the text box so the claim sits a third of the way down the part of
    // the box that is on screen; the page itself stays put if it can.
    var boxRect = box.getBoundingClientRect();
    var visibleTop = Math.max(boxRect.top, 0);
    var visibleBottom = Math.min(boxRect.bottom, window.innerHeight);
    var target = visibleTop + Math.max(visibleBottom - visibleTop, 0) / 3;
    box.scrollTop += mark.getBoundingClientRect().top - target;
    // Near the end of the article the box cannot scroll far enough: scroll the
    // page just enough to show the claim whole (unless the address names a
    // section, such as #verdict after saving, which the browser shows instead).
    if (window.location.hash) return;
    var markRect = mark.getBoundingClientRect();
    var margin = Math.max(24, window.innerHeight / 4);
    if (markRect.bottom > window.innerHeight - margin) {
      window.scrollBy(0, markRect.bottom - window.innerHeight + margin);
    } else if (markRect.top < margin) {
      window.scrollBy(0, markRect.top - margin);
    }
  }

  function initPreview() {
    document.querySelectorAll("textarea[data-preview-url]").forEach(function (area) {
      var target = document.getElementById(area.dataset.previewTarget);
      if (!target) return;
      var sequence = 0;
      function refresh() {
        sequence += 1;
        var mine = sequence;
        var body = new FormData();
        body.append("rationale", area.value);
        return fetch(area.dataset.previewUrl, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken() },
        }).then(function (response) {
          // A redirect means the session ended: keep the last preview.
          if (!response.ok || response.redirected) return null;
          return response.text();
        }).then(function (html) {
          // Sanitized on the server (markdown-it + nh3 allowlist).
          if (html !== null && mine === sequence) target.innerHTML = html;
        });
      }
      area.addEventListener("input", debounce(function () {
        refresh().catch(function () { /* the Preview button still works */ });
      }, 350));
      // The Preview button refreshes the preview in place: no page POST, no POST
      // address left in the browser. If the request fails, the form is posted as
      // it would be without JavaScript.
      var button = area.form && area.form.querySelector("button[name=action][value=preview]");
      if (!button) return;
      button.addEventListener("click", function (event) {
        event.preventDefault();
        refresh().then(function () {
          target.scrollIntoView({ block: "nearest" });
        }).catch(function () {
          var fallback = document.createElement("input");
          fallback.type = "hidden";
          fallback.name = "action";
          fallback.value = "preview";
          area.form.appendChild(fallback);
          area.form.submit();
        });
      });
    });
  }

  function initAutocomplete() {
    document.querySelectorAll("input[data-autocomplete-url]").forEach(function (input) {
      var list = document.getElementById(input.getAttribute("list"));
      if (!list) return;
      input.addEventListener("input", debounce(function () {
        var q = input.value.trim();
        if (!q) return;
        var url = input.dataset.autocompleteUrl + "?q=" + encodeURIComponent(q);
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.replaceChildren.apply(list, data.results.map(function (result) {
              var option = document.createElement("option");
              option.value = result.name;
              option.label = [result.role, result.kind].filter(Boolean).join(" · ");
              return option;
            }));
          })
          .catch(function () { /* typing a full name still works */ });
      }, 200));
    });
  }

  function initCasualtyFields() {
    var form = document.getElementById("claim-edit-form");
    if (!form) return;
    var kind = form.querySelector("select[name=kind]");
    var fields = form.querySelector("[data-casualty-fields]");
    if (!kind || !fields) return;
    function sync() { fields.hidden = kind.value !== "casualty"; }
    kind.addEventListener("change", sync);
    sync();
  }

  // ---------------------------------------------------------------------------
  // New article: refuse an oversized paste or file before sending it, so the
  // text stays in the box (the server refuses it too, but cannot give it back).
  // ---------------------------------------------------------------------------
  function initImportSize() {
    var error = document.getElementById("import-size-error");
    if (!error) return;
    var form = error.closest("form");
    form.addEventListener("submit", function (event) {
      var fields = form.querySelectorAll("[data-max-bytes]");
      for (var i = 0; i < fields.length; i += 1) {
        var field = fields[i];
        var size = 0;
        if (field.type === "file") {
          size = field.files && field.files.length ? field.files[0].size : 0;
        } else {
          size = new Blob([field.value]).size; // UTF-8 bytes, as the server counts
        }
        if (size > Number(field.dataset.maxBytes)) {
          event.preventDefault();
          error.textContent = field.dataset.tooLarge;
          error.hidden = false;
          field.focus();
          return;
        }
      }
      error.hidden = true;
    });
  }

  function init() {
    // Hints about what only works with JavaScript (selection, shortcuts).
    document.querySelectorAll("[data-needs-js]").forEach(function (el) { el.hidden = false; });
    initSelection();
    initShortcuts();
    initFocusScroll();
    initPreview();
    initAutocomplete();
    initCasualtyFields();
    initImportSize();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
