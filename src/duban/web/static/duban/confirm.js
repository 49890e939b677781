// A button or link with data-confirm="…" asks before it acts (the pages carry no inline script:
// the Content-Security-Policy allows scripts from this site's files only).
document.addEventListener("click", function (event) {
  var el = event.target.closest ? event.target.closest("[data-confirm]") : null;
  if (el && !window.confirm(el.getAttribute("data-confirm"))) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
