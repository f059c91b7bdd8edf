// The sentence picker (templates/relations/_sentence_picker.html): click a sentence, or select
// any part of the text, and the toolbar offers the add forms of an agreement, a figure and an
// event, their addresses holding the article and the span. The server widens the span to whole
// sentences and fills the rest. No inline script: the page's CSP allows only files from /static/.
(function () {
  "use strict";

  function sentenceOf(node) {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return element ? element.closest(".sentence[data-start]") : null;
  }

  function bounds(element) {
    return { start: Number(element.dataset.start), end: Number(element.dataset.end) };
  }

  // The span a DOM selection covers, in characters of the stored text; null outside the text.
  function selectedSpan(text, range) {
    const touched = [...text.querySelectorAll(".sentence[data-start]")].filter((element) =>
      range.intersectsNode(element)
    );
    if (!touched.length) return null;
    const first = bounds(touched[0]);
    const last = bounds(touched[touched.length - 1]);
    let start = first.start;
    let end = last.end;
    if (sentenceOf(range.startContainer) === touched[0] && range.startContainer.nodeType === Node.TEXT_NODE) {
      start = Math.min(first.start + range.startOffset, first.end - 1);
    }
    if (sentenceOf(range.endContainer) === touched[touched.length - 1] && range.endContainer.nodeType === Node.TEXT_NODE) {
      end = Math.max(last.start + range.endOffset, start + 1);
    }
    return end > start ? { start: start, end: end, elements: touched } : null;
  }

  function setUp(picker) {
    const text = picker.querySelector(".sentence-picker__text");
    const toolbar = picker.querySelector(".sentence-picker__actions");
    const chosenLabel = picker.querySelector(".sentence-picker__chosen");
    const article = picker.dataset.article;

    function choose(span) {
      text.querySelectorAll(".sentence--chosen").forEach((element) =>
        element.classList.remove("sentence--chosen")
      );
      if (!span) {
        toolbar.hidden = true;
        return;
      }
      span.elements.forEach((element) => element.classList.add("sentence--chosen"));
      const count = span.elements.length;
      chosenLabel.textContent = count === 1 ? "1 sentence chosen:" : count + " sentences chosen:";
      const query = new URLSearchParams({
        article: article,
        span_start: String(span.start),
        span_end: String(span.end),
      });
      toolbar.querySelectorAll("a[data-url]").forEach((link) => {
        link.href = link.dataset.url + "?" + query.toString();
      });
      toolbar.hidden = false;
      // Keep the toolbar beside the chosen sentence.
      if (toolbar.nextElementSibling !== span.elements[0]) span.elements[0].before(toolbar);
    }

    function chooseSentence(element) {
      const span = bounds(element);
      choose({ start: span.start, end: span.end, elements: [element] });
    }

    text.addEventListener("mouseup", (event) => {
      // The toolbar sits inside the text: a click on its buttons chooses nothing anew.
      if (toolbar.contains(event.target)) return;
      const selection = window.getSelection();
      if (selection && !selection.isCollapsed && selection.rangeCount) {
        const range = selection.getRangeAt(0);
        if (text.contains(range.commonAncestorContainer) || range.intersectsNode(text)) {
          choose(selectedSpan(text, range));
          return;
        }
      }
      const element = sentenceOf(event.target);
      if (element) chooseSentence(element);
    });

    text.addEventListener("keydown", (event) => {
      if (toolbar.contains(event.target)) return;
      const element = sentenceOf(event.target);
      if (element && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        chooseSentence(element);
        const first = toolbar.querySelector("a");
        if (first) first.focus();
      }
    });
  }

  function start() {
    document.querySelectorAll(".sentence-picker").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
