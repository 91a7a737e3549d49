// The page's style as it was written by hand: 2 spaces, double quotes, semicolons,
// lines up to 120 columns (the DOM-building calls read better wide).
export default {
  printWidth: 120,
  tabWidth: 2,
  singleQuote: false,
  semi: true,
  trailingComma: "all",
  arrowParens: "always",
};
