/* Progressive enhancement only: every page works without this file.
   The photo gallery opens full-size photos in a modal dialog with previous/next
   buttons and arrow keys; without JavaScript each thumbnail links to its photo. */
(function () {
  "use strict";

  function setUpGallery(gallery) {
    var items = Array.prototype.slice.call(gallery.querySelectorAll("[data-gallery-item]"));
    if (!items.length || typeof HTMLDialogElement !== "function") return;
    var labels = gallery.dataset;
    var dialog = document.createElement("dialog");
    dialog.className = "gallery-dialog";
    dialog.setAttribute("aria-label", labels.dialogLabel || "Photo");
    dialog.innerHTML =
      '<figure><img alt=""><figcaption aria-live="polite"></figcaption></figure>' +
      '<div class="controls">' +
      '<button type="button" class="button button-secondary" data-step="-1"></button>' +
      '<button type="button" class="button" data-close></button>' +
      '<button type="button" class="button button-secondary" data-step="1"></button>' +
      "</div>";
    dialog.querySelector('[data-step="-1"]').textContent = labels.previousLabel || "Previous";
    dialog.querySelector('[data-step="1"]').textContent = labels.nextLabel || "Next";
    dialog.querySelector("[data-close]").textContent = labels.closeLabel || "Close";
    document.body.appendChild(dialog);
    var image = dialog.querySelector("img");
    var caption = dialog.querySelector("figcaption");
    var current = 0;
    var opener = null;

    function show(index) {
      current = (index + items.length) % items.length;
      var item = items[current];
      image.src = item.dataset.full;
      image.alt = item.dataset.alt || "";
      var position = (current + 1) + " / " + items.length;
      caption.textContent = item.dataset.caption ? item.dataset.caption + " (" + position + ")" : position;
    }

    items.forEach(function (item, index) {
      item.addEventListener("click", function (event) {
        event.preventDefault();
        opener = item;
        show(index);
        dialog.showModal();
      });
    });
    dialog.addEventListener("click", function (event) {
      var target = event.target;
      if (target.hasAttribute("data-step")) show(current + Number(target.getAttribute("data-step")));
      if (target.hasAttribute("data-close")) dialog.close();
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") { show(current + 1); event.preventDefault(); }
      if (event.key === "ArrowLeft") { show(current - 1); event.preventDefault(); }
    });
    dialog.addEventListener("close", function () { if (opener) opener.focus(); });
  }

  function ready() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-gallery]"), setUpGallery);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();

  /* After an htmx swap, move focus to the new content so screen readers announce it.
     Content that refreshes itself (a live projector) opts out with data-keep-focus. */
  document.addEventListener("htmx:afterSwap", function (event) {
    /* An outerHTML swap replaces detail.target; the event fires on the new element. */
    var target = event.target && event.target.isConnected ? event.target : event.detail && event.detail.target;
    if (target && target.closest && target.closest("[data-keep-focus]")) return;
    var focusable = target && (target.querySelector("[role=alert], [role=status]") || target);
    if (focusable && focusable.focus) {
      if (!focusable.hasAttribute("tabindex")) focusable.setAttribute("tabindex", "-1");
      focusable.focus();
    }
  });
})();
