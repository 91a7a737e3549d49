// Runs before the stylesheets are applied (a classic script at the top of <head>), so the
// first layout already uses the right font stack. On Linux each family of the design's
// stack that is not installed (SF, Segoe, Inter, ...) is a fontconfig miss, ~15 ms apiece
// on the first layout; `sans-serif` there is already the desktop's own font.
if (/Linux|X11|BSD/.test(navigator.platform || "")) document.documentElement.dataset.platform = "linux";
