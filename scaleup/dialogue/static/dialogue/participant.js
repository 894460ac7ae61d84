/* Progressive enhancement of the participant page.

   1. A live character count under the statement box. Without JavaScript the help text
      states the limit and the server checks it.
   2. Votes through the phones' vote API (/live/v1/, JSON): the card is updated in place
      from the answer, which carries the next statement. A vote that gets no answer, or a
      503, is sent again with the same vote id (counted once). Anything the script cannot
      show itself (no statement left, a closed conversation, a refusal) goes to the form's
      own path (htmx, or a plain post), which the server renders. Without JavaScript, or
      without a seat cookie (a signed-in participant), the form is posted as before. */
(function () {
  "use strict";

  function setUpCount(textarea) {
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
    Array.prototype.forEach.call(root.querySelectorAll("textarea[data-count-limit]"), setUpCount);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { scan(document); });
  } else {
    scan(document);
  }
  /* The statement form is swapped by htmx after each post: count in the new one too. */
  document.addEventListener("htmx:load", function (event) { scan(event.detail.elt.parentNode || document); });

  /* --- votes through the vote API ---------------------------------------------------- */

  var RETRY_DELAYS = [500, 1000, 2000, 4000, 8000];
  var TIMEOUT = 10000;

  function newVoteId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    /* crypto.randomUUID needs a secure context; a plain-HTTP venue network has none. */
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function announce(text) {
    var status = document.getElementById("vote-result");
    if (status) status.textContent = text;
  }

  function setBusy(form, busy) {
    Array.prototype.forEach.call(form.querySelectorAll("button"), function (button) {
      button.disabled = busy;
    });
    form.setAttribute("aria-busy", busy ? "true" : "false");
  }

  /* The form's own path: htmx when it is there (its listener sees this submit), or a post.
     The tapped button's value goes along in a hidden field: htmx forgets the button once
     focus has left it (during the retries), and form.submit() never sends it. */
  function fallBack(form, submitter) {
    form.dataset.liveOff = "1";
    setBusy(form, false);
    var chosen = form.querySelector("input[data-live-value]");
    if (!chosen) {
      chosen = document.createElement("input");
      chosen.type = "hidden";
      chosen.name = submitter.name;
      chosen.setAttribute("data-live-value", "");
      form.appendChild(chosen);
    }
    chosen.value = submitter.value;
    if (form.requestSubmit) form.requestSubmit(submitter);
    else form.submit();
  }

  function kindLabel(kind) {
    var labels = document.getElementById("statement-kinds");
    var map = labels ? JSON.parse(labels.textContent) : {};
    var label = map[kind] || kind;
    return label.charAt(0).toUpperCase() + label.slice(1);
  }

  /* Show the next statement in the card; false when the card cannot show the answer. */
  function showNext(form, answer) {
    var card = document.getElementById("statement-card");
    var next = answer.statement;
    if (!card || !next || !answer.progress) return false;
    var quote = card.querySelector(".statement-text");
    if (!quote) return false;
    quote.querySelector("p").textContent = next.text;
    quote.querySelector("footer").textContent = kindLabel(next.kind);
    quote.setAttribute("lang", next.language || quote.dataset.defaultLanguage || "");
    form.querySelector("input[name=statement]").value = String(next.id);
    form.querySelector("input[name=client_vote_id]").value = newVoteId();
    var progress = card.querySelector("progress");
    var label = card.querySelector("label[for=vote-progress]");
    if (progress && label && card.dataset.progressTemplate) {
      progress.max = answer.progress.total;
      progress.value = answer.progress.voted;
      progress.textContent = answer.progress.voted + " / " + answer.progress.total;
      label.textContent = card.dataset.progressTemplate
        .replace("{voted}", answer.progress.voted)
        .replace("{total}", answer.progress.total);
    }
    var error = card.querySelector(".message-error");
    if (error) error.remove();
    card.focus();
    return true;
  }

  function send(form, submitter, body, attempt) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT) : null;
    fetch(form.dataset.liveVotes, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body),
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (timer) clearTimeout(timer);
      if (response.status === 503 || response.status === 502 || response.status === 504) {
        throw new Error("unavailable");
      }
      if (!response.ok) {
        /* A refusal (closed, not votable, no seat...): the server's page says why. */
        fallBack(form, submitter);
        return null;
      }
      return response.json().then(function (answer) {
        setBusy(form, false);
        announce(form.getAttribute("data-result-" + body.value) || "");
        if (!showNext(form, answer)) {
          /* Nothing left to vote on, or closed: the server renders that card. */
          window.location.reload();
        }
      });
    }).catch(function () {
      if (timer) clearTimeout(timer);
      if (attempt >= RETRY_DELAYS.length) {
        /* Still no answer: the form's path, with the same vote id (counted once). */
        fallBack(form, submitter);
        return;
      }
      announce(form.dataset.retrying || "");
      setTimeout(function () { send(form, submitter, body, attempt + 1); }, RETRY_DELAYS[attempt]);
    });
  }

  /* Capture phase: runs before htmx's listener on the form, which it then keeps out. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form.vote-form[data-live-votes]")) return;
    if (form.dataset.liveOff === "1" || !window.fetch || !window.JSON) {
      delete form.dataset.liveOff;
      return;
    }
    var submitter = event.submitter;
    if (!submitter || submitter.name !== "value") return;
    event.preventDefault();
    event.stopPropagation();
    var body = {
      statement: Number(form.querySelector("input[name=statement]").value),
      value: Number(submitter.value),
      vote_id: form.querySelector("input[name=client_vote_id]").value
    };
    setBusy(form, true);
    send(form, submitter, body, 0);
  }, true);
})();
