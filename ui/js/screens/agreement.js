// Step 2: the Amazon Ads Agreement, accepted in the user's own browser (where they are
// signed in), while this window waits and moves on by itself once the token is ACCEPTED.
import { api } from "../api.js";
import * as store from "../store.js";
import { h, clear, button, externalButton, spinner, fmtTime, initials, pill } from "../dom.js";
import { icon } from "../icons.js";
import { page, footer, errorCallout } from "../layout.js";
import { regionName } from "./signin.js";

export function mount(root, ctx, s) {
  let timer = null;
  let alive = true;
  let checking = false;
  let error = null;

  const status = h("div.wait-status", { role: "status" });
  const panel = h("div.agreement-panel");

  function draw(st) {
    const t = st.terms;
    clear(panel);
    if (error) {
      panel.append(errorCallout(error, () => { error = null; begin(); }));
      return;
    }
    if (!t) {
      panel.append(h("div.card.wait-panel", spinner(20), h("div.wait-title", { text: "Preparing the agreement…" })));
      return;
    }
    panel.append(h("div.card.wait-panel", { dataset: { testid: "agreement-waiting" } },
      h("div.wait-orb", spinner(56), h("span.wait-orb-icon", icon("doc", 20))),
      h("h2.wait-big", { text: "Waiting for you to accept…" }),
      h("p.wait-text-center",
        "Review the agreement on Amazon's page and choose ", h("strong", { text: "Accept and continue" }),
        ". Keep this window open — it continues on its own as soon as Amazon confirms."),
      h("div.btn-row",
        externalButton("Open again", () => api.openUrl(t.termsUrl).catch((e) => { error = e; draw(store.get()); }), { id: "terms-open" }),
        button("Copy link", { iconName: "copy", id: "terms-copy", onClick: (e) => copyLink(e.currentTarget, t.termsUrl) })),
      h("p.wait-hint", { text: "Signed in through a private window or another browser? Paste the link there, so the agreement is accepted by the same Amazon login." }),
      status));
    drawStatus();
  }

  function drawStatus() {
    const t = store.get().terms;
    const every = Math.max(1, Math.round((store.get().info?.termsPollIntervalMs || 2000) / 1000));
    clear(status, spinner(12), h("span", { text: `Checking every ${every} second${every === 1 ? "" : "s"}${t?.checkedAt ? ` · last checked ${fmtTime(t.checkedAt)}` : ""}` }));
  }

  async function copyLink(btn, url) {
    await api.copyText(url);
    const label = btn.querySelector("span");
    if (label) {
      label.textContent = "Copied";
      setTimeout(() => { label.textContent = "Copy link"; }, 1600);
    }
  }

  async function check() {
    const t = store.get().terms;
    if (!t || checking || !alive) return;
    checking = true;
    try {
      const r = await api.termsStatus(t.termsToken);
      if (!alive) return;
      store.set({ terms: { ...t, status: r.status, checkedAt: r.checkedAt || new Date().toISOString() } });
      if (r.status === "ACCEPTED" || r.status === "REDEEMED") {
        ctx.go("details");
        return;
      }
      drawStatus();
    } catch (e) {
      if (alive) clear(status, icon("warn", 14), h("span", { text: `Couldn't check just now: ${e.message}` }));
    } finally {
      checking = false;
    }
    schedule();
  }

  function schedule() {
    clearTimeout(timer);
    if (alive) timer = setTimeout(check, store.get().info?.termsPollIntervalMs || 2000);
  }

  async function begin() {
    const st = store.get();
    if (st.terms?.status === "ACCEPTED") return ctx.go("details");
    if (!st.terms || st.terms.userId !== st.user?.id) {
      store.set({ terms: null });
      draw(store.get());
      try {
        const t = await api.termsStart();
        if (!alive) return;
        store.set({ terms: { ...t, userId: st.user?.id } });
      } catch (e) {
        error = e;
        draw(store.get());
        return;
      }
    }
    draw(store.get());
    check();
  }

  const u = s.user;
  const userCard = u ? h("div.card.user-card",
    h("span.avatar.filled.lg", { "aria-hidden": "true", text: initials(u.name, u.email) }),
    h("div.user-card-text",
      h("div.user-card-name", h("strong", { text: u.name || u.email }), pill("CREATED", "Signed in", "success")),
      h("div.muted", { text: `${u.email || ""} · ${regionName(s.region)}` })),
    button("Switch account", { kind: "ghost", onClick: () => ctx.go("signin") })) : null;

  clear(root, h("div.screen", page({
    eyebrow: "Step 2 of 5",
    title: "Accept the Amazon Ads Agreement in your browser",
    lead: "Amazon needs each login to accept its advertising agreement before an account can be created. We opened it in your default browser.",
    body: h("div.stack", userCard, panel),
    footer: footer({
      left: [button("Back", { iconName: "back", onClick: () => ctx.go("signin") })],
      hint: "Accepted already?",
      right: [button("Check now", { kind: "primary", id: "terms-check", onClick: () => check() })],
    }),
  })));
  if (!u) {
    ctx.go("signin");
    return null;
  }
  begin();
  return {
    unmount() {
      alive = false;
      clearTimeout(timer);
    },
  };
}
