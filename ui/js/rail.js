// The rail: the five steps (done, current, failed, waiting), History's count and who is signed in.
import * as store from "./store.js";
import { h, clear, initials } from "./dom.js";
import { icon } from "./icons.js";

/** A step still waiting on something outside the window (the browser, Amazon). */
function waiting(s, step) {
  if (step === "signin") return s.signin.phase === "waiting";
  if (step === "agreement") return Boolean(s.terms) && !store.accepted(s.terms);
  if (step === "registration") return ["SUBMITTING", "PENDING", "PARTIALLY_CREATED"].includes(s.registration?.status);
  return false;
}

/** What a screen reader hears after the step's name (the dots say it only in color and icon). */
const STATE_WORDS = { done: "done", failed: "failed", upcoming: "not reached yet", current: "" };

function renderStep(btn, s) {
  const step = btn.dataset.step;
  const st = store.stepStatus(s, step);
  const busy = s.view === "wizard" && s.step === step && waiting(s, step);
  btn.classList.toggle("done", st === "done");
  btn.classList.toggle("failed", st === "failed");
  const current = s.view === "wizard" && s.step === step;
  if (current) btn.setAttribute("aria-current", "step");
  else btn.removeAttribute("aria-current");
  const reachable = st === "done" || st === "failed" || step === s.step;
  btn.setAttribute("aria-disabled", String(!reachable));
  const dot = btn.querySelector(".step-dot");
  if (st === "done") dot.replaceChildren(icon("check", 12));
  else if (st === "failed") dot.replaceChildren(icon("x", 12));
  else dot.textContent = String(store.STEPS.indexOf(step) + 1);
  btn.classList.toggle("waiting", busy);
  const said = busy ? "waiting" : STATE_WORDS[st] || "";
  btn.querySelector(".step-state").textContent = said ? `, ${said}` : "";
  // The collapsed rail shows only dots: a tooltip names each.
  btn.title = `${btn.querySelector(".step-name").textContent}${said ? ` — ${said}` : ""}`;
}

function renderUser(u) {
  clear(
    document.getElementById("user-chip"),
    h(
      "span.avatar",
      { "aria-hidden": "true", class: u ? "avatar filled" : "avatar" },
      u ? initials(u.name, u.email) : icon("user", 14),
    ),
    h(
      "span.user-text",
      h("span.user-name", { text: u ? u.name || u.email : "Not signed in" }),
      u && u.email ? h("span.user-email", { text: u.email }) : null,
    ),
  );
}

export function renderRail(s) {
  for (const btn of document.querySelectorAll(".step[data-step]")) renderStep(btn, s);
  for (const b of document.querySelectorAll(".rail-row[data-view]")) {
    if (b.dataset.view === s.view) b.setAttribute("aria-current", "page");
    else b.removeAttribute("aria-current");
  }
  const count = document.getElementById("history-count");
  count.textContent = s.historyCount ? String(s.historyCount) : "";
  const history = document.getElementById("nav-history");
  history.title = s.historyCount ? `History — ${s.historyCount} registrations` : "History";
  document.getElementById("brand-env").hidden = !s.info?.sandbox;
  renderUser(s.user);
}

/** Wires the rail's buttons: steps already reached, History and Settings. */
export function wireRail(app) {
  for (const el of document.querySelectorAll("[data-view]")) {
    el.addEventListener("click", () => app.show(el.dataset.view));
  }
  for (const btn of document.querySelectorAll(".step[data-step]")) {
    btn.addEventListener("click", () => {
      if (btn.getAttribute("aria-disabled") === "true") return;
      app.go(btn.dataset.step);
    });
  }
}
