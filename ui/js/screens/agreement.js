// Step 2: the Amazon Ads Agreement, accepted in the user's own browser (where they are
// signed in). Core watches the terms token; this window shows what it hears and moves on
// by itself once the agreement is accepted.
import { api } from "../api.js";
import * as store from "../store.js";
import { h, clear, button, initials, pill } from "../dom.js";
import { page, footer } from "../layout.js";
import { withHeard } from "../progress.js";
import { regionName } from "./regions.js";
import { panel } from "./agreement-panel.js";

/** Starts a new agreement for this user, or watches again the one the window had. */
async function watch(st) {
  const t = st.terms;
  if (t?.termsToken && t.userId === st.user?.id) {
    return { ...t, ...(await api.agreementResume({ termsToken: t.termsToken, termsUrl: t.termsUrl })) };
  }
  store.set({ terms: null });
  return { ...(await api.agreementStart()), userId: st.user?.id };
}

function userCard(s, app) {
  const u = s.user;
  return h(
    "div.card.user-card",
    h("span.avatar.filled.lg", { "aria-hidden": "true", text: initials(u.name, u.email) }),
    h(
      "div.user-card-text",
      h("div.user-card-name", h("strong", { text: u.name || u.email }), pill("CREATED", "Signed in", "success")),
      h("div.muted", { text: `${u.email || ""} · ${regionName(s.region)}` }),
    ),
    button("Switch account", { kind: "ghost", onClick: () => app.go("signin") }),
  );
}

function frame(s, app, panelEl, checkNow) {
  return h(
    "div.screen",
    page({
      eyebrow: "Step 2 of 5",
      title: "Accept the Amazon Ads Agreement in your browser",
      lead: "Every new account needs its own acceptance of the Amazon Ads Agreement, by the Amazon login you signed in with. We opened it in your default browser.",
      body: h("div.stack", userCard(s, app), panelEl),
      footer: footer({
        left: [button("Back", { iconName: "back", onClick: () => app.go("signin") })],
        hint: "Accepted already?",
        right: [button("Check now", { kind: "primary", id: "terms-check", onClick: checkNow })],
      }),
    }),
  );
}

export function mount(root, app, s) {
  if (!s.user) return app.go("signin");
  if (store.accepted(s.terms)) return app.go("details");
  let alive = true;
  const begin = async () => {
    view.draw({ terms: null });
    try {
      const t = withHeard(await watch(store.get()));
      if (!alive) return;
      store.set({ terms: t });
      if (store.accepted(t)) app.go("details");
    } catch (e) {
      if (alive) view.draw({ error: e, retry: begin });
    }
  };
  /** Amazon forgot the link: a new agreement, opened again in the browser. */
  const renew = () => (store.set({ terms: null }), begin());
  const view = panel(renew);
  // No agreement waiting any more (the app restarted, the watch ended): watch again.
  // An expired link is not retried: a new one is started.
  const checkNow = () => {
    if (store.get().terms?.expired) return renew();
    return api.agreementCheckNow().catch((e) => (e.kind === "notFound" ? begin() : view.problem(e)));
  };
  clear(root, frame(s, app, view.el, checkNow));
  begin();
  return {
    update: (st) => alive && st.terms && view.draw({ terms: st.terms }),
    unmount: () => (alive = false),
  };
}
