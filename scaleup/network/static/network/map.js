/* The cooperation network drawn with Cytoscape.js from the page's JSON endpoint.
 *
 * The container ([data-network-map]) names the data URL in data-url; the map is an image to
 * screen readers (role="img"), the table on the same page is the accessible view. Without
 * JavaScript the container stays hidden and a notice points to the table. Once drawn, the
 * container carries data-state="ready" and data-node-count, and the Cytoscape instance is
 * window.scaleupNetwork (for the browser tests and the curious).
 */
(function () {
  "use strict";

  var MIN_SIZE = 14;
  var MAX_SIZE = 56;

  function nodeElements(data) {
    var maxBrokerage = 0;
    data.nodes.forEach(function (node) {
      if (node.brokerage > maxBrokerage) { maxBrokerage = node.brokerage; }
    });
    return data.nodes.map(function (node) {
      var style = data.kinds[node.kind] || { shape: "ellipse", colour: "#bbbbbb" };
      var share = maxBrokerage > 0 ? Math.sqrt(node.brokerage / maxBrokerage) : 0;
      return {
        group: "nodes",
        data: {
          id: String(node.id),
          label: node.label,
          kind: node.kind,
          community: node.community,
          brokerage: node.brokerage,
          url: node.url,
          ego: node.ego ? 1 : 0,
          shape: style.shape,
          colour: style.colour,
          size: node.ego ? MAX_SIZE : MIN_SIZE + (MAX_SIZE - MIN_SIZE) * share
        }
      };
    });
  }

  function edgeElements(data) {
    var maxWeight = 0;
    data.edges.forEach(function (edge) {
      if (edge.weight > maxWeight) { maxWeight = edge.weight; }
    });
    return data.edges.map(function (edge, index) {
      return {
        group: "edges",
        data: {
          id: "e" + index,
          source: String(edge.source),
          target: String(edge.target),
          weight: edge.weight,
          width: maxWeight > 0 ? 1 + 5 * Math.sqrt(edge.weight / maxWeight) : 1
        }
      };
    });
  }

  var STYLE = [
    {
      selector: "node",
      style: {
        "shape": "data(shape)",
        "background-color": "data(colour)",
        "border-width": 1,
        "border-color": "#333333",
        "width": "data(size)",
        "height": "data(size)",
        "label": "data(label)",
        "font-size": 11,
        "color": "#1a1a1a",
        "text-valign": "bottom",
        "text-margin-y": 3,
        "text-wrap": "ellipsis",
        "text-max-width": 140,
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.8,
        "text-background-padding": 1,
        "min-zoomed-font-size": 9
      }
    },
    {
      selector: "node[ego = 1]",
      style: { "border-width": 3, "border-color": "#003399", "font-weight": "bold" }
    },
    {
      selector: "edge",
      style: {
        "width": "data(width)",
        "line-color": "#8a94a6",
        "opacity": 0.7,
        "curve-style": "haystack"
      }
    },
    {
      selector: "node:selected",
      style: { "border-width": 3, "border-color": "#1a1a1a" }
    }
  ];

  function layoutFor(data) {
    if (data.ego !== null && data.ego !== undefined) {
      return {
        name: "concentric",
        animate: false,
        concentric: function (node) { return node.data("ego") ? 2 : 1; },
        levelWidth: function () { return 1; },
        minNodeSpacing: 12
      };
    }
    return {
      name: "cose",
      animate: false,
      randomize: true,
      nodeDimensionsIncludeLabels: false,
      idealEdgeLength: function () { return 80; },
      nodeRepulsion: function () { return 8000; },
      numIter: data.nodes.length > 500 ? 500 : 1000
    };
  }

  function status(container, text) {
    var section = container.parentElement;
    var line = section ? section.querySelector("[data-network-status]") : null;
    if (line) { line.textContent = text; }
  }

  function draw(container) {
    if (typeof window.cytoscape !== "function" || typeof window.fetch !== "function") {
      return; // the notice pointing to the table stays
    }
    var section = container.parentElement;
    var notice = section ? section.querySelector("[data-network-nojs]") : null;
    container.dataset.state = "loading";
    fetch(container.dataset.url, {
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (data) {
      if (notice) { notice.hidden = true; }
      if (!data.nodes.length) {
        container.dataset.state = "empty";
        container.dataset.nodeCount = "0";
        status(container, container.dataset.emptyText || "");
        return;
      }
      container.hidden = false;
      var cy = window.cytoscape({
        container: container,
        elements: nodeElements(data).concat(edgeElements(data)),
        style: STYLE,
        layout: layoutFor(data),
        minZoom: 0.1,
        maxZoom: 4,
        wheelSensitivity: 0.3,
        boxSelectionEnabled: false
      });
      // A small network fits the box at a giant zoom: keep shapes and labels readable.
      if (cy.zoom() > 1.5) {
        cy.zoom(1.5);
        cy.center();
      }
      cy.on("tap", "node", function (event) {
        var url = event.target.data("url");
        if (url) { window.location.assign(url); }
      });
      container.dataset.nodeCount = String(cy.nodes().length);
      container.dataset.edgeCount = String(cy.edges().length);
      container.dataset.state = "ready";
      window.scaleupNetwork = cy;
    }).catch(function () {
      container.dataset.state = "error";
      container.hidden = true;
      if (notice) { notice.hidden = false; }
    });
  }

  document.querySelectorAll("[data-network-map]").forEach(draw);
})();
