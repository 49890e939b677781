// Dashboard charts: data comes from the page (json_script), chart.js is served by the app itself.
(function () {
  "use strict";
  function data(id) { var el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }
  var LIGHT = { "绿灯": "#43a047", "黄灯": "#fbc02d", "红灯": "#e53935", "灰灯": "#b0bec5" };
  var STATUS = ["#2e7d32", "#1976d2", "#e65100", "#9e9e9e", "#b71c1c", "#cfd8dc"];
  function stacked(id, d) {
    var el = document.getElementById(id);
    if (!el || !d || !d.labels.length) { if (el) { el.closest("figure").hidden = true; } return; }
    el.parentNode.style.height = Math.max(160, 28 * d.labels.length + 60) + "px";
    new Chart(el, { type: "bar", data: { labels: d.labels, datasets: Object.keys(d.series).map(function (k) {
      return { label: k, data: d.series[k], backgroundColor: LIGHT[k] }; }) },
      options: { indexAxis: "y", maintainAspectRatio: false, animation: false,
        scales: { x: { stacked: true }, y: { stacked: true } } } });
  }
  function start() {
    if (typeof Chart === "undefined") { return; }
    var c = data("chart-data"), t = data("trend-data");
    if (!c) { return; }
    new Chart(document.getElementById("c-status"), { type: "bar", data: { labels: c.status.labels,
      datasets: [{ label: "任务数", data: c.status.values, backgroundColor: STATUS }] },
      options: { animation: false, plugins: { legend: { display: false } } } });
    stacked("c-section", c.section); stacked("c-leader", c.leader); stacked("c-unit", c.unit);
    var ind = document.getElementById("c-ind");
    if (c.indicators.labels.length) {
      ind.parentNode.style.height = Math.max(160, 26 * c.indicators.labels.length + 60) + "px";
      new Chart(ind, { type: "bar", data: { labels: c.indicators.labels, datasets: [
        { label: "实际完成(占目标%)", data: c.indicators.actual, backgroundColor: "#1976d2" },
        { label: "序时进度(占目标%)", data: c.indicators.expected, backgroundColor: "#e5393588" }] },
        options: { indexAxis: "y", maintainAspectRatio: false, animation: false } });
    } else { ind.closest("figure").hidden = true; }
    var tr = document.getElementById("c-trend");
    if (t && t.labels.length) {
      new Chart(tr, { type: "line", data: { labels: t.labels, datasets: [
        { label: "按时报送率", data: t.on_time, borderColor: "#1976d2" },
        { label: "绿灯占比", data: t.green, borderColor: "#43a047" },
        { label: "已完成占比", data: t.done, borderColor: "#6a1b9a" }] },
        options: { animation: false, scales: { y: { min: 0, max: 100 } } } });
    } else { tr.closest("figure").hidden = true; }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
