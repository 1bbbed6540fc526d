// Moscow 1921, the web edition: small enhancements only. Every page works without this script.
"use strict";
(function () {
  // Keys 1-9 take the choice of that number, as in the terminal (not while typing in a field).
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
    var target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable)) return;
    if (!/^[1-9]$/.test(event.key)) return;
    var button = document.querySelector('.choices button[data-key="' + event.key + '"]');
    if (button && !button.disabled) {
      event.preventDefault();
      button.click();
    }
  });
  // A form is sent once: a second click while the page changes does nothing.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.sent) {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "1";
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sent]").forEach(function (form) { delete form.dataset.sent; });
  });
  // In a live class, tell the teacher's dashboard this page is still open while the student reads.
  var alive = document.body.dataset.heartbeat;
  var token = document.querySelector('input[name="csrf"]');
  if (alive && token && window.fetch) {
    var beat = function () {
      if (document.visibilityState !== "visible") return;
      var body = new URLSearchParams();
      body.set("csrf", token.value);
      fetch(alive, { method: "POST", body: body, credentials: "same-origin" }).catch(function () {});
    };
    window.setInterval(beat, 5000);
  }
})();
