/* Pagefind's own API (the pagefind.js of the search index), as its Default UI imports it, changed where
   the UI fetches what a reader never sees (at 1,000 briefings, a four-word quote typed at 400 ms a key
   fetched 600 KB; pasted, 340 KB):
   - Filters: the UI asks for every filter's values as soon as it opens (over 100 KB at 1,000 briefings).
     Here filters() answers with the filters' names alone until loadFilters() runs; docs/assets/search.js
     calls it when a reader opens a filter.
   - Preloading: the UI fetches the index on every key, for the word being typed too: the chunk of "j",
     then of "jo", of "jou"... chunks the query may never need. Here only finished words are fetched ahead.
   - Searching: the UI searches whenever the typing pauses 300 ms; a reader who types slower than that
     got a search, a list of results and each result's page text (6 KB a briefing) at every key. Here a
     search waits until the typing has paused twice the reader's own pace between keys (at most 900 ms),
     and a search overtaken by a newer one is not made.
   The path below is where search_index.index_search writes the index, seen from docs/assets/pagefind-lazy/. */
import { filters as allFilters, preload as preloadAll, search as searchAll } from "../../pagefind/pagefind.js";
export * from "../../pagefind/pagefind.js";

var names = [];
var loading = null;

/* The filters the pages declare (data-pagefind-filter), shown by name before their values are loaded:
   in Pagefind's order (by name), so that the filter a reader opened stays open when its values come. */
export function deferFilters(list) {
  names = list.slice().sort();
}

export function loadFilters() {
  // A failed fetch is not kept: the next filter opened tries again, and searching goes on meanwhile.
  return loading || (loading = allFilters().catch(function (error) { loading = null; throw error; }));
}

export async function filters() {
  if (loading) return loading;
  var empty = {};
  names.forEach(function (name) { empty[name] = {}; });
  return empty;
}

var keys = [];     // when the reader's last keys changed the box (docs/assets/search.js tells, see typed())
var grew = 0;      // by how many characters the box changed last: one is a key, more a paste
var boxed = "";    // what the box holds now
var newest = 0;    // the number of the newest search asked for
var held = [];     // answers the reader typed past while they were being searched for

// The reader's pace: the median time between their keys. A first key alone says nothing yet: a common pace
// is assumed; a paste, or what the reader typed while the search loaded, is searched at once.
function pace() {
  var gaps = [];
  for (var i = 1; i < keys.length; i++) if (keys[i] - keys[i - 1] > 10) gaps.push(keys[i] - keys[i - 1]);
  if (!gaps.length) return grew === 1 ? 350 : 0;
  gaps.sort(function (a, b) { return a - b; });
  return gaps[Math.floor(gaps.length / 2)];
}

/* The box changed to value at time (an input event's timeStamp); earlier: the times of the keys typed
   before the box was there, which docs/assets/search.js kept and put into it. */
export function typed(value, time, earlier) {
  if (earlier) keys = earlier.slice(-8);
  grew = Math.abs(value.length - boxed.length);
  boxed = value;
  keys.push(time);
  if (keys.length > 8) keys.shift();
}

export async function preload(term, options) {
  var finished = (term || "").replace(/\S+$/, "").trim();
  if (finished) return preloadAll(finished, options);
}

// What a search overtaken by a newer one answers: the UI shows only the answer to its newest search.
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
  if (mine !== newest || !keys.length || keys[keys.length - 1] <= asked) return answer;
  // The reader typed on while this ran (a busy phone lets keys through late): shown, this answer would
  // fetch the pages of results they have typed past. Every key makes the UI search again, and this one
  // is then given, empty.
  return new Promise(function (give) { held.push(give); });
}
