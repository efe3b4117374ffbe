// Starts GOV.UK Frontend's components. Loaded as a module from a file (no inline scripts: a strict Content
// Security Policy is planned); browsers too old for modules get the plain HTML pages, which work without it.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// The case header stays on top (app.css): html's scroll-padding follows its height, so a focused element or a
// link's target is never scrolled under it (WCAG 2.2 2.4.11). Without this script the stylesheet's guess applies.
const caseHeader = document.getElementById("case-header");
if (caseHeader) {
  const fit = () =>
    document.documentElement.style.setProperty("--case-header-height", `${caseHeader.offsetHeight + 10}px`);
  fit();
  new ResizeObserver(fit).observe(caseHeader);
}
