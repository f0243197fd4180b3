// Keyboard review for resmine (vendored, no dependencies): the current card is outlined;
// a accept, x reject, f flag, e edit, n note, space skip (next card), k back, u undo.
(function () {
  "use strict";
  var cards = [];
  var current = 0;

  function show(index) {
    if (!cards.length) { return; }
    current = Math.max(0, Math.min(index, cards.length - 1));
    cards.forEach(function (card, i) { card.classList.toggle("current", i === current); });
    cards[current].focus({ preventScroll: true });
    cards[current].scrollIntoView({ block: "nearest" });
  }

  function submit(action) {
    var card = cards[current];
    if (!card) { return; }
    var form = card.querySelector('form[data-action="' + action + '"]');
    if (form) { form.submit(); }
  }

  function open(selector, field) {
    var card = cards[current];
    if (!card) { return; }
    var details = card.querySelector(selector);
    details.open = true;
    var input = details.querySelector(field);
    input.focus();
    if (input.select) { input.select(); }
  }

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  document.addEventListener("DOMContentLoaded", function () {
    cards = Array.prototype.slice.call(document.querySelectorAll("article.card"));
    show(0);
    cards.forEach(function (card, i) {
      card.addEventListener("click", function () { current = i; show(i); });
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (typing(event.target)) {
      if (event.key === "Escape") { event.target.blur(); }
      return;
    }
    var handled = true;
    switch (event.key) {
      case "a": submit("accept"); break;
      case "x": submit("reject"); break;
      case "f": submit("flag"); break;
      case "e": open("details.edit", 'input[name="gene"]'); break;
      case "n": open("details.note-form", "textarea"); break;
      case " ": show(current + 1); break;
      case "k": show(current - 1); break;
      case "u": document.getElementById("undo-form").submit(); break;
      default: handled = false;
    }
    if (handled) { event.preventDefault(); }
  });
}());
