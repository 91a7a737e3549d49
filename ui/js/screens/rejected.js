// Registration DISABLED: Amazon's reasons quoted verbatim, and what the user can do next.
import { h, button, externalButton, rawPill, fmtTime, fmtDate } from "../dom.js";
import { icon } from "../icons.js";
import { page, footer, disclosure, copyInline, copyButton, openLink } from "../layout.js";

export function technical(reg) {
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

/**
 * When and how Amazon refused, as the timeline core gives says: in its answer to the
 * registration itself, or after the account was pending verification for a while.
 */
export function refusedWhen(reg) {
  const events = reg.events || [];
  const refused = events.find((e) => e.status === "DISABLED");
  if (!refused) return "Refused by Amazon";
  const pending = events.find((e) => e.status === "PENDING");
  if (pending) return `Pending verification from ${fmtTime(pending.at)}, refused at ${fmtTime(refused.at)}`;
  if (refused.kind === "registered") return `Refused in Amazon's answer to the registration, at ${fmtTime(refused.at)}`;
  return `Refused at ${fmtTime(refused.at)}`;
}

function reasonCard(reg) {
  const errors = reg.errors && reg.errors.length ? reg.errors : [{ errorMessage: "Amazon gave no reason." }];
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
        h("span", { dataset: { testid: "refused-when" }, text: `${refusedWhen(reg)} · Account ID ` }),
        copyInline(reg.accountId, "account ID"),
      ),
    ),
  );
}

export function todoRow(iconName, title, text, ...more) {
  return h(
    "div.todo-row",
    h("span.icon-tile", icon(iconName, 16)),
    h("div", h("div.todo-title", { text: title }), h("div.todo-text", { text }), ...more),
  );
}

/** Amazon's manual review, at the address core gives for a refusal. */
export function manualReview(url, text) {
  const slot = h("div.slot");
  return todoRow(
    "user",
    "Ask Amazon for a manual review",
    text,
    url
      ? h(
          "div.todo-link",
          externalButton("Open manual review form", () => openLink(url, slot), { size: "sm", id: "manual-review" }),
          h("span.mono.muted.ellipsis", { text: url }),
        )
      : null,
    slot,
  );
}

function todo(reg) {
  return h(
    "section.card.todo",
    todoRow(
      "pencil",
      "Check the details and try again",
      "Most refusals come from a legal name or address that doesn't match official records, a personal email address, or a registrant who isn't an employee of the business. Use the name on the business registration, not a brand name.",
    ),
    manualReview(
      reg.manualReviewUrl,
      "If the details are correct, Amazon can review the business by hand. An account approved this way appears in History, linked to this registration.",
    ),
  );
}

function submitted(reg) {
  const date = fmtDate(reg.submittedAt);
  const when = date.toLowerCase().startsWith("today") ? `today at ${fmtTime(reg.submittedAt)}` : date;
  return `${reg.accountName || "The registration"} · submitted ${when}`;
}

export function rejected(reg, app) {
  const retry = () => app.editDetails(reg);
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
        todo(reg),
        disclosure("Technical details", "Error codes, status history", h("pre.tech", { text: technical(reg) })),
      ),
      footer: footer({
        left: [copyButton("Copy error details", () => technical(reg), "error details", { id: "copy-error" })],
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
