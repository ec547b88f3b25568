/* Progressive enhancement: filter a briefing's timeline by tag or actor.
   Without JavaScript the whole timeline shows; nothing here is needed to read it. */
(function () {
  "use strict";
  function setup() {
    var timeline = document.querySelector("ol.timeline:not(.timeline-global)");
    if (!timeline || timeline.dataset.filterReady) return;
    var events = Array.prototype.slice.call(timeline.querySelectorAll(".timeline-event"));
    var options = {};
    var labels = {};  // each tag as the chips above the title show it (the actor's or place's name it names)
    try { labels = JSON.parse(timeline.dataset.tagLabels || "{}"); } catch (e) { labels = {}; }
    events.forEach(function (event) {
      (event.dataset.tags || "").split(" ").forEach(function (t) { if (t) options["tag:" + t] = labels[t] || t; });
      event.querySelectorAll("a.actor").forEach(function (a) {
        var id = a.getAttribute("href").replace(/^.*\//, "").replace(/\.html$/, "");
        options["actor:" + id] = a.textContent;
      });
    });
    var keys = Object.keys(options).sort(function (a, b) { return options[a].localeCompare(options[b]); });
    if (keys.length < 2) return;
    timeline.dataset.filterReady = "1";
    var label = document.createElement("label");
    label.className = "timeline-filter";
    label.textContent = "Show events: ";
    var select = document.createElement("select");
    select.innerHTML = "<option value=''>all</option>";
    // Tags as the chips above the title write them, and the people and bodies by name, each in a group
    // (not "tag #international-reaction" among the names).
    [["tag", "Tags"], ["actor", "People and organizations"]].forEach(function (kind) {
      var mine = keys.filter(function (key) { return key.indexOf(kind[0] + ":") === 0; });
      if (!mine.length) return;
      var group = document.createElement("optgroup");
      group.label = kind[1];
      mine.forEach(function (key) {
        var option = document.createElement("option");
        option.value = key;
        option.textContent = options[key];
        group.appendChild(option);
      });
      select.appendChild(group);
    });
    label.appendChild(select);
    timeline.parentNode.insertBefore(label, timeline);
    select.addEventListener("change", function () {
      var key = select.value, kind = key.split(":")[0], value = key.slice(kind.length + 1);
      events.forEach(function (event) {
        var list = kind === "tag" ? (event.dataset.tags || "") : (event.dataset.actors || "");
        event.hidden = key !== "" && list.split(" ").indexOf(value) < 0;
      });
      timeline.querySelectorAll(".timeline-day").forEach(function (day) {
        day.hidden = !day.querySelector(".timeline-event:not([hidden])");
      });
      // A month's heading shows while one of its days does; the gaps only when nothing is filtered out.
      if (key) { timeline.dataset.filtered = "1"; } else { delete timeline.dataset.filtered; }
      var heading = null, shown = false;
      Array.prototype.forEach.call(timeline.children, function (item) {
        if (item.classList.contains("timeline-period")) {
          if (heading) heading.hidden = !shown;
          heading = item; shown = false;
        } else if (item.classList.contains("timeline-day") && !item.hidden) {
          shown = true;
        }
      });
      if (heading) heading.hidden = !shown;
    });
  }
  if (typeof document$ !== "undefined") { document$.subscribe(setup); }
  else { document.addEventListener("DOMContentLoaded", setup); }
})();
