/* Starts ReDoc on the API reference page. A file, not an inline script, for the CSP;
   the nonce of this script tag is handed to ReDoc for the style elements it creates. */
"use strict";
(function () {
  const container = document.getElementById("redoc-container");
  const nonce = document.currentScript ? document.currentScript.nonce : undefined;
  Redoc.init(container.dataset.specUrl, { nonce: nonce }, container);
})();
