/* Pagefind's own API (the pagefind.js of the search index), as docs/assets/search.js imports it, changed where
   a search fetched what a reader never sees (at 1,000 briefings, a four-word quote typed at 200 to 400 ms a key
   fetched 600 KB with Pagefind's Default UI; pasted, 340 KB):
   - Preloading: fetching the index on every key, for the word being typed too, fetches the chunk of "j",
     then of "jo", of "jou"... chunks the query may never need. Here only finished words are fetched ahead.
   - Searching: searching whenever the typing pauses 300 ms gave a reader who types slower than that a
     search, a list of results and each result's page text (6 KB a briefing) at every key. Here a search
     waits until the typing has paused for twice the reader's own pace between keys (at most 900 ms); a
     search overtaken by a newer one is not made; and an answer the reader has typed past while it was
     searched for is not given until the next search (search.js keeps "Searching for..." meanwhile).
   Filters are not asked for until a reader opens one (search.js): their values weigh over 100 KB at 1,000
   briefings. The path below is where search_index.index_search writes the index, seen from here. */
import { preload as preloadAll, search as searchAll } from "../../pagefind/pagefind.js";
export * from "../../pagefind/pagefind.js";

var keys = [];        // when the reader's keys changed the box, in this burst of typing (see typed())
var pasted = false;   // the box's last change was a paste, or a word put in at once: searched at once
var boxed = "";       // what the box holds, as its last input event left it
var newest = 0;       // the number of the newest search asked for
var held = [];        // answers the reader typed past while they were searched for
var ahead = "";       // the finished words last fetched ahead

// The reader's pace: the lower median time between their keys. A first key alone says nothing yet: a
// common pace is taken.
function pace() {
  if (pasted) return 0;
  var gaps = [];
  for (var i = 1; i < keys.length; i++) if (keys[i] - keys[i - 1] > 10) gaps.push(keys[i] - keys[i - 1]);
  if (!gaps.length) return 350;
  gaps.sort(function (a, b) { return a - b; });
  return gaps[Math.floor((gaps.length - 1) / 2)];
}

/* docs/assets/search.js tells of each input event in the box: its value, its inputType and data, and, for
   what the reader typed before the search was loaded, the times of those keys. */
export function typed(value, inputType, data, earlier) {
  if (value === boxed) return;  // search.js searches again only when the value changes
  var now = performance.now();
  boxed = value;
  if (earlier) {
    keys = earlier.slice(-8);
    pasted = false;
    return;
  }
  // A new burst of typing: after an emptied box, or a pause long enough to be another query's.
  if (!value || (keys.length && now - keys[keys.length - 1] > 2000)) keys = [];
  pasted = /^insertFrom|^insertReplacement/.test(inputType || "") || (data || "").length > 1;
  keys.push(now);
  if (keys.length > 8) keys.shift();
}

export async function preload(term, options) {
  var finished = (term || "").replace(/\S+$/, "").trim();
  if (!finished || finished === ahead) return;
  ahead = finished;
  return preloadAll(finished, options);
}

// What a search overtaken by a newer one answers: search.js shows only the answer to its newest search.
function none() {
  return { results: [], filters: {}, totalFilters: {}, unfilteredResultCount: 0, timings: [] };
}

export async function search(term, options) {
  var mine = ++newest;
  held.splice(0).forEach(function (give) { give(none()); });
  for (;;) {
    var wait = (keys.length ? keys[keys.length - 1] : 0) + Math.min(2 * pace(), 900) - performance.now();
    if (wait <= 0) break;
    await new Promise(function (resolve) { setTimeout(resolve, Math.min(wait, 50)); });
    if (mine !== newest) return none();  // never shown, so never searched for
  }
  var asked = performance.now();
  var answer = await searchAll(term, options);
  if (mine !== newest || boxed === term || !keys.length || keys[keys.length - 1] <= asked) return answer;
  // The reader changed the box while this ran (a busy phone lets keys through late): shown, this answer
  // would fetch the pages of results they have typed past. A changed value makes search.js search again
  // (an emptied box hides the results); this one is given, empty, when it does.
  return new Promise(function (give) { held.push(give); });
}

// The same search at once, apart from the reader's typing: search.js counts the filters' values with it.
export function searchAtOnce(term, options) {
  return searchAll(term, options);
}
