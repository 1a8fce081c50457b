// pregon's one script besides htmx: a page works without it. The "select all" box of a
// campaign table ticks or clears every row of that table.
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!box.classList || !box.classList.contains("select-all")) return;
  const table = box.closest("table");
  if (!table) return;
  table.querySelectorAll('tbody input[type="checkbox"][name="ids"]').forEach((row) => {
    row.checked = box.checked;
  });
});

// When a page's live stream is refused (all the user's stream slots are taken) or breaks,
// its progress bars and counters are polled instead every 5 seconds: ?poll=1 answers once,
// as JSON, the fragments the stream would have sent.
const polled = new WeakSet();
document.addEventListener("htmx:sseError", (event) => {
  const root = event.target;
  const url = root.getAttribute && root.getAttribute("sse-connect");
  if (!url || polled.has(root)) return;
  polled.add(root);
  const pollUrl = url + (url.includes("?") ? "&" : "?") + "poll=1";
  const poll = async () => {
    try {
      const answer = await fetch(pollUrl, { headers: { Accept: "application/json" } });
      if (answer.ok) {
        let ended = false;
        for (const { event: name, html } of await answer.json()) {
          if (name === "end") ended = true;
          root.querySelectorAll(`[sse-swap="${CSS.escape(name)}"]`).forEach((el) => {
            el.innerHTML = html;
          });
        }
        if (ended) return;
      }
    } catch (e) {
      // The server is away for a moment: the next poll tries again.
    }
    setTimeout(poll, 5000);
  };
  poll();
});

// A campaign report's chart of opens and clicks per hour, drawn by uPlot (loaded only on that
// page) from the series the page carries; the same figures are in a table beside it.
function drawEngagementChart() {
  const box = document.getElementById("engagement-chart");
  if (!box || !window.uPlot) return;
  const data = JSON.parse(box.dataset.series);
  const [opens, clicks, machine] = JSON.parse(box.dataset.labels);
  const width = Math.max(320, box.clientWidth);
  new window.uPlot({
    width,
    height: 280,
    series: [
      {},
      { label: opens, stroke: "#0d47a1", width: 2 },
      { label: clicks, stroke: "#1b5e20", width: 2 },
      { label: machine, stroke: "#8a4b00", width: 1, dash: [6, 4] },
    ],
    // One hour alone would be drawn across years: show it with an hour either side.
    scales: { x: { time: true, range: (u, min, max) => (min === max ? [min - 3600, max + 3600] : [min, max]) } },
    axes: [{}, { label: box.dataset.axis }],
  }, data, box);
}
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", drawEngagementChart);
} else {
  drawEngagementChart();
}
