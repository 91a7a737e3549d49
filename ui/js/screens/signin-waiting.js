// Step 1, while the browser is out: the sign-in link to paste elsewhere, and common fixes.
import { h, button, externalButton, spinner, fmtTime } from "../dom.js";
import { page, footer, copyField, disclosure, fix, openLink } from "../layout.js";
import { cancelSignIn } from "../progress.js";
import { regionName } from "./regions.js";

function hostPort(uri) {
  try {
    return new URL(uri).host;
  } catch {
    return uri || "";
  }
}

function fixes(si, sandbox) {
  return [
    fix("The browser didn't open", "Copy the sign-in link above and paste it into the browser you use for work."),
    sandbox
      ? null
      : fix(
          "Amazon shows “The redirect URI you provided has not been whitelisted”",
          [
            "Your Login with Amazon security profile doesn't list this app yet. In the LwA console, open ",
            h("strong", { text: "Web Settings → Allowed Return URLs" }),
            " and add exactly:",
          ],
          copyField(si.redirectUri || "", { what: "redirect URI" }),
        ),
    fix(
      "You're signed in as someone else",
      "Sign out of Amazon in that browser, or paste the link above into a private window.",
    ),
  ];
}

function waitCard(si) {
  const problemSlot = h("div.slot");
  return h(
    "div.card.wait-card",
    h(
      "div.wait-head",
      spinner(20),
      h(
        "div.wait-text",
        h("div.wait-title", { text: "Waiting for you to sign in…" }),
        h("div.muted", { text: `${regionName(si.region)} · started ${fmtTime(si.startedAt)}` }),
      ),
      externalButton("Open again", () => openLink(si.url, problemSlot), { iconName: null }),
    ),
    h(
      "div.field-label",
      h("span", { text: "Sign-in link" }),
      h("span.muted", { text: " — paste into any browser if nothing opened" }),
    ),
    copyField(si.url || "", { what: "sign-in link", testid: "signin-url" }),
    problemSlot,
  );
}

function listening(si, sandbox) {
  return h(
    "span.live",
    h("span.live-dot", { "aria-hidden": "true" }),
    h("span", { text: `Listening for ${sandbox ? "the sandbox" : "Amazon"} on ` }),
    h("span.mono", { text: hostPort(si.redirectUri) }),
  );
}

export function waiting(s) {
  const si = s.signin;
  const sandbox = s.info?.sandbox;
  const body = h("div.stack", waitCard(si), disclosure("Nothing happening?", "Common fixes", fixes(si, sandbox)));
  return h(
    "div.screen",
    page({
      eyebrow: "Step 1 of 5",
      title: "Continue in your browser",
      lead: `We opened ${sandbox ? "the sandbox's" : "Amazon's"} sign-in page in your default browser. Sign in with your work account and allow access for Ads Onboard — this window moves on by itself.`,
      body,
      footer: footer({
        left: [button("Cancel", { id: "signin-cancel", onClick: cancelSignIn })],
        right: [listening(si, sandbox)],
      }),
    }),
  );
}
