// Registration DISABLED: Amazon's reasons quoted verbatim, and what the user can do next.
import { api } from "../api.js";
import { h, button, externalButton, rawPill, fmtTime, fmtDate } from "../dom.js";
import { icon } from "../icons.js";
import { page, footer, disclosure, copyInline } from "../layout.js";
import { toast } from "../toast.js";

export const MANUAL_REVIEW_URL = "https://advertising.amazon.com/contact-sales/sponsored-display-beta";

function technical(reg) {
  const lines = [
    `Account ID: ${reg.accountId || "—"}`,
    `Status: ${reg.status}`,
    ...(reg.errors || []).map(
      (e) =>
        `${e.countryCode || "—"}: ${e.errorCode || "—"}${e.errorId !== undefined && e.errorId !== null ? ` (${e.errorId})` : ""} ${e.errorMessage || ""}`,
    ),
    ...(reg.events || []).map((e) => `${e.at} ${e.status}${e.message ? ` ${e.message}` : ""}`),
  ];
  return lines.join("\n");
}

function reasonCard(reg) {
  const errors = reg.errors && reg.errors.length ? reg.errors : [{ errorMessage: "Amazon gave no reason." }];
  const disabledAt = (reg.events || []).find((e) => e.status === "DISABLED")?.at || reg.updatedAt;
  const quote = (e) =>
    h(
      "blockquote.reason-quote",
      { dataset: { testid: "reason" } },
      `“${e.errorMessage || e.errorCode || "No reason given"}”`,
      e.countryCode ? h("span.chip.mono", { text: e.countryCode }) : null,
    );
  return h(
    "section.card.reason",
    { "aria-labelledby": "reason-head" },
    h("div.reason-head#reason-head", icon("alert", 16), h("span", { text: "Reason from Amazon" })),
    h(
      "div.reason-body",
      errors.map(quote),
      h(
        "div.reason-meta",
        h("span", { text: `Status changed from PENDING to DISABLED at ${fmtTime(disabledAt)} · Account ID ` }),
        copyInline(reg.accountId, "account ID"),
      ),
    ),
  );
}

function todoRow(iconName, title, text, ...more) {
  return h(
    "div.todo-row",
    h("span.icon-tile", icon(iconName, 16)),
    h("div", h("div.todo-title", { text: title }), h("div.todo-text", { text }), ...more),
  );
}

function todo() {
  const open = () => api.openUrl(MANUAL_REVIEW_URL).catch((e) => toast(e.message, "danger"));
  return h(
    "section.card.todo",
    todoRow(
      "pencil",
      "Check the details and try again",
      "Most refusals come from a legal name or address that doesn't match official records, an unprofessional email address, or a registrant who isn't an employee of the business. Use the name on the business registration, not a brand name.",
    ),
    todoRow(
      "user",
      "Ask Amazon for a manual review",
      "If the details are correct, Amazon can review the business by hand. An account approved this way appears in History, linked to this registration.",
      h(
        "div.todo-link",
        externalButton("Open manual review form", open, { size: "sm", id: "manual-review" }),
        h("span.mono.muted.ellipsis", { text: MANUAL_REVIEW_URL }),
      ),
    ),
  );
}

function submitted(reg) {
  const date = fmtDate(reg.submittedAt);
  const when = date.toLowerCase().startsWith("today") ? `today at ${fmtTime(reg.submittedAt)}` : date;
  return `${reg.accountName || "The registration"} · submitted ${when}`;
}

export function rejected(reg, app) {
  const copy = () => api.copyText(technical(reg)).then(() => toast("Error details copied"));
  const retry = () => app.go("details");
  return h(
    "div.screen",
    page({
      eyebrow: "Step 4 of 5 · Registration",
      title: "Amazon didn't approve this account",
      leading: h("span.icon-tile.lg.danger", icon("xCircle", 22)),
      lead: h("p.lead", { text: submitted(reg) }),
      actions: rawPill("DISABLED"),
      body: h(
        "div.stack",
        reasonCard(reg),
        h("h2.section-title", { text: "What you can do" }),
        todo(),
        disclosure("Technical details", "Error codes, status history", h("pre.tech", { text: technical(reg) })),
      ),
      footer: footer({
        left: [button("Copy error details", { iconName: "copy", onClick: copy })],
        right: [
          button("Edit details and try again", {
            kind: "primary",
            iconName: "pencil",
            id: "edit-retry",
            onClick: retry,
          }),
        ],
      }),
    }),
  );
}
