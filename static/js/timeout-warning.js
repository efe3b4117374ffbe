// The idle timeout's warning, after the GOV.UK timeout-warning pattern: a modal dialog some minutes before the
// session ends, which "Stay signed in" or Escape answers by asking the server to push the end on. When time runs
// out the person is signed out and brought back to this page after signing in again. The countdown is visible
// every second but announced only as each minute passes (and at 30 seconds), so a screen reader is not
// interrupted all the time. Other scripts that reach the server (drafts.js) say so with a "session-extended" event.
const root = document.getElementById("timeout-warning");

if (root && typeof root.showModal === "function") {
  const dialog = root;
  const visible = document.getElementById("timeout-warning-countdown");
  const announced = document.getElementById("timeout-warning-announce");
  const stay = document.getElementById("timeout-warning-stay");
  const signOutForm = document.getElementById("timeout-warning-sign-out");
  const warnSeconds = Number(dialog.dataset.warnSeconds);
  const csrf = signOutForm.querySelector("input[name=csrfmiddlewaretoken]").value;
  let endsAt = Date.now() + Number(dialog.dataset.secondsLeft) * 1000;
  let lastAnnounced = null;
  let returnFocusTo = null;

  const words = (seconds) => {
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60);
      return `${minutes} minute${minutes === 1 ? "" : "s"}`;
    }
    return `${seconds} second${seconds === 1 ? "" : "s"}`;
  };

  const extendedFor = (seconds) => {
    endsAt = Math.max(endsAt, Date.now() + seconds * 1000);
    if (dialog.open) {
      dialog.close();
    }
  };

  const staySignedIn = async () => {
    const response = await fetch(dialog.dataset.keepAliveUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrf, Accept: "application/json" },
      credentials: "same-origin",
      redirect: "manual",
    });
    if (response.ok) {
      extendedFor((await response.json()).seconds_left);
    } else {
      // The session had already ended: the sign-in page, then back here.
      window.location.reload();
    }
  };

  stay.addEventListener("click", (event) => {
    event.preventDefault();
    staySignedIn();
  });
  // Escape closes a modal dialog: here it means "stay signed in", as the pattern has it.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    staySignedIn();
  });
  dialog.addEventListener("close", () => {
    lastAnnounced = null;
    if (returnFocusTo) {
      returnFocusTo.focus();
    }
  });
  document.addEventListener("session-extended", (event) => extendedFor(event.detail.secondsLeft));
  // A queue or search refreshed in place (htmx) reached the server too.
  document.body.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.successful) {
      extendedFor(Number(dialog.dataset.afterRequestSeconds));
    }
  });

  const tick = () => {
    const left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    if (left === 0) {
      signOutForm.submit();
      return;
    }
    if (left <= warnSeconds) {
      if (!dialog.open) {
        returnFocusTo = document.activeElement;
        dialog.showModal();
        dialog.querySelector("h2").focus();
      }
      visible.textContent = words(left);
      const phrase = left > 60 ? words(left) : left > 30 ? "less than a minute" : "less than 30 seconds";
      if (phrase !== lastAnnounced) {
        lastAnnounced = phrase;
        announced.textContent = `For your security, we will sign you out in ${phrase}.`;
      }
    }
    window.setTimeout(tick, 1000);
  };
  window.setTimeout(tick, 1000);
}
