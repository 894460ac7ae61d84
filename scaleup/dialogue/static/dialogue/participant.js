/* Progressive enhancement of the participant page: a live character count under the
   statement box. Without JavaScript the help text states the limit and the server checks it. */
(function () {
  "use strict";

  function setUp(textarea) {
    if (textarea.dataset.countReady) return;
    textarea.dataset.countReady = "1";
    var limit = Number(textarea.dataset.countLimit);
    var counter = document.createElement("p");
    counter.className = "char-count";
    counter.id = textarea.id + "_count";
    textarea.insertAdjacentElement("afterend", counter);
    var described = textarea.getAttribute("aria-describedby");
    textarea.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    function update() {
      var used = textarea.value.length;
      counter.textContent = used + " / " + limit + " " + (textarea.dataset.countLabel || "");
      counter.classList.toggle("char-count-over", used > limit);
    }
    textarea.addEventListener("input", update);
    update();
  }

  function scan(root) {
    Array.prototype.forEach.call(root.querySelectorAll("textarea[data-count-limit]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { scan(document); });
  } else {
    scan(document);
  }
  /* The statement form is swapped by htmx after each post: count in the new one too. */
  document.addEventListener("htmx:load", function (event) { scan(event.detail.elt.parentNode || document); });
})();
