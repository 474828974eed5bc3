/**
 * The console's one script. Any element with `data-live="<url>"` is replaced, about once a
 * second, by the HTML fragment that URL answers (the topology, the replication chart): the
 * server renders every view, the script only refreshes it. Buttons with `data-confirm` ask
 * before their form is sent. Without JavaScript every page still works, refreshed by hand.
 */
export const CLIENT_SCRIPT = `
(function () {
  function refresh(el) {
    var url = el.getAttribute("data-live");
    fetch(url, { credentials: "same-origin", headers: { accept: "text/html" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) el.innerHTML = html; })
      .catch(function () {})
      .then(function () { setTimeout(function () { refresh(el); }, 1000); });
  }
  document.querySelectorAll("[data-live]").forEach(function (el) { setTimeout(function () { refresh(el); }, 1000); });
  document.addEventListener("submit", function (e) {
    var b = e.submitter;
    var message = b && b.getAttribute("data-confirm");
    if (message && !confirm(message)) e.preventDefault();
  });
})();
`;
