// Loaded as a classic (non-module) script at the very start of <body>, so the classes are on
// <body> before anything paints: GOV.UK Frontend styles JavaScript-enhanced components only
// when `govuk-frontend-supported` is present. It is an external file, not inline, so the
// Content-Security-Policy needs no 'unsafe-inline'.
document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
