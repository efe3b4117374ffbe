// Starts GOV.UK Frontend's components. Loaded as a module from a file (no inline scripts: a strict Content
// Security Policy is planned); browsers too old for modules get the plain HTML pages, which work without it.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
