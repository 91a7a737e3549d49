// What a screen reader hears beside what it reads: one polite live region for the whole
// window, said once per change (outcomes, copies, saves), never for ticks.
let timer = null;

/** Says `text` once. The same words twice in a row are said again. */
export function announce(text) {
  const el = document.getElementById("announcer");
  if (!el) return;
  el.textContent = "";
  clearTimeout(timer);
  // A pause between clearing and writing: screen readers announce the new text as new.
  timer = setTimeout(() => (el.textContent = text), 60);
}

/** Moves focus to `el` (a title) without scrolling the page under the user. */
export function focusTitle(el) {
  if (!el) return;
  if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
  el.focus({ preventScroll: true });
}
