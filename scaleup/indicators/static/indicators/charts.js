/* Redraws the dashboard's server-drawn SVG charts with Chart.js (from npm), for tooltips
   and resizing. The figures come from the JSON block each figure names; the tables beside
   the charts stay, so the canvas is only a picture for those who see it. Without
   JavaScript, or if Chart.js is missing, the SVG stays. */
(function () {
  "use strict";

  function palette() {
    var style = getComputedStyle(document.documentElement);
    var colours = [];
    for (var index = 0; index < 6; index += 1) {
      colours.push(style.getPropertyValue("--chart-" + index).trim() || "#003399");
    }
    return colours;
  }

  function enhance(figure, colours, still) {
    var source = document.getElementById(figure.dataset.chart);
    if (!source) {
      return;
    }
    var figures = JSON.parse(source.textContent);
    var caption = figure.querySelector("figcaption");
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", caption ? caption.textContent : "");
    figure.appendChild(canvas);
    var ink = getComputedStyle(document.body).color;
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: figures.labels,
        datasets: figures.datasets.map(function (dataset, index) {
          return {
            label: dataset.label,
            data: dataset.data,
            backgroundColor: colours[index % colours.length]
          };
        })
      },
      options: {
        animation: still ? false : undefined,
        maintainAspectRatio: false,
        plugins: { legend: { display: figures.stacked, labels: { color: ink } } },
        scales: {
          x: { stacked: figures.stacked, ticks: { color: ink } },
          y: { stacked: figures.stacked, beginAtZero: true, ticks: { color: ink, precision: 0 } }
        }
      }
    });
    figure.classList.add("is-enhanced");
  }

  function start() {
    if (!window.Chart) {
      return;
    }
    var colours = palette();
    var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    document.querySelectorAll("figure.dashboard-chart[data-chart]").forEach(function (figure) {
      enhance(figure, colours, still);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
