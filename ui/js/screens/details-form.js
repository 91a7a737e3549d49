// The details form's state: what the user touched, core's messages for what they typed
// (asked on every change: details_check costs well under a millisecond), and the
// registration's own refusals per field.
import { api } from "../api.js";
import * as store from "../store.js";
import { h, clear } from "../dom.js";
import { icon } from "../icons.js";
import { KINDS, optionalInputs } from "../kinds.js";
import { field, layout } from "./details-fields.js";

const draft = () => store.get().draft;
const setDraft = (patch) => store.set({ draft: { ...draft(), ...patch } });

/** The details as core reads them: trimmed, empty inputs left out; a business's country is core's. */
export function uiDetails(d) {
  const out = { kind: d.kind };
  for (const k of KINDS[d.kind].fields) {
    const v = (d.fields[k] || "").trim();
    if (v) out[k] = v;
  }
  return out;
}

function plural(n) {
  return `${n} field${n === 1 ? "" : "s"} need${n === 1 ? "s" : ""} attention`;
}

/** The form; `afterPaint(submitted)` marks what lies outside the inputs (the attestation). */
export class DetailsForm {
  constructor(afterPaint) {
    this.afterPaint = afterPaint;
    this.el = h("div");
    this.hint = h("span.footer-hint-inner", { role: "status" });
    this.touched = new Set();
    this.submitted = false;
    this.core = {};
    this.refused = {};
    this.asked = 0;
    this.pending = null;
    this.inputs = {};
    this.messages = {};
  }

  errors() {
    return { ...this.core, ...this.refused };
  }

  /** Errors with an input on this form, in the form's order. */
  shownKeys() {
    const errs = this.errors();
    return KINDS[draft().kind].fields.filter((k) => errs[k]);
  }

  paint() {
    const errs = this.errors();
    for (const [key, input] of Object.entries(this.inputs)) {
      const show = (this.touched.has(key) || this.submitted) && errs[key];
      input.closest(".field").classList.toggle("invalid", Boolean(show));
      input.setAttribute("aria-invalid", String(Boolean(show)));
      this.messages[key].textContent = show ? errs[key] : "";
    }
    const keys = this.shownKeys();
    const n = this.submitted
      ? keys.length + (draft().attested ? 0 : 1)
      : keys.filter((k) => this.touched.has(k)).length;
    clear(this.hint, n ? [icon("alert", 14), h("span", { text: plural(n) })] : []);
    this.hint.classList.toggle("bad", n > 0);
    this.afterPaint(this.submitted);
  }

  /** Asks core about the whole form; an answer overtaken by a later question is dropped. */
  check() {
    const mine = ++this.asked;
    const done = () => mine === this.asked && (this.pending = null);
    this.pending = api
      .checkDetails(uiDetails(draft()))
      .then((found) => mine === this.asked && ((this.core = found), done(), this.paint()), done);
    return this.pending;
  }

  onInput(key, input) {
    // Until core answers, the field being typed in shows no stale message.
    delete this.core[key];
    delete this.refused[key];
    setDraft({ fields: { ...draft().fields, [key]: input.value } });
    this.check();
  }

  make(key, span) {
    const optional = optionalInputs(store.get().info, draft().kind).has(key);
    const on = {
      input: (e) => this.onInput(key, e.target),
      blur: () => (this.touched.add(key), this.paint()),
    };
    const states = store.get().info?.details?.usStates || [];
    const made = field(key, { span, value: draft().fields[key], optional, on, states, kind: draft().kind });
    this.inputs[key] = made.input;
    this.messages[key] = made.message;
    return made.el;
  }

  draw() {
    this.inputs = {};
    this.messages = {};
    clear(
      this.el,
      layout(draft().kind, (key, span) => this.make(key, span)),
    );
    this.paint();
    this.check();
  }

  /** Forgets what the user touched: a new kind, or details filled in from elsewhere. */
  reset(touched = []) {
    this.touched = new Set(touched);
    this.submitted = false;
    this.refused = {};
  }

  /** After submit: shows every message, and gives the field to fix first (null when none). */
  async submit() {
    this.submitted = true;
    if (this.pending) await this.pending;
    this.paint();
    return this.inputs[this.shownKeys()[0]] || null;
  }

  /**
   * Messages about fields without an input here, for a callout: core's own (none expected;
   * they block a submit) and, unless `onlyCore`, Amazon's refusals of the registration being
   * fixed (the agreement, say), which do not block: the wizard has already dealt with them.
   */
  elsewhere(onlyCore = false) {
    const errs = onlyCore ? this.core : this.errors();
    return Object.entries(errs).filter(([k]) => !KINDS[draft().kind].fields.includes(k));
  }

  /** The registration's own refusals per field, shown at once; gives the first field to fix, in the form's order. */
  refuse(fields) {
    this.refused = { ...fields };
    for (const k of Object.keys(fields)) this.touched.add(k);
    this.paint();
    const first = KINDS[draft().kind].fields.find((k) => fields[k] && this.inputs[k]);
    return first ? this.inputs[first] : null;
  }
}
