// Line icons on a 24px grid, drawn with the current text color.
const NS = "http://www.w3.org/2000/svg";

const PATHS = {
  external: ["M14 4h6v6", "M20 4l-9 9", "M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5"],
  copy: ["M9 9h10v11H9z", "M5 15V4h10"],
  check: ["M5 12.5l4.5 4.5L19 7.5"],
  x: ["M7 7l10 10", "M17 7L7 17"],
  chevron: ["M9 6l6 6-6 6"],
  chevronDown: ["M6 9l6 6 6-6"],
  back: ["M19 12H5", "M11 6l-6 6 6 6"],
  plus: ["M12 5v14", "M5 12h14"],
  refresh: ["M19 12a7 7 0 1 1-2.05-4.95", "M19 4v4h-4"],
  download: ["M12 4v11", "M7 10l5 5 5-5", "M5 20h14"],
  upload: ["M12 16V5", "M7 10l5-5 5 5", "M5 20h14"],
  mail: ["M4 6h16v12H4z", "M4 7l8 6 8-6"],
  shield: ["M12 3l7 3v6c0 4.5-3 7.5-7 9-4-1.5-7-4.5-7-9V6z", "M9 12l2 2 4-4"],
  building: ["M6 21V4h12v17", "M10 8h1M13 8h1M10 12h1M13 12h1", "M10 21v-4h4v4"],
  store: ["M4 9l1.5-5h13L20 9", "M4 9h16v2a3 3 0 0 1-6 0 3 3 0 0 1-4 0 3 3 0 0 1-6 0z", "M5 13v7h14v-7"],
  box: ["M12 3l8 4.5v9L12 21l-8-4.5v-9z", "M4 7.5l8 4.5 8-4.5", "M12 12v9"],
  book: ["M5 4h11a2 2 0 0 1 2 2v14H7a2 2 0 0 1-2-2z", "M5 18a2 2 0 0 1 2-2h11"],
  clock: ["M12 3.5a8.5 8.5 0 1 0 0 17 8.5 8.5 0 0 0 0-17z", "M12 7.5V12l3 2"],
  doc: ["M6 3h8l4 4v14H6z", "M14 3v4h4", "M9 12h6M9 16h6"],
  bookmark: ["M7 4h10v16l-5-4-5 4z"],
  fileIn: ["M6 3h8l4 4v14H6z", "M14 3v4h4", "M12 11v6", "M9.5 14.5L12 17l2.5-2.5"],
  info: ["M12 3.5a8.5 8.5 0 1 0 0 17 8.5 8.5 0 0 0 0-17z", "M12 11v5", "M12 8h.01"],
  alert: ["M12 3.5a8.5 8.5 0 1 0 0 17 8.5 8.5 0 0 0 0-17z", "M12 7.5v5.5", "M12 16.2h.01"],
  warn: ["M12 4l9 16H3z", "M12 10v4", "M12 17h.01"],
  xCircle: ["M12 3.5a8.5 8.5 0 1 0 0 17 8.5 8.5 0 0 0 0-17z", "M9 9l6 6M15 9l-6 6"],
  checkCircle: ["M12 3.5a8.5 8.5 0 1 0 0 17 8.5 8.5 0 0 0 0-17z", "M8.5 12.2l2.5 2.5 4.5-5"],
  card: ["M3.5 6h17v12h-17z", "M3.5 10h17", "M7 14.5h4"],
  pencil: ["M4 20l1-4L16 5l3 3L8 19z", "M14 7l3 3"],
  user: ["M12 5.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7z", "M5.5 19c1.2-3 3.6-4.5 6.5-4.5s5.3 1.5 6.5 4.5"],
  search: ["M11 4.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13z", "M16 16l4 4"],
  globe: [
    "M12 3.5a8.5 8.5 0 1 0 0 17 8.5 8.5 0 0 0 0-17z",
    "M3.5 12h17",
    "M12 3.5c2.5 2.5 3.5 5.5 3.5 8.5s-1 6-3.5 8.5c-2.5-2.5-3.5-5.5-3.5-8.5s1-6 3.5-8.5z",
  ],
  lock: ["M6.5 11h11v9h-11z", "M9 11V8a3 3 0 0 1 6 0v3"],
  flask: ["M9 3h6", "M10 3v6l-5 9a2 2 0 0 0 1.8 3h10.4a2 2 0 0 0 1.8-3l-5-9V3"],
  folder: ["M3.5 6.5h6l2 2h9v10h-17z"],
  key: ["M8 11a4 4 0 1 0 0 8 4 4 0 0 0 0-8z", "M11 13l8-8", "M16 8l2 2"],
};

export function icon(name, size = 16) {
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", size);
  svg.setAttribute("height", size);
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", `icon icon-${name}`);
  for (const d of PATHS[name] || []) {
    const p = document.createElementNS(NS, "path");
    p.setAttribute("d", d);
    svg.append(p);
  }
  return svg;
}
