/* A page opened from a search result marks what the search found, the way the search found it: a word
   typed marks the whole words of the page that begin with it (Pagefind matches words by their start:
   "Pentag" finds "Pentagon"), never the same letters inside another word ("as" in "embassy"); a phrase
   typed in quotes is marked as a phrase. search.js puts them in the address (?highlight=), and imports
   this with Pagefind's highlighter (mark.js) only when a page is opened that way. */

// Signs a word may hold that the search ignores ("Min-bok" is found as "minbok", "12,000" as "12000").
var INSIDE = /[-\u2010-\u2014,.'\u2019]/g;
// What may stand right before or after a marked word, besides a space.
var AROUND = [",", ".", ";", ":", "!", "?", "(", ")", "[", "]", "\"", "'", "\u2018", "\u2019", "\u201c", "\u201d",
  "\u00ab", "\u00bb", "/", "\u2013", "\u2014", "\u2026", "\u00b7"];

function bare(word) { return word.toLowerCase().replace(INSIDE, ""); }

// The page's words that begin with one of the words searched for; the phrases as they are.
export function wanted(context, searched) {
  var phrases = searched.filter(function (s) { return /\s/.test(s.trim()); });
  var starts = searched.filter(function (s) { return s.trim() && !/\s/.test(s.trim()); }).map(bare);
  var found = {};
  var words = (context ? context.textContent : "").match(/[\p{L}\p{N}]+(?:[-\u2010\u2011,.'\u2019][\p{L}\p{N}]+)*/gu) || [];
  words.forEach(function (word) {
    var b = bare(word);
    if (starts.some(function (s) { return s && b.indexOf(s) === 0; })) found[word] = true;
  });
  return phrases.concat(Object.keys(found));
}

// Pagefind's highlighter, given what to mark rather than reading the address itself.
export function markFound(Highlight, context, searched) {
  var terms = wanted(context, searched);
  var Marks = class extends Highlight {
    getHighlightParams() { return terms; }
  };
  return new Marks({
    highlightParam: "highlight", markContext: context, addStyles: false,
    markOptions: {
      className: "pagefind-highlight", exclude: ["[data-pagefind-ignore]", "[data-pagefind-ignore] *"],
      accuracy: { value: "exactly", limiters: AROUND },
      // A phrase is found whatever the signs between its words ("there, as" for "there as").
      ignorePunctuation: [",", ".", ";", ":", "\u2013", "\u2014"],
    },
  });
}
