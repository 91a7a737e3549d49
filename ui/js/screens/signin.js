// Step 1: choose the region, read Amazon's advice, sign in through the system browser.
import * as store from "../store.js";
import { h, clear, button, externalButton, initials, pill } from "../dom.js";
import { icon } from "../icons.js";
import { page, footer, problem } from "../layout.js";
import { startSignIn } from "../progress.js";
import { regionCards, syncRegion } from "./regions.js";
import { waiting } from "./signin-waiting.js";

export function mount(root, app, s) {
  const draw = (st) => clear(root, st.signin.phase === "waiting" ? waiting(st) : choose(st, app));
  let phase = s.signin.phase;
  let user = s.user;
  draw(s);
  return {
    update(st) {
      if (st.signin.phase === phase && st.user === user) return syncRegion(root, st);
      phase = st.signin.phase;
      user = st.user;
      draw(st);
      root.querySelector(".title")?.focus({ preventScroll: true });
    },
  };
}

/** Why the last sign-in failed, in core's plain words, until the next try. */
function failure(s) {
  const e = s.signin.error || {};
  const title = "Sign-in didn't finish";
  // Core's title says what happened, under this screen's own ("Sign-in didn't finish").
  const said = e.title && e.title !== title ? `${e.title}. ${e.hint || ""}` : e.hint;
  return problem(
    { ...e, hint: said?.trim() || null },
    {
      title,
      action: button("Try again", { size: "sm", onClick: startSignIn }),
    },
  );
}

function userCard(u) {
  return h(
    "div.card.user-card",
    { dataset: { testid: "signed-in" } },
    h("span.avatar.filled.lg", { "aria-hidden": "true", text: initials(u.name, u.email) }),
    h(
      "div.user-card-text",
      h("div.user-card-name", h("strong", { text: u.name || u.email }), pill("CREATED", "Signed in", "success")),
      h("div.muted", { text: u.email || "" }),
    ),
    button("Sign in with another account", { kind: "ghost", onClick: startSignIn }),
  );
}

function advice() {
  return h(
    "div.card.advice",
    icon("mail", 16),
    h(
      "div",
      h("div.advice-title", { text: "Use your work email, not a personal shopping login" }),
      h(
        "p.advice-text",
        "Everyone who registers needs an Amazon login, ideally the one tied to their work email. Already signed in to Amazon shopping with a personal login? Sign out of it first, or use another browser or a private window. No login yet? Choose ",
        h("strong", { text: "Create Amazon Account" }),
        " on the sign-in page.",
      ),
    ),
  );
}

/** One line: the choice, and when to uncheck it (the rest is its description). */
function keepChoice(s) {
  const input = h("input", {
    type: "checkbox",
    id: "keep-signed-in",
    checked: s.keepSignedIn,
    "aria-describedby": "keep-signed-in-why",
  });
  input.addEventListener("change", () => store.set({ keepSignedIn: input.checked }));
  return h(
    "div.keep-line",
    input,
    h("label", { for: "keep-signed-in", text: "Keep me signed in on this computer" }),
    h("span.muted#keep-signed-in-why", {
      text: "— uncheck on a shared computer: the sign-in then ends when the app closes.",
    }),
  );
}

function prep(iconName, title, text) {
  return h(
    "div.prep-item",
    h("span.icon-tile", icon(iconName, 16)),
    h("div", h("div.prep-title", { text: title }), h("div.prep-text", { text })),
  );
}

function beforeYouStart(sandbox) {
  return h(
    "section.section",
    h("h2.section-title", { text: "Before you start" }),
    h(
      "div.prep",
      prep(
        "building",
        "Business details",
        "Legal name, registered address, phone and website, or a seller, vendor or author ID.",
      ),
      prep("shield", "Authority to register", "You confirm you work directly for the business you register."),
      sandbox
        ? prep(
            "clock",
            "About a minute",
            "Filling in the details takes a minute; the sandbox creates accounts in seconds.",
          )
        : prep(
            "clock",
            "A few minutes",
            "Filling in the details takes a few minutes; Amazon then usually creates the account in 3–30 seconds.",
          ),
    ),
  );
}

function regionSection(s) {
  return h(
    "section.section",
    h(
      "div.section-head",
      h("h2.section-title#region-label", { text: "Region" }),
      h("span.muted", { text: "Where the advertiser will run ads." }),
    ),
    regionCards(s),
  );
}

function choose(s, app) {
  const u = s.user;
  const body = h(
    "div.stack",
    s.signin.phase === "error" ? failure(s) : null,
    u ? userCard(u) : null,
    regionSection(s),
    advice(),
    u ? null : keepChoice(s),
    beforeYouStart(s.info?.sandbox),
  );
  const primary = u
    ? button("Continue", { kind: "primary", id: "signin-continue", onClick: () => app.go("agreement") })
    : externalButton("Sign in with Amazon", startSignIn, { kind: "primary", id: "signin-start" });
  const note = h(
    "span.footer-note",
    icon("shield", 16),
    h("span", { text: "Secure sign-in with Login with Amazon. Opens in your default browser." }),
  );
  return h(
    "div.screen",
    page({
      eyebrow: "Step 1 of 5",
      title: u ? "You're signed in" : "Sign in to Amazon Ads",
      lead: "Ads Onboard acts on your behalf through Login with Amazon. You sign in on Amazon's own page in your browser — this app never sees your password.",
      body,
      footer: footer({ left: [note], right: [primary] }),
    }),
  );
}
