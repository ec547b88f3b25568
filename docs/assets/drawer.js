/* The navigation drawer of narrow screens, for the keyboard. Material opens it with a checkbox that
   only a pointer can reach: its button (partials/header.html) takes the focus, Enter or Space opens
   the drawer and moves the focus into it, Escape closes it and gives the focus back, and tabbing past
   its last link closes it (else the focus went on behind the shaded page). While closed,
   the drawer is hidden (briefing.css), so Tab never walks through links no one can see. */
(function () {
  "use strict";
  var toggle = document.getElementById("__drawer");
  var button = document.querySelector('.md-header label[for="__drawer"]');
  if (!toggle || !button) return;
  var drawer = document.querySelector(".md-sidebar--primary");
  function shown() { button.setAttribute("aria-expanded", toggle.checked ? "true" : "false"); }
  toggle.addEventListener("change", shown);
  shown();
  button.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    // Handled here only: Material's own Enter on a label would toggle it back.
    event.preventDefault();
    event.stopPropagation();
    toggle.click();  // as a tap would: Material hears the change
    if (toggle.checked && drawer) {
      var first = drawer.querySelector("a[href]");
      // The drawer is shown once the change is drawn: focus waits for that frame.
      if (first) requestAnimationFrame(function () { first.focus(); });
    }
  });
  if (drawer) {
    drawer.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (toggle.checked && next && !drawer.contains(next) && next !== button) toggle.click();
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !toggle.checked) return;
    toggle.click();
    button.focus();
  });
})();
