// Vangnet back office: draws every chart with Chart.js (vendor/chartjs/chart.umd.js, our own static file).
// A chart is a <figure data-chart="ID"> whose data stands in <script type="application/json" id="ID">
// (Django's json_script); the same figures stand in a table beside it, so without this file (or without
// JavaScript) nothing is lost. No inline script or style: the CSP allows only our own files.
(function () {
  "use strict";

  var LOCALE = "nl-NL";
  // Colours with at least 4.5:1 against white; a second series also gets stripes (not colour alone).
  var COLOURS = ["#1a5e8a", "#a04500", "#5b3f8c", "#2f6b2f"];
  var TEXT = "#1f2933";
  var GRID = "#d5dbe1";
  var BAR = 26;
  var euro = new Intl.NumberFormat(LOCALE, { style: "currency", currency: "EUR" });
  var count = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 2 });
  var percent = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 0, maximumFractionDigits: 2 });

  function formatter(kind) {
    if (kind === "amount") {
      return function (value) { return euro.format(value); };
    }
    if (kind === "percent") {
      return function (value) { return percent.format(value) + "%"; };
    }
    return function (value) { return count.format(value); };
  }

  function stripes(colour) {
    var tile = document.createElement("canvas");
    tile.width = 8;
    tile.height = 8;
    var context = tile.getContext("2d");
    context.fillStyle = colour;
    context.fillRect(0, 0, 8, 8);
    context.strokeStyle = "#ffffff";
    context.lineWidth = 2;
    context.beginPath();
    context.moveTo(0, 8);
    context.lineTo(8, 0);
    context.stroke();
    return context.createPattern(tile, "repeat");
  }

  function shorten(label) {
    return label.length > 28 ? label.slice(0, 27) + "…" : label;
  }

  // A white background, so the PNG download is not transparent.
  var background = {
    id: "vangnetBackground",
    beforeDraw: function (chart) {
      var context = chart.ctx;
      context.save();
      context.globalCompositeOperation = "destination-over";
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, chart.width, chart.height);
      context.restore();
    }
  };

  // Each bar's value (a stacked bar's total) written at its end: readable without hovering, and in the PNG.
  var values = {
    id: "vangnetValues",
    afterDatasetsDraw: function (chart, args, options) {
      var context = chart.ctx;
      var datasets = chart.data.datasets;
      var last = chart.getDatasetMeta(datasets.length - 1);
      context.save();
      context.fillStyle = TEXT;
      context.font = "13px sans-serif";
      context.textBaseline = "middle";
      chart.data.labels.forEach(function (label, index) {
        var total = null;
        var end = chart.chartArea.left;
        datasets.forEach(function (dataset, number) {
          var value = dataset.data[index];
          var bar = chart.getDatasetMeta(number).data[index];
          if (value !== null && value !== undefined) {
            total = (total || 0) + value;
          }
          if (bar && (options.stacked || number === 0)) {
            end = Math.max(end, bar.x);
          }
        });
        var element = last.data[index];
        if (!element) {
          return;
        }
        var text = total === null ? "–" : options.format(total);
        var x = Math.max(end, chart.chartArea.left) + 6;
        if (!options.stacked && datasets.length > 1) {
          return;
        }
        context.fillText(text, x, element.y);
      });
      context.restore();
    }
  };

  function draw(figure) {
    var source = document.getElementById(figure.getAttribute("data-chart"));
    var canvas = figure.querySelector("canvas");
    if (!source || !canvas || !window.Chart || figure.hasAttribute("data-drawn")) {
      return;
    }
    figure.setAttribute("data-drawn", "");
    var spec = JSON.parse(source.textContent);
    var format = formatter(spec.kind);
    var area = canvas.parentElement;
    area.hidden = false;
    area.style.height = 48 + Math.max(spec.labels.length, 1) * (BAR + 10) * (spec.stacked ? 1 : Math.max(spec.series.length, 1)) + "px";
    var chart = new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (series, number) {
          var colour = COLOURS[number % COLOURS.length];
          return {
            label: series.label,
            data: series.data,
            backgroundColor: number === 0 ? colour : stripes(colour),
            borderColor: colour,
            borderWidth: 1,
            maxBarThickness: BAR
          };
        })
      },
      options: {
        indexAxis: "y",
        locale: LOCALE,
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        color: TEXT,
        layout: { padding: { right: spec.kind === "amount" ? 110 : 60 } },
        scales: {
          x: {
            stacked: spec.stacked,
            beginAtZero: true,
            grid: { color: GRID },
            ticks: { color: TEXT, callback: function (value) { return format(value); } }
          },
          y: {
            stacked: spec.stacked,
            grid: { display: false },
            ticks: {
              color: TEXT,
              autoSkip: false,
              callback: function (value) { return shorten(this.getLabelForValue(value)); }
            }
          }
        },
        plugins: {
          legend: { display: spec.series.length > 1, labels: { color: TEXT } },
          title: { display: false },
          tooltip: {
            callbacks: {
              label: function (item) {
                var value = item.raw === null ? "–" : format(item.raw);
                return item.dataset.label + ": " + value;
              }
            }
          },
          vangnetValues: { format: format, stacked: spec.stacked }
        }
      },
      plugins: [background, values]
    });
    var button = figure.querySelector("[data-chart-png]");
    if (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var link = document.createElement("a");
        link.href = chart.toBase64Image("image/png", 1);
        link.download = spec.filename + ".png";
        document.body.appendChild(link);
        link.click();
        link.remove();
      });
    }
  }

  function drawAll(root) {
    root.querySelectorAll("figure[data-chart]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.detail.elt || document); });
})();
