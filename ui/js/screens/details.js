// Step 3: who is registering, their details (checked by core as the user types), and the
// attestation.
import { api } from "../api.js";
import * as store from "../store.js";
import { h, clear, button } from "../dom.js";
import { icon } from "../icons.js";
import { page, footer, callout, problem } from "../layout.js";
import { KINDS, formDraft } from "../kinds.js";
import { DetailsForm, uiDetails } from "./details-form.js";
import { picker } from "./details-pick.js";
import { registrationHeard } from "../progress.js";

const ATTEST = {
  business: "I am a direct employee of this business and authorized to create advertising accounts for it",
  seller: "I have access to this Seller Central account and it has no Sponsored Ads account yet",
  vendor: "I have access to this vendor group and it has no Sponsored Ads account yet",
  author: "I have access to this author account and it has no Sponsored Ads account yet",
};
const draft = () => store.get().draft;

function kindButton(kind, on, choose) {
  return h(
    "button.seg",
    {
      type: "button",
      role: "radio",
      "aria-checked": String(on),
      tabindex: on ? "0" : "-1",
      dataset: { kind },
      on: { click: () => choose(kind) },
    },
    icon(KINDS[kind].icon, 15),
    h("span", { text: KINDS[kind].label }),
  );
}

/** Who is registering: one of the four kinds, arrow keys included. */
function segmented(choose) {
  const kinds = Object.keys(KINDS);
  const seg = h("div.segmented", { role: "radiogroup", "aria-label": "Who is registering" });
  for (const kind of kinds) seg.append(kindButton(kind, draft().kind === kind, choose));
  seg.addEventListener("keydown", (e) => {
    const dir = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
    if (!dir) return;
    const next = kinds[(kinds.indexOf(draft().kind) + dir + kinds.length) % kinds.length];
    choose(next);
    seg.querySelector(`[data-kind="${next}"]`)?.focus();
  });
  return seg;
}

function notes(el) {
  const u = store.get().user;
  clear(
    el,
    draft().kind === "business" && u?.consumerEmail
      ? callout(
          "warning",
          "warn",
          "Amazon refuses personal email addresses for businesses",
          `You're signed in as ${u.email}. For a business registration, Amazon expects the login of an employee's work email; sign in with that login first, or the registration may be refused.`,
        )
      : null,
    callout(
      "info",
      "info",
      null,
      "This creates a sponsored ads account (Sponsored Products, Brands and Display). It does not create an Amazon DSP account.",
    ),
  );
}

const RULES =
  "Amazon allows only a direct employee to register a business. An agency without Amazon's special status must ask its client to register; a selling partner already registered for Sponsored Ads cannot register a second account; a business may hold several accounts, up to a limit Amazon does not disclose.";

/** The confirmation stays one line; Amazon's rules behind it fold out on request. */
function attestation(paint) {
  const input = h("input", {
    type: "checkbox",
    id: "f-attest",
    checked: Boolean(draft().attested),
    "aria-describedby": "f-attest-note",
  });
  const title = h("label.attest-title", { for: "f-attest" });
  const rules = h("div.attest-text#attest-rules", { hidden: true, text: RULES });
  const more = h(
    "button.link.attest-more",
    { type: "button", "aria-expanded": "false", "aria-controls": "attest-rules" },
    "Amazon's rules",
  );
  more.addEventListener("click", () => {
    rules.hidden = !rules.hidden;
    more.setAttribute("aria-expanded", String(!rules.hidden));
  });
  const box = h(
    "div.card.attest",
    input,
    h(
      "div.attest-body",
      title,
      h(
        "div.attest-note",
        h("span#f-attest-note", { text: "Ads Onboard's own confirmation; it isn't sent to Amazon. " }),
        more,
      ),
      rules,
    ),
  );
  input.addEventListener("change", () => (store.set({ draft: { ...draft(), attested: input.checked } }), paint()));
  return { box, input, title };
}

/** Where a failed registration is told: a field's own refusal, or Amazon's, or the way there. */
function failed(e) {
  if (e.kind === "invalid") return { title: "Some details need fixing" };
  if (e.kind === "rejected") return { title: "Amazon didn't accept the registration" };
  return { title: e.title || "The registration didn't go through" };
}

/** Registers what the form holds, once it is right; `screen` holds the screen's parts. */
async function submit(screen, app) {
  if (screen.busy) return;
  screen.busy = true;
  const first = await screen.form.submit();
  const blocking = screen.form.elsewhere(true);
  if (first || blocking.length || !draft().attested) {
    screen.busy = false;
    if (blocking.length) clear(screen.error, elsewhereCallout(blocking));
    return (first || screen.attest.input).focus();
  }
  screen.submitBtn.disabled = true;
  screen.submitBtn.querySelector("span").textContent = "Registering…";
  try {
    await register(app);
  } catch (e) {
    const field = e.fields && typeof e.fields === "object" ? screen.form.refuse(e.fields) : null;
    clear(screen.error, problem(e, failed(e)));
    (field || screen.error.querySelector(".callout"))?.focus();
  } finally {
    screen.busy = false;
    screen.submitBtn.disabled = false;
    screen.submitBtn.querySelector("span").textContent = "Register account";
  }
}

async function register(app) {
  const t = store.get().terms;
  const terms = t?.termsToken ? { termsToken: t.termsToken, termsUrl: t.termsUrl } : null;
  const reg = await api.register(uiDetails(draft()), terms);
  // Its progress may have arrived first, and is then newer than this answer.
  store.set({ registration: registrationHeard(reg), terms: null });
  app.refreshHistoryCount();
  app.go("registration");
}

/** Puts details chosen from elsewhere in the form, as if typed. */
function filler(screen) {
  return (details) => {
    const { kind, fields } = formDraft(details);
    store.set({ draft: { ...draft(), kind, fields, attested: false } });
    screen.form.reset(Object.keys(fields));
    screen.redraw();
  };
}

/**
 * A refused registration's field errors (keyed like the inputs), on the form the user
 * came back to fix: each named field marked with core's message; the first to fix is
 * given, for the focus. Messages for fields without an input here go in a callout.
 */
function showRefusal(screen, fields) {
  const first = screen.form.refuse(fields);
  const elsewhere = screen.form.elsewhere();
  if (elsewhere.length) clear(screen.error, elsewhereCallout(elsewhere));
  return first;
}

/** Messages about fields the form has no input for, in one callout. */
function elsewhereCallout(messages) {
  return callout("danger", "alert", null, messages.map(([, m]) => m).join(" "));
}

/** The screen's parts: the kind, the form, the notes, the attestation, the submit button. */
function parts(app) {
  const screen = {
    error: h("div.slot"),
    picked: h("div.slot"),
    segSlot: h("div"),
    notes: h("div.stack-sm"),
    busy: false,
  };
  screen.form = new DetailsForm((submitted) =>
    screen.attest.box.classList.toggle("invalid", submitted && !draft().attested),
  );
  screen.attest = attestation(() => screen.form.paint());
  const choose = (kind) =>
    kind !== draft().kind && (store.set({ draft: { ...draft(), kind } }), screen.form.reset(), screen.redraw());
  screen.redraw = () => {
    clear(screen.segSlot, segmented(choose));
    screen.attest.title.textContent = ATTEST[draft().kind];
    screen.attest.input.checked = Boolean(draft().attested);
    notes(screen.notes);
    screen.form.draw();
  };
  screen.submitBtn = button("Register account", {
    kind: "primary",
    id: "details-submit",
    onClick: () => submit(screen, app),
  });
  return screen;
}

/** Enter in a field (or on the confirmation) submits, as in any form. */
function enterSubmits(el, screen, app) {
  el.addEventListener("keydown", (e) => {
    if (e.key !== "Enter" || e.isComposing || !(e.target instanceof HTMLInputElement)) return;
    e.preventDefault();
    submit(screen, app);
  });
}

/** The screen's frame around its parts. */
function frame(screen, app) {
  const body = h(
    "div.stack",
    screen.picked,
    screen.segSlot,
    screen.form.el,
    // The confirmation right under the fields, as in the design; the notes after it.
    screen.attest.box,
    screen.notes,
    screen.error,
  );
  enterSubmits(body, screen, app);
  const footerBar = footer({
    left: [button("Back", { iconName: "back", onClick: () => app.go("agreement") })],
    hint: screen.form.hint,
    right: [screen.submitBtn],
  });
  return h(
    "div.screen",
    page({
      eyebrow: "Step 3 of 5",
      title: "Advertiser details",
      lead: "Amazon checks these against public records. Use the legal name and registered address exactly as on official documents.",
      actions: picker(filler(screen), (c) => clear(screen.picked, c)),
      body,
      footer: footerBar,
    }),
  );
}

export function mount(root, app, s) {
  // Every account needs its own accepted agreement first: the flow does what it says,
  // instead of asking for it in the middle of the registration.
  if (!store.accepted(s.terms)) return app.go("agreement");
  // What Amazon refused, when the user came here to fix it: shown once.
  const refusal = s.refusal;
  if (refusal) store.set({ refusal: null });
  const screen = parts(app);
  clear(root, frame(screen, app));
  screen.redraw();
  const first = refusal ? showRefusal(screen, refusal) : null;
  let user = s.user;
  return {
    update: (st) => st.user !== user && ((user = st.user), notes(screen.notes)),
    // The field Amazon refused, else the title.
    focus: () => first,
  };
}
