/* Pagefind's own API (the pagefind.js of the search index), as its Default UI imports it, with one change:
   the UI asks for every filter's values as soon as it opens, which fetches all of them (over 100 KB at
   1,000 briefings) for readers who never filter. Here filters() answers with the filters' names alone
   until loadFilters() runs; docs/assets/search.js calls it when a reader opens a filter. The path below
   is where search_index.index_search writes the index, seen from docs/assets/pagefind-lazy/. */
import { filters as allFilters } from "../../pagefind/pagefind.js";
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
