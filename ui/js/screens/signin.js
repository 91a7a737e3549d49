// Step 1: choose the region, read Amazon's advice, sign in through the system browser.
import { api } from "../api.js";
import * as store from "../store.js";
import { h, clear, button, externalButton, spinner, fmtTime, initials, pill } from "../dom.js";
import { icon } from "../icons.js";
import { page, footer, copyField, disclosure, fix, callout } from "../layout.js";

export const REGIONS = [
  { code: "NA", name: "North America", countries: "United States, Canada, Mexico, Brazil", chips: ["US", "CA", "MX", "BR"] },
  { code: "EU", name: "Europe", countries: "UK, Germany, France, Italy, Spain and 10 more", chips: ["UK", "DE", "FR", "IT", "ES", "+10"] },
  { code: "FE", name: "Far East", countries: "Japan, Australia, Singapore", chips: ["JP", "AU", "SG"] },
];
export const regionName = (code) => REGIONS.find((r) => r.code === code)?.name || code;

let busy = false;

export function mount(root, ctx, s) {
  const draw = (st) => clear(root, st.signin.phase === "waiting" ? waiting(st, ctx) : choose(st, ctx));
  let phase = s.signin.phase;
  let user = s.user;
  draw(s);
  return {
    update(st) {
      if (st.signin.phase !== phase || st.user !== user) {
        phase = st.signin.phase;
        user = st.user;
        draw(st);
        root.querySelector(".title")?.focus({ preventScroll: true });
      } else syncRegion(root, st);
    },
  };
}

function regionCards(s) {
  const group = h("div.region-cards", { role: "radiogroup", "aria-labelledby": "region-label" });
  for (const r of REGIONS) {
    const checked = s.region === r.code;
    const card = h("button.choice", {
      type: "button", role: "radio", "aria-checked": String(checked), dataset: { region: r.code },
      tabindex: checked ? "0" : "-1",
      on: { click: () => store.set({ region: r.code }) },
    },
    h("span.choice-head", h("span.choice-title", { text: r.name }), h("span.radio", { "aria-hidden": "true" })),
    h("span.choice-text", { text: r.countries }),
    h("span.chips", r.chips.map((c) => h("span.chip.mono", { text: c }))));
    group.append(card);
  }
  group.addEventListener("keydown", (e) => {
    const dir = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
    if (!dir) return;
    e.preventDefault();
    const i = REGIONS.findIndex((r) => r.code === store.get().region);
    const next = REGIONS[(i + dir + REGIONS.length) % REGIONS.length].code;
    store.set({ region: next });
    group.querySelector(`[data-region="${next}"]`)?.focus();
  });
  return group;
}

function syncRegion(root, s) {
  for (const c of root.querySelectorAll(".choice[data-region]")) {
    const on = c.dataset.region === s.region;
    c.setAttribute("aria-checked", String(on));
    c.tabIndex = on ? 0 : -1;
  }
}

async function signIn(ctx) {
  if (busy) return;
  busy = true;
  const region = store.get().region;
  try {
    const started = await api.signInStart(region, store.get().keepSignedIn);
    store.set({ signin: { phase: "waiting", ...started, region } });
    const user = await api.signInWait();
    await ctx.refreshUsers().catch(() => store.set({ user }));
    store.set({ signin: { phase: "idle" }, terms: null });
    ctx.go("agreement");
  } catch (e) {
    if (e.kind === "cancelled") store.set({ signin: { phase: "idle" } });
    else store.set({ signin: { phase: "error", error: e.message, kind: e.kind } });
  } finally {
    busy = false;
  }
}

function choose(s, ctx) {
  const sandbox = s.info?.sandbox;
  const u = s.user;
  const body = h("div.stack",
    s.signin.phase === "error"
      ? callout("danger", "alert", "Sign-in didn't finish",
        /again|Settings/i.test(s.signin.error || "") ? s.signin.error
          : `${s.signin.error} Try again; if it keeps failing, use Check setup in Settings.`,
        button("Try again", { size: "sm", onClick: () => signIn(ctx) }))
      : null,
    u ? h("div.card.user-card", { dataset: { testid: "signed-in" } },
      h("span.avatar.filled.lg", { "aria-hidden": "true", text: initials(u.name, u.email) }),
      h("div.user-card-text",
        h("div.user-card-name", h("strong", { text: u.name || u.email }), pill("CREATED", "Signed in", "success")),
        h("div.muted", { text: u.email || "" })),
      button("Sign in with another account", { kind: "ghost", onClick: () => signIn(ctx) })) : null,
    h("section.section",
      h("div.section-head", h("h2.section-title#region-label", { text: "Region" }),
        h("span.muted", { text: "Where the advertiser will run ads." })),
      regionCards(s)),
    h("div.card.advice", icon("mail", 16),
      h("div",
        h("div.advice-title", { text: "Use your work email, not a personal shopping login" }),
        h("p.advice-text",
          "Everyone who registers needs an Amazon login, ideally the one tied to their work email. Already signed in to Amazon shopping with a personal login? Sign out of it first, or use another browser or a private window. No login yet? Choose ",
          h("strong", { text: "Create Amazon Account" }), " on the sign-in page."))),
    u ? null : keepChoice(s),
    h("section.section",
      h("h2.section-title", { text: "Before you start" }),
      h("div.prep",
        prep("building", "Business details", "Legal name, registered address, phone and website, or a seller, vendor or author ID."),
        prep("shield", "Authority to register", "You confirm you work directly for the business you register."),
        prep("clock", sandbox ? "About a minute" : "About five minutes",
          sandbox ? "The sandbox creates accounts in seconds, on this computer." : "Amazon usually creates an account in 3–30 seconds.")))
  );
  const primary = u
    ? button("Continue", { kind: "primary", id: "signin-continue", onClick: () => ctx.go("agreement") })
    : externalButton("Sign in with Amazon", () => signIn(ctx), { kind: "primary", id: "signin-start" });
  return h("div.screen",
    page({
      eyebrow: "Step 1 of 5",
      title: u ? "You're signed in" : "Sign in to Amazon Ads",
      lead: "Ads Onboard acts on your behalf through Login with Amazon. You sign in on Amazon's own page in your browser — this app never sees your password.",
      body,
      footer: footer({
        left: [h("span.footer-note", icon("shield", 16), h("span", { text: "Secure sign-in with Login with Amazon. Opens in your default browser." }))],
        right: [primary],
      }),
    }));
}

function keepChoice(s) {
  const input = h("input", { type: "checkbox", id: "keep-signed-in", checked: s.keepSignedIn });
  input.addEventListener("change", () => store.set({ keepSignedIn: input.checked }));
  return h("label.card.attest", { for: "keep-signed-in" }, input,
    h("div", h("span.attest-title", { text: "Keep me signed in on this computer" }),
      h("div.attest-text", { text: "Untick this when a client signs in on your computer: their sign-in then lasts only until Ads Onboard closes, and nothing is stored." })));
}

function prep(iconName, title, text) {
  return h("div.prep-item", h("span.icon-tile", icon(iconName, 16)),
    h("div", h("div.prep-title", { text: title }), h("div.prep-text", { text })));
}

function hostPort(uri) {
  try {
    const u = new URL(uri);
    return u.host;
  } catch {
    return uri || "";
  }
}

function waiting(s, ctx) {
  const si = s.signin;
  const sandbox = s.info?.sandbox;
  const fixes = [
    fix("The browser didn't open", "Copy the sign-in link above and paste it into the browser you use for work."),
    sandbox ? null : fix("Amazon shows “The redirect URI you provided has not been whitelisted”",
      ["Your Login with Amazon security profile doesn't list this app yet. In the LwA console, open ",
        h("strong", { text: "Web Settings → Allowed Return URLs" }), " and add exactly:"],
      copyField(si.redirectUri || "", { ariaLabel: "Copy redirect URI" })),
    fix("You're signed in as someone else", "Sign out of Amazon in that browser, or paste the link above into a private window."),
  ];
  const body = h("div.stack",
    h("div.card.wait-card",
      h("div.wait-head", spinner(20),
        h("div.wait-text", h("div.wait-title", { text: "Waiting for you to sign in…" }),
          h("div.muted", { text: `${regionName(si.region)} · started ${fmtTime(si.startedAt)}` })),
        externalButton("Open again", () => api.openUrl(si.url), { iconName: null })),
      h("div.field-label", h("span", { text: "Sign-in link" }), h("span.muted", { text: " — paste into any browser if nothing opened" })),
      copyField(si.url || "", { ariaLabel: "Copy sign-in link", testid: "signin-url" })),
    disclosure("Nothing happening?", "Common fixes", fixes));
  return h("div.screen", page({
    eyebrow: "Step 1 of 5",
    title: "Continue in your browser",
    lead: `We opened ${sandbox ? "the sandbox's" : "Amazon's"} sign-in page in your default browser. Sign in with your work account and allow access for Ads Onboard — this window moves on by itself.`,
    body,
    footer: footer({
      left: [button("Cancel", { id: "signin-cancel", onClick: () => api.signInCancel().catch(() => {}) })],
      right: [h("span.live", h("span.live-dot", { "aria-hidden": "true" }),
        h("span", { text: `Listening for ${sandbox ? "the sandbox" : "Amazon"} on ` }),
        h("span.mono", { text: hostPort(si.redirectUri) }))],
    }),
  }));
}
