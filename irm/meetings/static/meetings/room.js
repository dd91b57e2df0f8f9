// Speaking timer of the room view: counts down the allotted time from the elapsed seconds the
// server sent; the htmx poll replaces the element every 5 s, so the timer re-reads it each tick.
(function () {
  let base = null;
  function tick() {
    const el = document.getElementById("timer");
    if (!el) { base = null; return; }
    const elapsed = parseInt(el.dataset.elapsed || "0", 10);
    const allotted = parseInt(el.dataset.allotted || "0", 10);
    if (!base || base.el !== el) { base = { el: el, at: Date.now() - elapsed * 1000 }; }
    const used = Math.floor((Date.now() - base.at) / 1000);
    const left = allotted - used;
    const abs = Math.abs(left);
    el.textContent = (left < 0 ? "+" : "") + Math.floor(abs / 60) + ":" + String(abs % 60).padStart(2, "0");
    el.classList.toggle("text-danger", left < 0);
    el.classList.toggle("text-warning", left >= 0 && left <= 30);
  }
  setInterval(tick, 1000);
  document.addEventListener("DOMContentLoaded", tick);
})();
