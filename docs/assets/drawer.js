/* The navigation drawer of narrow screens, for the keyboard. Material opens it with a checkbox's label,
   which the keyboard cannot reach: here a real button takes its place (the label stays for pages without
   JavaScript), opens the drawer with Enter or Space and moves the focus into it; Escape closes it and
   gives the focus back, and tabbing past its last link closes it (else the focus went on behind the
   shaded page). While closed, the drawer is hidden (briefing.css), so Tab never walks through links no
   one can see. */
(function () {
  "use strict";
  var toggle = document.getElementById("__drawer");
  var label = document.querySelector('.md-header label[for="__drawer"]');
  var drawer = document.querySelector(".md-sidebar--primary");
  if (!toggle || !label || !drawer) return;
  var nav = drawer.querySelector("nav[aria-label]");
  var button = document.createElement("button");
  button.type = "button";
  button.className = label.className + " drawer-button";
  button.setAttribute("aria-label", nav ? nav.getAttribute("aria-label") : "Navigation");
  button.setAttribute("aria-controls", drawer.id || (drawer.id = "site-navigation"));
  button.innerHTML = label.innerHTML;  // Material's menu icon, from the theme: no contributor text
  label.parentNode.insertBefore(button, label);
  label.hidden = true;
  function shown() { button.setAttribute("aria-expanded", toggle.checked ? "true" : "false"); }
  toggle.addEventListener("change", shown);
  shown();
  button.addEventListener("click", function () {
    toggle.click();  // as a tap on the label would: Material hears the change
    var first = drawer.querySelector("a[href]");
    // The drawer is shown once the change is drawn: the focus waits for that frame.
    if (toggle.checked && first) requestAnimationFrame(function () { first.focus(); });
  });
  drawer.addEventListener("focusout", function (event) {
    var next = event.relatedTarget;
    if (toggle.checked && next && !drawer.contains(next) && next !== button) toggle.click();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !toggle.checked) return;
    toggle.click();
    button.focus();
  });
})();
