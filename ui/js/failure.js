// When the page cannot start (a command failed, a module threw), the window says so and
// offers to try again, instead of staying blank.
import { h, clear, button } from "./dom.js";
import { icon } from "./icons.js";
import { page, technical } from "./layout.js";
import { announce, focusTitle } from "./announce.js";

export function showStartupFailure(e) {
  const root = document.getElementById("view-wizard");
  for (const v of document.querySelectorAll(".view")) v.hidden = v !== root;
  const body = h(
    "div.stack",
    h("p", {
      text: e?.hint || "Try again. If it keeps failing, restart Ads Onboard; nothing you registered is lost.",
    }),
    technical(e?.message || String(e), e?.requestId),
  );
  clear(
    root,
    h(
      "div.screen",
      page({
        eyebrow: "Ads Onboard",
        title: e?.title || "Ads Onboard couldn't start",
        leading: h("span.icon-tile.lg.danger", icon("xCircle", 22)),
        body,
        footer: h(
          "footer.footer",
          h("div.footer-left"),
          h(
            "div.footer-right",
            button("Try again", { kind: "primary", id: "startup-retry", onClick: () => location.reload() }),
          ),
        ),
      }),
    ),
  );
  focusTitle(root.querySelector(".title"));
  announce("Ads Onboard couldn't start.");
}
