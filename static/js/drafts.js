// Keeps a draft of every long text box of a case's form on the server while it is typed in (a second and a half
// after the typing stops), so that an idle timeout, a closed tab or a crash loses nothing: the form restores it
// when opened again. Without JavaScript the form works as before, without drafts.
const form = document.querySelector("form[data-drafts-url]");

if (form) {
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const status = document.createElement("p");
  status.className = "govuk-body-s app-draft-status";
  status.id = "draft-status";
  form.prepend(status);
  const timers = new Map();

  const save = async (box) => {
    const body = new FormData();
    body.append("field", box.name);
    body.append("text", box.value);
    try {
      const response = await fetch(form.dataset.draftsUrl, {
        method: "POST",
        body,
        headers: { "X-CSRFToken": csrf, Accept: "application/json" },
        credentials: "same-origin",
        redirect: "manual",
      });
      if (!response.ok) {
        status.textContent = "Your draft could not be saved. Copy your text somewhere safe before you send the form.";
        return;
      }
      const answer = await response.json();
      status.textContent = answer.saved_at ? `Draft saved at ${answer.saved_at}.` : "";
      document.dispatchEvent(
        new CustomEvent("session-extended", { detail: { secondsLeft: answer.session_seconds_left } }),
      );
    } catch {
      status.textContent = "Your draft could not be saved. Copy your text somewhere safe before you send the form.";
    }
  };

  form.addEventListener("input", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLTextAreaElement)) {
      return;
    }
    window.clearTimeout(timers.get(box));
    timers.set(
      box,
      window.setTimeout(() => save(box), 1500),
    );
  });
}
