// Step 3: who is registering, their details with inline validation, and the attestation.
import { api } from "../api.js";
import * as store from "../store.js";
import { h, clear, button } from "../dom.js";
import { icon } from "../icons.js";
import { page, footer, callout } from "../layout.js";
import { KINDS, checkAll } from "../validate.js";

const LABELS = {
  accountName: "Account name", name: "Legal business name", phone: "Phone", websiteUrl: "Website",
  addressLine1: "Address line 1", addressLine2: "Address line 2", city: "City", state: "State",
  zipCode: "ZIP", sellerCentralAccount: "Seller Central account ID", vendorGroup: "Vendor group ID",
  authorEmail: "Author account email",
};
const HINTS = {
  sellerCentralAccount: "The merchant ID shown in Seller Central, such as A6DEQ9LYHIBE8.",
  vendorGroup: "The vendor group ID from Vendor Central.",
  authorEmail: "The email of the KDP or Author Central account; a personal address is fine.",
};
const INPUT = {
  phone: { type: "tel", autocomplete: "tel" }, websiteUrl: { type: "text", inputmode: "url", autocomplete: "url" },
  authorEmail: { type: "email", autocomplete: "email" }, zipCode: { inputmode: "numeric", autocomplete: "postal-code" },
  state: { autocomplete: "address-level1" }, city: { autocomplete: "address-level2" },
  addressLine1: { autocomplete: "address-line1" }, addressLine2: { autocomplete: "address-line2" },
};
const ATTEST = {
  business: "I am a direct employee of this business and authorised to create advertising accounts for it",
  seller: "I have access to this Seller Central account and it has no Sponsored Ads account yet",
  vendor: "I have access to this vendor group and it has no Sponsored Ads account yet",
  author: "I have access to this author account and it has no Sponsored Ads account yet",
};

export function mount(root, ctx, s) {
  const touched = new Set();
  let submitted = false;
  let serverErrors = {};
  let submitting = false;
  const inputs = {};
  const messages = {};
  const draft = () => store.get().draft;

  function setDraft(patch) {
    store.set({ draft: { ...draft(), ...patch } });
  }

  function errors() {
    const d = draft();
    return { ...checkAll(d.kind, d.fields), ...serverErrors };
  }

  function paint() {
    const errs = errors();
    const kind = draft().kind;
    for (const key of KINDS[kind].fields) {
      const show = (touched.has(key) || submitted) && errs[key];
      const input = inputs[key];
      if (!input) continue;
      input.closest(".field").classList.toggle("invalid", Boolean(show));
      input.setAttribute("aria-invalid", String(Boolean(show)));
      messages[key].textContent = show ? errs[key] : "";
    }
    const n = Object.keys(errs).length + (draft().attested ? 0 : 1);
    const shown = submitted ? n : Object.keys(errs).filter((k) => touched.has(k)).length;
    clear(hint, shown ? [icon("alert", 14), h("span", { text: `${shown} field${shown === 1 ? "" : "s"} need${shown === 1 ? "s" : ""} attention` })] : []);
    hint.classList.toggle("bad", shown > 0);
    attestBox.classList.toggle("invalid", submitted && !draft().attested);
  }

  function field(key, span) {
    const kind = draft().kind;
    const optional = KINDS[kind].optional.includes(key);
    const id = `f-${key}`;
    const input = h("input.input", {
      id, name: key, value: draft().fields[key] || "", "aria-describedby": `${id}-msg${HINTS[key] ? ` ${id}-hint` : ""}`,
      spellcheck: "false", ...(INPUT[key] || { type: "text" }),
    });
    input.addEventListener("input", () => {
      delete serverErrors[key];
      setDraft({ fields: { ...draft().fields, [key]: input.value } });
      paint();
    });
    input.addEventListener("blur", () => { touched.add(key); paint(); });
    inputs[key] = input;
    messages[key] = h("div.field-msg", { id: `${id}-msg`, "aria-live": "polite" });
    return h(`div.field.span-${span}`,
      h("label.field-label", { for: id }, LABELS[key], optional ? h("span.optional", { text: "Optional" }) : null),
      h("div.input-wrap", input, icon("alert", 14)),
      HINTS[key] ? h("div.field-hint", { id: `${id}-hint`, text: HINTS[key] }) : null,
      messages[key]);
  }

  function lockedCountry() {
    return h("div.field.span-3",
      h("label.field-label", { for: "f-country" }, "Country"),
      h("div.input-wrap.locked", h("input.input", { id: "f-country", value: "United States", readonly: true, title: "Amazon registers businesses that don't sell on Amazon in the US only" }), icon("lock", 14)));
  }

  function form() {
    const kind = draft().kind;
    for (const k of Object.keys(inputs)) delete inputs[k];
    if (kind === "business") {
      return h("div.form",
        h("div.overline.form-section", { text: "Business" }),
        h("div.grid", field("accountName", 6), field("name", 6), field("phone", 6), field("websiteUrl", 6)),
        h("div.overline.form-section", { text: "Registered address" }),
        h("div.grid", field("addressLine1", 6), field("addressLine2", 6), field("city", 3), field("state", 3), field("zipCode", 3), lockedCountry()));
    }
    const key = KINDS[kind].fields.find((f) => f !== "accountName");
    return h("div.form",
      h("div.overline.form-section", { text: KINDS[kind].label }),
      h("div.grid", field(key, 6), field("accountName", 6)));
  }

  function segmented() {
    const seg = h("div.segmented", { role: "radiogroup", "aria-label": "Who is registering" });
    for (const [kind, k] of Object.entries(KINDS)) {
      const on = draft().kind === kind;
      seg.append(h("button.seg", {
        type: "button", role: "radio", "aria-checked": String(on), tabindex: on ? "0" : "-1", dataset: { kind },
        on: { click: () => switchKind(kind) },
      }, icon(k.icon, 15), h("span", { text: k.label })));
    }
    seg.addEventListener("keydown", (e) => {
      const dir = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
      if (!dir) return;
      const kinds = Object.keys(KINDS);
      const next = kinds[(kinds.indexOf(draft().kind) + dir + kinds.length) % kinds.length];
      switchKind(next);
      seg.querySelector(`[data-kind="${next}"]`)?.focus();
    });
    return seg;
  }

  function switchKind(kind) {
    if (kind === draft().kind) return;
    setDraft({ kind });
    touched.clear();
    submitted = false;
    serverErrors = {};
    drawForm();
  }

  const formSlot = h("div");
  const notes = h("div.stack-sm");
  const segSlot = h("div");
  const hint = h("span.footer-hint-inner", { role: "status" });
  const attestInput = h("input", { type: "checkbox", id: "f-attest", checked: Boolean(s.draft.attested) });
  const attestLabel = h("span.attest-title");
  const attestBox = h("label.card.attest", { for: "f-attest" }, attestInput,
    h("div", attestLabel,
      h("div.attest-text", { text: "Amazon allows only a direct employee to register a business. An agency without Amazon's special status must ask its client to register; a selling partner already registered for Sponsored Ads cannot register a second account; a business may hold several accounts, up to a limit Amazon does not disclose." })));
  attestInput.addEventListener("change", () => { setDraft({ attested: attestInput.checked }); paint(); });

  function drawNotes() {
    const st = store.get();
    const kind = draft().kind;
    clear(notes,
      kind === "business" && st.user?.consumerEmail
        ? callout("warning", "warn", "Amazon rejects unprofessional email addresses",
          `You're signed in as ${st.user.email}. For a business registration, Amazon expects the login of an employee's work email; sign in with that login first, or the registration may be refused.`)
        : null,
      callout("info", "info", null, "This creates a sponsored ads account (Sponsored Products, Brands and Display). It does not create an Amazon DSP account."));
  }

  function drawForm() {
    clear(segSlot, segmented());
    clear(formSlot, form());
    attestLabel.textContent = ATTEST[draft().kind];
    drawNotes();
    paint();
  }

  async function submit() {
    if (submitting) return;
    submitted = true;
    paint();
    const errs = errors();
    const first = KINDS[draft().kind].fields.find((k) => errs[k]);
    if (first) return inputs[first]?.focus();
    if (!draft().attested) return attestInput.focus();
    submitting = true;
    submitBtn.disabled = true;
    submitBtn.querySelector("span").textContent = "Registering…";
    try {
      const d = draft();
      const t = store.get().terms;
      const terms = t?.termsToken ? { termsToken: t.termsToken, termsUrl: t.termsUrl } : null;
      const reg = await api.register({ kind: d.kind, ...trimmed(d.fields, d.kind) }, terms);
      store.set({ registration: reg, terms: null });
      ctx.refreshHistoryCount();
      ctx.go("registration");
    } catch (e) {
      if (e.fields && typeof e.fields === "object") {
        serverErrors = e.fields;
        paint();
        const f = Object.keys(e.fields).find((k) => inputs[k]);
        if (f) inputs[f].focus();
      }
      clear(submitError, callout("danger", "alert", "Amazon didn't accept the registration", e.message));
    } finally {
      submitting = false;
      submitBtn.disabled = false;
      submitBtn.querySelector("span").textContent = "Register account";
    }
  }

  const submitError = h("div");
  const submitBtn = button("Register account", { kind: "primary", id: "details-submit", onClick: submit });
  const actions = [
    button("Use saved details", { size: "sm", iconName: "bookmark", id: "details-saved", onClick: (e) => pickSaved(e.currentTarget) }),
    button("Import from file", { size: "sm", iconName: "fileIn", id: "details-import", onClick: () => importFile() }),
  ];
  const picker = h("div.picker", { hidden: true, role: "listbox", "aria-label": "Saved details" });

  function fill(details) {
    const kind = KINDS[details.kind] ? details.kind : "business";
    const fields = {};
    for (const k of KINDS[kind].fields) if (details[k] !== undefined && details[k] !== null) fields[k] = String(details[k]);
    store.set({ draft: { ...draft(), kind, fields } });
    touched.clear();
    for (const k of Object.keys(fields)) touched.add(k);
    serverErrors = {};
    drawForm();
  }

  function showPicker(items, anchor) {
    clear(picker, items.length ? items.map((it) => h("button.picker-item", {
      type: "button", role: "option",
      on: { click: () => { picker.hidden = true; fill(it.details || it); anchor?.focus(); } },
    }, h("span.picker-title", { text: it.label || it.details?.accountName || "Saved details" }),
    h("span.muted", { text: KINDS[(it.details || it).kind]?.short || "" }))) : h("div.picker-empty", { text: "No saved details yet. Details you register are saved here." }));
    picker.hidden = false;
    picker.querySelector("button")?.focus();
  }

  async function pickSaved(anchor) {
    if (!picker.hidden) { picker.hidden = true; return; }
    try {
      showPicker(await api.savedDetails(), anchor);
    } catch (e) {
      clear(submitError, callout("danger", "alert", "Couldn't load saved details", e.message));
    }
  }

  async function importFile() {
    try {
      const items = await api.importDetails();
      if (!items || !items.length) return;
      if (items.length === 1) fill(items[0]);
      else showPicker(items.map((d) => ({ label: d.accountName || d.name || d.sellerCentralAccount || d.vendorGroup || d.authorEmail, details: d })), null);
    } catch (e) {
      clear(submitError, callout("danger", "alert", "Couldn't import that file", e.message));
    }
  }
  picker.addEventListener("keydown", (e) => { if (e.key === "Escape") picker.hidden = true; });

  clear(root, h("div.screen", page({
    eyebrow: "Step 3 of 5",
    title: "Advertiser details",
    lead: "Amazon checks these against public records. Use the legal name and registered address exactly as on official documents.",
    actions: h("div.actions-wrap", actions, picker),
    body: h("div.stack", segSlot, formSlot, notes, attestBox, submitError),
    footer: footer({
      left: [button("Back", { iconName: "back", onClick: () => ctx.go("agreement") })],
      hint,
      right: [submitBtn],
    }),
  })));
  drawForm();
  return {
    update(st) {
      if (st.user !== s.user) { s = st; drawNotes(); }
    },
  };
}

function trimmed(fields, kind) {
  const out = {};
  for (const k of KINDS[kind].fields) {
    const v = (fields[k] || "").trim();
    if (v) out[k] = v;
  }
  if (kind === "business") out.countryCode = "US";
  return out;
}
