// A short status line at the bottom of the window for outcomes that have no place on screen.
export function toast(message, tone = "neutral") {
  const el = document.getElementById("toast");
  if (!el) return;
  el.textContent = message;
  el.dataset.tone = tone;
  el.classList.add("show");
  clearTimeout(el._t);
  el._t = setTimeout(() => el.classList.remove("show"), 4000);
}
