/* The site's search: a button in the header opens a dialog (generator/theme/partials/site-search.html) whose
   box, filters and results are drawn here, on Pagefind's JavaScript API. Pagefind's own Default UI weighs
   33 KB more a query (compressed), and lists every value of a filter (1,200 actors at 1,000 briefings).
   The API and the index are loaded on first use only, from the site's own pagefind/ folder, through
   pagefind-lazy/, which decides what is fetched ahead and when a search runs.
   Results open the event, quote or figure that holds the words, with the words highlighted. */
(function () {
  "use strict";
  var dialog = document.getElementById("site-search");
  var opener = document.querySelector(".site-search__open");
  if (!dialog || !opener || typeof dialog.showModal !== "function" || location.protocol === "file:") return;
  var bundle = new URL(dialog.getAttribute("data-bundle"), location.href).pathname;
  var api = new URL(dialog.getAttribute("data-api"), location.href).pathname;
  var marks = new URL(dialog.getAttribute("data-marks"), location.href).pathname;
  var filterNames = (dialog.getAttribute("data-filters") || "").split(/\s+/).filter(Boolean);
  var HIGHLIGHT = "highlight";
  var PAGE = 3;           // results shown at a time: each fetches its page's text (6 KB at 1,000 briefings)
  var LISTED = 12;        // a filter's values listed at once; its own box finds the others
  var LEADING = /^\s*(?:[\u00b7\u2022,;:\u2013\u2014-](?:\s+|$))+/;  // separators an excerpt may open on
  var DEBOUNCE = 300;     // ms of calm in the box before a search is asked for (pagefind-lazy/ may wait longer)
  var box = dialog.querySelector(".site-search__input");
  var status = dialog.querySelector(".site-search__status");
  var list = dialog.querySelector(".site-search__results");
  var more = dialog.querySelector(".site-search__more");
  var panel = dialog.querySelector(".site-search__filters");
  var pagefind = null;
  var loading = null;
  var filtersAsked = false;
  var chosen = {};        // filter → {value: true}: what the reader ticked
  var counts = null;      // filter → {value: results}: among the last answer's results
  var every = null;       // filter → {value: pages}: on every page, counted before any search
  var failed = false;     // the filters' values could not be fetched
  var answer = null;      // the last answer shown
  var answerTerm = "";    // what it answers
  var shown = 0;          // how many of its results are drawn
  var fetching = false;   // the texts of its next results are being fetched
  var newest = 0;         // the number of the newest search asked for
  var timer = null;
  var typedAt = [];       // when keys were typed before the API came: the reader's pace so far

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* Pagefind's excerpts are the page's text with <mark> around the words found. They are read here as
     inert HTML and only text and marks are kept: a page's text is a contributor's, never markup to run. */
  function marked(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html || "";
    var out = document.createDocumentFragment();
    holder.content.childNodes.forEach(function (node) {
      if (node.nodeType === Node.TEXT_NODE) out.appendChild(document.createTextNode(node.textContent));
      else if (node.nodeName === "MARK") out.appendChild(el("mark", "", node.textContent));
      else out.appendChild(document.createTextNode(node.textContent || ""));
    });
    // An excerpt is a window of words: it may open on the separator between an event's place and its
    // actors ("· Choi Yu-na said…"), or a comma.
    var first = out.firstChild;
    if (first && first.nodeType === Node.TEXT_NODE) first.textContent = first.textContent.replace(LEADING, "");
    return out;
  }

  /* Pagefind splits a page at its headings; a briefing's events, quotes and figure rows carry ids
     but no heading of their own. Each section's link goes to the part of it that holds the most of the
     words typed: one of them, or the section itself, which holds the words of its heading and of its
     text before the first of them ("People aboard the Hanbit-7", a figure's heading, holds both words
     of "people aboard", a quote below it only "aboard"). Of parts holding as many, one of them wins
     (it is where the words are), then the one of most weight (a quote's words weigh double). */
  function toSection(result, typed) {
    var words = (result.raw_content || result.content || "").split(/[\r\n\s]+/g);
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
      var own = {id: null, words: {}, distinct: 0, weight: 0};  // the section: its heading and its lead
      var held = {};
      found.forEach(function (w) {
        var holder = null;
        targets.forEach(function (a) { if (a.location <= w.location && a.location >= start) holder = a; });
        var part = holder ? (held[holder.id] || (held[holder.id] = {id: holder.id, words: {}, distinct: 0, weight: 0})) : own;
        var word = typedWord(words[w.location], typed);
        if (!part.words[word]) { part.words[word] = true; part.distinct += 1; }
        part.weight += w.weight || 1;
      });
      var best = Object.keys(held).map(function (id) { return held[id]; }).concat([own])
        .sort(function (a, b) { return partRank(b) - partRank(a); })[0];
      if (best.id) sub.url = sub.url.split("#")[0] + "#" + encodeURIComponent(best.id);
      sub.rank = partRank(best);
    });
    // The page's own link goes to where most of its words are, not to the top of a long page.
    var most = (result.sub_results || []).slice().sort(function (a, b) { return (b.rank || 0) - (a.rank || 0); })[0];
    if (most && most.url.indexOf("#") > 0) result.url = most.url;
    return result;
  }

  // A part's rank: the words typed it holds, then whether it is an event, quote or row, then its weight.
  function partRank(part) { return part.distinct * 1000 + (part.id ? 500 : 0) + Math.min(part.weight, 499); }

  /* Which of the words typed a word of the page is: Pagefind finds a word's other forms ("troop" for
     "troops", "Korean" for "Korea") and the parts of a word joined by dashes or dots ("briefing" in
     "2024-10-28-pentagon-briefing"), each the same word typed: the one it, or a part, begins most like. */
  function typedWord(text, typed) {
    var parts = [fold(text || "")].concat((text || "").split(/[^\p{L}\p{N}]+/u).map(fold));
    var best = parts[0], longest = 0;
    (typed || []).forEach(function (t) {
      var folded = fold(t);
      parts.forEach(function (part) {
        var n = 0;
        while (n < part.length && n < folded.length && part[n] === folded[n]) n += 1;
        if (n > longest) { longest = n; best = "\u0000" + folded; }
      });
    });
    return best;
  }

  // A word as Pagefind indexes and searches it, its letters without their marks ("Müller" as "muller").
  function fold(word) { return bare(word).normalize("NFD").replace(/\p{M}/gu, ""); }

  /* A result's address, with what its page is to mark: a phrase in quotes whole, and the other words but
     those of one or two letters among longer ones ("as", "of" would mark half the page). */
  function landing(url) {
    var phrases = [], words = [];
    answerTerm.replace(/"([^"]*)"?|([^\s"]+)/g, function (all, phrase, word) {
      if (phrase !== undefined && phrase.trim()) phrases.push(phrase.trim());
      else if (word) words.push(word);
      return all;
    });
    var longer = words.filter(function (w) { return w.length > 2; });
    var to = new URL(url, location.href);
    to.searchParams.delete(HIGHLIGHT);
    phrases.concat(longer.length || phrases.length ? longer : words).forEach(function (term) {
      to.searchParams.append(HIGHLIGHT, term);
    });
    return to.pathname + to.search + to.hash;
  }

  /* One result: its page's title linked to the section that holds the words, an excerpt, and up to
     two other sections of the page that hold them. */
  function drawResult(data) {
    var item = el("li", "site-search__result");
    var link = el("a", "site-search__result-link", (data.meta && data.meta.title) || data.url);
    link.href = landing(data.url);
    item.appendChild(link);
    var excerpt = el("p", "site-search__excerpt");
    excerpt.appendChild(marked(data.excerpt));
    item.appendChild(excerpt);
    var own = data.url;
    var subs = (data.sub_results || []).filter(function (sub) { return sub.url !== own && sub.url.indexOf("#") > 0; })
      .sort(function (a, b) { return (b.rank || 0) - (a.rank || 0); }).slice(0, 2);
    if (subs.length) {
      var nested = el("ul", "site-search__subs");
      subs.forEach(function (sub) {
        var entry = el("li");
        var to = el("a", "site-search__sub-link", sub.title);
        to.href = landing(sub.url);
        entry.appendChild(to);
        var text = el("p", "site-search__excerpt");
        text.appendChild(marked(sub.excerpt));
        entry.appendChild(text);
        nested.appendChild(entry);
      });
      item.appendChild(nested);
    }
    return item;
  }

  function say(text) { status.textContent = text; }

  /* Pagefind answers a word its index lacks with the longest start of it that the index holds: a typo
     such as "zelenskyy" finds the "Z" of "Add Z for UTC". A result whose every marked word is such a
     stub (one or two letters, the start of a longer word typed) matched nothing the reader typed. */
  function bare(word) { return word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ""); }  // as Pagefind indexes it

  function stubOnly(data, typed) {
    var excerpts = [data.excerpt].concat((data.sub_results || []).map(function (sub) { return sub.excerpt; }));
    var marks = [];
    excerpts.forEach(function (html) {
      (html || "").replace(/<mark>([^<]*)<\/mark>/g, function (all, text) { marks.push(bare(text)); return all; });
    });
    return marks.length > 0 && marks.every(function (mark) {
      return mark.length > 0 && mark.length <= 2 && typed.some(function (word) { return word.length > mark.length + 2 && word.indexOf(mark) === 0; });
    });
  }

  // The next PAGE results of the answer shown, each once its page's text has come, in Pagefind's order.
  // typed (the first page only): the query's words, for dropping an answer of stubs alone (stubOnly).
  function showMore(typed) {
    var current = answer;
    var next = current.results.slice(shown, shown + PAGE);
    shown += next.length;
    fetching = true;  // the button stays (hidden, it would lose the keyboard's focus) but asks once
    var words = answerTerm.split(/\s+/).map(bare).filter(Boolean);
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (pages) {
      if (answer !== current) return;  // a newer search's answer is shown meanwhile
      if (typed && pages.every(function (data) { return stubOnly(data, typed); })) {
        current.results = [];  // "No results", as for a word no page holds
        pages = [];
      }
      pages.forEach(function (data) { list.appendChild(drawResult(toSection(data, words))); });
      more.hidden = shown >= current.results.length;
    }, function (error) {
      if (answer !== current) return;
      shown -= next.length;
      more.hidden = false;
      fetching = false;
      throw error;  // run() and the button say so
    }).then(function () { if (answer === current) fetching = false; });
  }

  /* Values ticked in one filter widen it (a page of either year, of either briefing); filters narrow one
     another (of that year and that briefing). The filters but one: those that count that one's values. */
  function chosenFilters(except) {
    var out = {};
    Object.keys(chosen).forEach(function (name) {
      var values = Object.keys(chosen[name]);
      if (values.length && name !== except) out[name] = { any: values };
    });
    return out;
  }

  /* The count beside a value is how many results have it under the other filters' ticks. Pagefind counts
     among the results of all the ticked filters: a filter with ticked values is counted again without them
     (by searches made at once: the index they read is already here), or ticking a briefing would hide
     every other. */
  function countValues(term, found) {
    var next = {};
    Object.keys(found.filters || {}).forEach(function (name) { next[name] = found.filters[name]; });
    var own = Object.keys(chosen).filter(function (name) { return Object.keys(chosen[name]).length; });
    return Promise.all(own.map(function (name) {
      var others = chosenFilters(name);
      if (!term && !Object.keys(others).length) { next[name] = every[name]; return null; }
      return pagefind.searchAtOnce(term ? box.value : null, { filters: others }).then(function (wider) {
        if (wider) next[name] = wider.filters[name];
      });
    })).then(function () { return next; });
  }

  // Search for what the box holds, with the ticked filters.
  function run() {
    clearTimeout(timer);
    var term = box.value.trim();
    var filters = chosenFilters();
    var mine = ++newest;
    if (!term && !Object.keys(filters).length) {
      answer = null; shown = 0; fetching = false; list.textContent = ""; more.hidden = true; say("");
      counts = every;
      showFilters();
      return Promise.resolve();
    }
    more.hidden = true;  // until the new answer: the old one's next results are not asked for
    say(term ? "Searching for " + term + "…" : "Searching…");
    // The box's value as typed: pagefind-lazy/ holds back an answer the reader has typed past.
    return pagefind.search(term ? box.value : null, { filters: filters }).then(function (found) {
      if (mine !== newest || !found) return;
      if (every) countValues(term, found).then(function (next) {
        if (mine === newest) { counts = next; showFilters(); }
      }, function () {});  // the counts stay as they were; the search says when the index fails
      else showFilters();
      answer = found; answerTerm = term; shown = 0; fetching = false; list.textContent = "";
      var typed = term.split(/\s+/).map(bare).filter(Boolean);
      // Said once the first results are there to read, not before.
      return (found.results.length ? showMore(typed) : Promise.resolve()).then(function () {
        if (mine !== newest) return;
        var n = found.results.length;
        say((n ? n + (n === 1 ? " result" : " results") : "No results") + (term ? " for " + term : ""));
      });
    }).catch(function () {
      // Pagefind keeps a part of its index that failed to come as failed: only a new page fetches it again.
      if (mine === newest) say("The search could not be made. Check the connection, then reload the page.");
    });
  }

  // The filters' counts among the results shown, once their values have come: the same search again,
  // made at once and apart from the typing's (pagefind-lazy/), its results not drawn again.
  function recount() {
    var asked = newest;
    if (!answer) { counts = every; showFilters(); return Promise.resolve(); }
    var term = box.value.trim();
    return pagefind.searchAtOnce(term ? box.value : null, { filters: chosenFilters() }).then(function (found) {
      return found && countValues(term, found);
    }).then(function (next) {
      if (asked === newest && next) { counts = next; showFilters(); }
    });
  }

  /* The filters, each a closed group until a reader opens it: every filter's values are fetched then
     (they weigh more than a query at 1,000 briefings). Each lists the values found among the results,
     with their count: the ticked first, then the most frequent; a box finds the others by name. */
  function showFilters() {
    panel.querySelectorAll(".site-search__filter").forEach(function (block) { drawValues(block); });
  }

  function drawValues(block) {
    var name = block.getAttribute("data-filter");
    var holder = block.querySelector(".site-search__values");
    var find = block.querySelector(".site-search__find");
    if (!every) {
      holder.textContent = failed ? "The filters could not be loaded: open one again to retry." : "Loading…";
      return;
    }
    var found = (counts || every)[name] || {};
    var wanted = (find.value || "").trim().toLowerCase();
    var ticked = chosen[name] || {};
    var values = Object.keys(found).filter(function (v) { return found[v] > 0 || ticked[v]; });
    find.hidden = values.length <= LISTED && !wanted && document.activeElement !== find;
    var matching = values.filter(function (v) { return !wanted || v.toLowerCase().indexOf(wanted) >= 0; })
      .sort(function (a, b) {
        return (ticked[b] ? 1 : 0) - (ticked[a] ? 1 : 0) || (found[b] || 0) - (found[a] || 0) ||
          a.localeCompare(b, undefined, { numeric: true });
      });
    // A reader who ticked a value with the keyboard keeps the focus on it when the list is drawn again.
    var focused = holder.contains(document.activeElement) ? document.activeElement.value : null;
    holder.textContent = "";
    matching.slice(0, LISTED).forEach(function (value) {
      var label = el("label", "site-search__value");
      var tick = el("input");
      tick.type = "checkbox";
      tick.value = value;
      tick.checked = !!ticked[value];
      tick.addEventListener("change", function () {
        chosen[name] = chosen[name] || {};
        if (tick.checked) chosen[name][value] = true; else delete chosen[name][value];
        run();
      });
      label.appendChild(tick);
      label.appendChild(document.createTextNode(value + " (" + (found[value] || 0) + ")"));
      holder.appendChild(label);
      if (value === focused) tick.focus();
    });
    var rest = matching.length - LISTED;
    // Which box: the search's own is above too.
    if (rest > 0) holder.appendChild(el("p", "site-search__rest", rest + " more: type in \u201c" + find.placeholder +
                                        "\u201d above to find one"));
    else if (!matching.length) holder.appendChild(el("p", "site-search__rest", wanted ? "None by that name" : "None"));
  }

  function buildFilters() {
    if (panel.children.length) return;  // built once, when the search first loads
    filterNames.forEach(function (name) {
      var block = el("details", "site-search__filter");
      block.setAttribute("data-filter", name);
      var label = name.charAt(0).toUpperCase() + name.slice(1);
      block.appendChild(el("summary", "site-search__filter-name", label));
      var find = el("input", "site-search__find");
      find.type = "search";
      find.placeholder = "Find " + (/^[aeiou]/i.test(name) ? "an " : "a ") + name;
      find.setAttribute("aria-label", find.placeholder);
      find.hidden = true;
      find.addEventListener("input", function () { drawValues(block); });
      block.appendChild(find);
      var values = el("fieldset", "site-search__values");
      values.setAttribute("aria-label", label);
      block.appendChild(values);
      panel.appendChild(block);
    });
    panel.hidden = !filterNames.length;
    // A reader opens a filter: every filter's values are fetched, then counted among the results.
    panel.addEventListener("toggle", function (event) {
      if (!event.target.open) return;
      if (filtersAsked) { drawValues(event.target); return; }
      filtersAsked = true;
      failed = false;
      drawValues(event.target);
      pagefind.filters().then(function (all) {
        every = all;
        return recount();
      }).catch(function () {
        filtersAsked = false;  // offline a moment: opening a filter again retries
        failed = true;
        drawValues(event.target);
      });
    }, true);
  }

  function start() {
    if (!loading) {
      loading = import(api + "pagefind.js").then(function (module) {
        pagefind = module;
        buildFilters();
        // Searching in the page itself spares a second copy of Pagefind's code (its worker, 12 KB).
        return pagefind.options({ excerptLength: 24, highlightParam: HIGHLIGHT, noWorker: true });
      }).then(function () {
        if (!box.value) return;
        // What the reader typed while the search loaded: searched for after a pause in their pace.
        pagefind.typed(box.value, null, null, typedAt);
        typedAt = [];
        pagefind.preload(box.value);
        return run();
      });
      loading.catch(function () { loading = null; say("The search could not be loaded. Try again when online."); });
    }
    return loading;
  }

  box.addEventListener("input", function (event) {
    if (!pagefind) { typedAt.push(performance.now()); return; }
    pagefind.typed(box.value, event.inputType, event.data, null);
    pagefind.preload(box.value);
    clearTimeout(timer);
    timer = setTimeout(run, box.value ? DEBOUNCE : 0);
  });
  dialog.querySelector(".site-search__form").addEventListener("submit", function (event) {
    event.preventDefault();
    if (pagefind) run();
  });
  more.addEventListener("click", function () {
    if (!answer || fetching) return;
    // The first new result takes the focus: a keyboard reader goes on where the list grew.
    var before = list.children.length;
    showMore().then(function () {
      var next = list.children[before] && list.children[before].querySelector("a");
      if (next) next.focus();
    }, function () { say("The next results could not be fetched. Check the connection, then reload the page."); });
  });

  function open() {
    if (!dialog.open) dialog.showModal();
    opener.setAttribute("aria-expanded", "true");
    box.focus();
    box.select();
    start();
  }

  opener.hidden = false;
  opener.addEventListener("click", open);
  dialog.querySelector(".site-search__close").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("close", function () { opener.setAttribute("aria-expanded", "false"); });
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

  // Arriving from a result: mark what was searched for (search-marks.js), then bring the section back into view.
  var searched = new URLSearchParams(location.search).getAll(HIGHLIGHT);
  if (searched.length) {
    Promise.all([import(bundle + "pagefind-highlight.js"), import(marks)]).then(function (modules) {
      modules[1].markFound(modules[0].default || window.PagefindHighlight, document.querySelector("article"),
                           searched);
      var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target) target.scrollIntoView();
    }).catch(function () { /* no highlighting: the page reads the same */ });
  }
})();
