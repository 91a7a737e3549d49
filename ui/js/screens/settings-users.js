// Settings' lower half: "Check setup" findings and the users signed in on this computer.
import { api } from "../api.js";
import { h, clear, button, initials, spinner } from "../dom.js";
import { icon } from "../icons.js";
import { problem } from "../layout.js";

const FINDING_ICONS = { ok: "checkCircle", warning: "warn" };

export async function checkSetup(el) {
  clear(el, h("div.card.loading", spinner(14), h("span", { text: "Checking…" })));
  try {
    const found = (await api.checkSetup()) || [];
    const finding = (f) =>
      h(
        `div.finding.finding-${f.level}`,
        icon(FINDING_ICONS[f.level] || "alert", 16),
        h("div", h("div.finding-title", { text: f.title }), f.detail ? h("div.muted", { text: f.detail }) : null),
      );
    clear(el, h("section.card.findings", { dataset: { testid: "findings" } }, found.map(finding)));
  } catch (e) {
    clear(el, problem(e, { title: "Check setup didn't finish" }));
  }
}

function userRow(x, current, redraw) {
  const slot = h("div.slot.user-problem");
  const failed = (what) => (e) => clear(slot, problem(e, { title: `Couldn't ${what} ${x.name || x.email}` }));
  const row = h(
    "div.user-row",
    h("span.avatar.filled", { "aria-hidden": "true", text: initials(x.name, x.email) }),
    h(
      "div.user-card-text",
      h("div", h("strong", { text: x.name || x.email })),
      h("div.muted", { text: x.email || "" }),
    ),
    current
      ? h("span.muted", { text: "Current" })
      : button("Switch", { size: "sm", onClick: () => api.switchUser(x.id).then(redraw).catch(failed("switch to")) }),
    button("Sign out", {
      size: "sm",
      kind: "ghost",
      "aria-label": `Sign out ${x.name || x.email}`,
      onClick: () => api.signOut(x.id).then(redraw).catch(failed("sign out")),
    }),
  );
  return [row, slot];
}

export async function drawUsers(el, app) {
  let u;
  try {
    u = await app.refreshUsers();
  } catch (e) {
    return clear(el, problem(e, { title: "Couldn't list the signed-in users", tone: "warning" }));
  }
  const list = u.users || [];
  const redraw = () => drawUsers(el, app);
  clear(
    el,
    h(
      "section.section",
      h("h2.section-title", { text: "Signed-in users" }),
      list.length
        ? h(
            "div.card.user-list",
            list.map((x) => userRow(x, u.current?.id === x.id, redraw)),
          )
        : h("div.card.empty-inline", { text: "Nobody is signed in on this computer." }),
    ),
  );
}
