// allauth's WebAuthn script (mfa/js/webauthn.js) raises "allauth.error" when the browser's request for a security
// key fails: the person cancelled, the key timed out, or it is not one added here. Say so on the page, in the
// GOV.UK error summary, rather than only in the browser's console.
document.addEventListener("allauth.error", (event) => {
  event.preventDefault();
  const summary = document.getElementById("security-key-problem");
  summary.hidden = false;
  summary.focus();
});
