// Entry point: wires the rail and views, then marks the window ready for tests and users.
const invoke = (cmd, args) => window.__TAURI_INTERNALS__.invoke(cmd, args);

function showView(name) {
  for (const v of document.querySelectorAll(".view")) v.hidden = v.id !== `view-${name}`;
  for (const b of document.querySelectorAll(".rail-row[data-view]")) {
    if (b.dataset.view === name) b.setAttribute("aria-current", "page");
    else b.removeAttribute("aria-current");
  }
  document.querySelector(`#view-${name} .title`)?.focus();
}

function fact(dl, term, value) {
  const dt = document.createElement("dt");
  dt.textContent = term;
  const dd = document.createElement("dd");
  dd.textContent = value;
  dl.append(dt, dd);
}

async function start() {
  document.querySelector('[data-step="signin"]').setAttribute("aria-current", "step");
  for (const el of document.querySelectorAll("[data-view]")) {
    el.addEventListener("click", () => showView(el.dataset.view));
  }
  const info = await invoke("app_info");
  document.getElementById("brand-env").hidden = !info.sandbox;
  document.getElementById("sandbox-banner").hidden = !info.sandbox;
  const dl = document.getElementById("settings-facts");
  fact(dl, "Environment", info.sandbox ? "Sandbox (built in)" : "Amazon");
  fact(dl, "Region", info.region);
  fact(dl, "Version", info.version);
  document.documentElement.dataset.ready = "true";
}

start().catch((e) => {
  document.documentElement.dataset.ready = "error";
  console.error(e);
});
