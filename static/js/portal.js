// The portal's only module script: start GOV.UK Frontend's components (service navigation
// menu, error summary focus, notification banners, buttons...). Every page works without it.
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();
