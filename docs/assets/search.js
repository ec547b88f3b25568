/* The site's search (Pagefind): a button in the header opens a dialog holding Pagefind's Default UI.
   The UI and the index are loaded on first use only, from the site's own pagefind/ folder.
   Results open the event, quote or figure that holds the words, with the words highlighted. */
(function () {
  "use strict";
  var dialog = document.getElementById("site-search");
  var opener = document.querySelector(".site-search__open");
  if (!dialog || !opener || typeof dialog.showModal !== "function" || location.protocol === "file:") return;
  var bundle = new URL(dialog.getAttribute("data-bundle"), location.href).pathname;
  var api = new URL(dialog.getAttribute("data-api"), location.href).pathname;
  var filterNames = (dialog.getAttribute("data-filters") || "").split(/\s+/).filter(Boolean);
  var HIGHLIGHT = "highlight";
  var loading = null;
  var ui = null;
  var pagefind = null;
  var filtersAsked = false;

  function load(url, tag) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      if (tag === "link") { el.rel = "stylesheet"; el.href = url; } else { el.src = url; }
      el.onload = resolve;
      el.onerror = reject;
      document.head.appendChild(el);
    });
  }

  /* Pagefind splits a page at its headings; a briefing's events, quotes and figure rows carry ids
     but no heading of their own. Each section's link goes to the one of them that holds the most
     different words of the query, then the most weight (a quote's words weigh double). */
  function toSection(result) {
    var words = (result.raw_content || result.content || "").split(/[\r\n\s]+/g);
    var wordAt = function (at) { return (words[at] || "").toLowerCase().replace(/[^\p{L}\p{N}]/gu, ""); };
    var targets = (result.anchors || []).filter(function (a) {
      return /^(li|figure|tr)$/i.test(a.element) && !/^cite-/.test(a.id);
    }).sort(function (a, b) { return a.location - b.location; });
    var headings = (result.anchors || []).filter(function (a) { return /^h\d$/i.test(a.element); });
    (result.sub_results || []).forEach(function (sub) {
      var found = sub.weighted_locations || [];
      if (!found.length) return;
      var first = Math.min.apply(null, found.map(function (w) { return w.location; }));
      var start = 0;
      headings.forEach(function (h) { if (h.location <= first) start = Math.max(start, h.location); });
      var held = {};
      var best = null;
      found.forEach(function (w) {
        var holder = null;
        targets.forEach(function (a) { if (a.location <= w.location && a.location >= start) holder = a; });
        if (!holder) return;
        var h = held[holder.id] || (held[holder.id] = {words: {}, distinct: 0, weight: 0});
        if (!h.words[wordAt(w.location)]) { h.words[wordAt(w.location)] = true; h.distinct += 1; }
        h.weight += w.weight || 1;
        var b = best && held[best.id];
        if (!b || h.distinct > b.distinct || (h.distinct === b.distinct && h.weight > b.weight)) best = holder;
      });
      if (best) {
        sub.url = sub.url.split("#")[0] + "#" + encodeURIComponent(best.id);
        sub.rank = held[best.id].distinct * 1000 + held[best.id].weight;
      } else {
        sub.rank = found.length;
      }
    });
    // The page's own link goes to where most of its words are, not to the top of a long page.
    var most = (result.sub_results || []).slice().sort(function (a, b) { return (b.rank || 0) - (a.rank || 0); })[0];
    if (most && most.url.indexOf("#") > 0) result.url = most.url;
    return result;
  }

  function start() {
    if (!loading) {
      loading = Promise.all([load(bundle + "pagefind-ui.css", "link"), load(bundle + "pagefind-ui.js", "script"),
                             import(api + "pagefind.js")])
        .then(function (loaded) {
          // The UI imports its API from bundlePath: the same module, whose filters wait for a reader.
          pagefind = loaded[2];
          pagefind.deferFilters(filterNames);
          ui = new window.PagefindUI({
            element: dialog.querySelector(".site-search__ui"), bundlePath: api,
            showSubResults: true, showImages: false, excerptLength: 24,
            // Each result shown fetches its page's text (6 KB at 1,000 briefings): three fill the dialog;
            // "Load more results" fetches the next three.
            pageSize: 3,
            highlightParam: HIGHLIGHT, processResult: toSection, autofocus: true,
            // A search runs once the typing pauses: every search shows results, and each result shown
            // fetches its page's text, so searching between keys fetched pages the reader never saw.
            debounceTimeoutMs: 300,
            // Searching in the page itself spares a second copy of Pagefind's code (its worker, 12 KB).
            noWorker: true,
          });
          // Pagefind names its box by a title only; a screen reader's label is better said out.
          var input = dialog.querySelector(".pagefind-ui__search-input");
          if (input) input.setAttribute("aria-label", "Search this site");
          // When the reader types: the search waits for a pause in their pace (pagefind-lazy/).
          if (input) input.addEventListener("input", function (event) {
            pagefind.typed(input.value, event.inputType, event.data, earlier);
            earlier = null;
          });
        });
    }
    return loading;
  }

  function focusInput() {
    var input = dialog.querySelector("input");
    if (!input) return;
    input.focus();
    ready = true;
    if (!typed) { input.select(); return; }
    input.value = typed;  // what the reader typed while the search loaded, searched for as if typed here
    typed = "";
    earlier = typedAt;  // the reader's pace so far: the search waits for a pause in it
    typedAt = [];
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // A reader who opens the search and types at once types before its box exists (the search loads
  // when first opened): the keys are kept, and put into the box when it comes.
  var typed = "";
  var typedAt = [];
  var earlier = null;
  var ready = false;
  dialog.addEventListener("keydown", function (event) {
    if (ready || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    // The dialog opens with its close button focused: Space and Enter there still close it.
    var onClose = event.target && event.target.closest && event.target.closest(".site-search__close");
    if (onClose && (event.key === " " || event.key === "Enter")) return;
    // Kept from the page too: Material's keyboard shortcuts would take 'n' and 'p' for the next
    // and previous page, and leave it ("Pentagon" typed at once opened the chronology).
    if (event.key.length === 1) {
      typed += event.key; typedAt.push(performance.now()); event.preventDefault(); event.stopPropagation();
    }
    else if (event.key === "Backspace") { typed = typed.slice(0, -1); event.preventDefault(); event.stopPropagation(); }
  });

  function open() {
    if (!dialog.open) dialog.showModal();
    opener.setAttribute("aria-expanded", "true");
    start().then(function () { setTimeout(focusInput, 0); });
  }

  opener.hidden = false;
  opener.addEventListener("click", open);
  dialog.querySelector(".site-search__close").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("close", function () { opener.setAttribute("aria-expanded", "false"); });
  // A reader opens a filter: load every filter's values, then search again so that the UI lists them
  // with their counts ("toggle" does not bubble: caught on its way down).
  dialog.addEventListener("toggle", function (event) {
    var block = event.target;
    if (!pagefind || filtersAsked || !block.open || !block.matches(".pagefind-ui__filter-block")) return;
    filtersAsked = true;
    pagefind.loadFilters().then(function () { ui.triggerFilters({}); })
      .catch(function () { filtersAsked = false; /* offline a moment: opening a filter again retries */ });
  }, true);
  dialog.addEventListener("click", function (event) {
    // A click on the backdrop (the dialog itself, outside its box) or on a result closes the dialog:
    // a result on this same page only scrolls, and the dialog must not stay over it.
    if (event.target === dialog || (event.target.closest && event.target.closest("a[href]"))) dialog.close();
  });
  document.addEventListener("keydown", function (event) {
    if (dialog.open || event.ctrlKey || event.metaKey || event.altKey) return;
    var t = event.target;
    if (t && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName))) return;
    if (event.key === "/" || event.key === "s") { event.preventDefault(); open(); }
  });

  // Arriving from a result: mark the words searched for, then bring the section back into view.
  if (new URLSearchParams(location.search).has(HIGHLIGHT)) {
    import(bundle + "pagefind-highlight.js").then(function (module) {
      var Highlight = module.default || window.PagefindHighlight;
      new Highlight({
        highlightParam: HIGHLIGHT, markContext: "article", addStyles: false,
        markOptions: {
          className: "pagefind-highlight", exclude: ["[data-pagefind-ignore]", "[data-pagefind-ignore] *"],
          // Pagefind drops dashes and separators from what it searches ("Min-bok" → "minbok", "12,000" →
          // "12000"): the marks skip them too, or the words found would not be marked on the page.
          ignorePunctuation: ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", ",", ".", "'", "\u2019"],
        },
      });
      var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target) target.scrollIntoView();
    }).catch(function () { /* no highlighting: the page reads the same */ });
  }
})();
