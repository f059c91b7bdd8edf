/* Draws the figures the server built (JSON in <script type="application/json">) with
   Plotly.newPlot, and wires clicks (customdata holds a page URL), the timeline's range
   control and the "every event in this range" link. No data is fetched. */
(function () {
  "use strict";

  var CONFIG = {
    responsive: true,
    displaylogo: false,
    displayModeBar: "hover",
    modeBarButtonsToRemove: [
      "select2d", "lasso2d", "autoScale2d", "toggleSpikelines",
      "hoverClosestCartesian", "hoverCompareCartesian",
    ],
    toImageButtonOptions: { format: "png", scale: 2 },
  };

  function readFigure(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function isPageLink(value) {
    return typeof value === "string" && value.charAt(0) === "/" && value.charAt(1) !== "/";
  }

  function draw(element) {
    var figure = readFigure(element.dataset.figure);
    if (!figure) {
      return Promise.resolve(null);
    }
    if (element.clientWidth < 560) {
      // On a phone, signatures keep their mark and hover text but drop the title, and the
      // agreements' titles are cut to what fits.
      var fits = Math.max(16, Math.floor(element.clientWidth / 13));
      (figure.layout.annotations || []).forEach(function (annotation) {
        var name = annotation.name || "";
        if (name.indexOf("signature-") === 0) {
          annotation.text = "✎";
        } else if (name.indexOf("label-") === 0 && annotation.text.length > fits) {
          annotation.text = annotation.text.slice(0, fits - 1) + "…";
        }
      });
    }
    // The image download is named after the chart, its relationship and its range; a
    // sparkline is a picture only (no hover, no mode bar).
    var config = Object.assign({}, CONFIG, {
      toImageButtonOptions: Object.assign({}, CONFIG.toImageButtonOptions, {
        filename: element.dataset.filename || element.dataset.chart || "chart",
      }),
    });
    if (element.dataset.static) {
      config.staticPlot = true;
    }
    return Plotly.newPlot(element, figure.data, figure.layout, config).then(function (graph) {
      graph.on("plotly_click", function (event) {
        var point = event && event.points && event.points[0];
        if (point && isPageLink(point.customdata)) {
          window.location.assign(point.customdata);
        }
      });
      graph.on("plotly_hover", function (event) {
        var point = event && event.points && event.points[0];
        graph.style.cursor = point && isPageLink(point.customdata) ? "pointer" : "";
      });
      graph.on("plotly_unhover", function () {
        graph.style.cursor = "";
      });
      return graph;
    });
  }

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function lastDayOf(month) {
    // "2017-12" -> "2017-12-31"
    var parts = month.split("-");
    var last = new Date(Date.UTC(+parts[0], +parts[1], 0)).getUTCDate();
    return month + "-" + pad(last);
  }

  function dataExtent(graph) {
    var low = null;
    var high = null;
    graph.data.forEach(function (trace) {
      (trace.x || []).forEach(function (value) {
        var text = String(value).slice(0, 10);
        if (low === null || text < low) { low = text; }
        if (high === null || text > high) { high = text; }
      });
    });
    return [low, high];
  }

  function wireRange(form) {
    var graph = document.getElementById(form.dataset.rangeFor);
    if (!graph || !graph.on) {
      return;
    }
    var start = form.elements.start;
    var end = form.elements.end;
    var link = graph.closest(".chart").querySelector("[data-range-link]");

    function updateLink(from, to) {
      if (!link) { return; }
      var url = new URL(link.href, window.location.href);
      url.searchParams.set("start", from.slice(0, 10));
      url.searchParams.set("end", to.slice(0, 10));
      link.href = url.pathname + url.search;
    }

    function apply() {
      if (!start.value || !end.value) { return; }
      var first = start.value;
      var last = end.value;
      if (first > last) {
        var swap = first; first = last; last = swap;
      }
      Plotly.relayout(graph, { "xaxis.range": [first + "-01", lastDayOf(last)] });
    }

    start.addEventListener("change", apply);
    end.addEventListener("change", apply);
    form.querySelectorAll("[data-range]").forEach(function (button) {
      button.addEventListener("click", function () {
        if (button.dataset.range === "all") {
          var extent = dataExtent(graph);
          if (extent[0]) {
            start.value = extent[0].slice(0, 7);
            end.value = extent[1].slice(0, 7);
          }
        } else {
          start.value = start.dataset.default;
          end.value = end.dataset.default;
        }
        apply();
      });
    });
    graph.on("plotly_relayout", function () {
      var range = graph.layout.xaxis.range;
      if (!range) { return; }
      var from = String(range[0]);
      var to = String(range[1]);
      start.value = from.slice(0, 7);
      end.value = to.slice(0, 7);
      updateLink(from, to);
    });
    var initial = graph.layout.xaxis.range;
    if (initial) { updateLink(String(initial[0]), String(initial[1])); }
  }

  function start() {
    // The range inputs act as they change: Enter in one must not reload the page.
    document.querySelectorAll("form[data-range-for]").forEach(function (form) {
      form.addEventListener("submit", function (event) { event.preventDefault(); });
    });
    var charts = Array.prototype.slice.call(document.querySelectorAll(".js-chart"));
    if (typeof Plotly === "undefined") {
      charts.forEach(function (element) {
        element.textContent = "The chart could not be drawn; its numbers are in the table below.";
      });
      return;
    }
    Promise.all(charts.map(draw)).then(function () {
      document.querySelectorAll("form[data-range-for]").forEach(wireRange);
      document.body.dataset.chartsReady = "true";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
