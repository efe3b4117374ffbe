// Polls a PDF render's status while the page is open and shows its progress (reporting/_render_row.html).
// A static file, not an inline script, so a strict Content Security Policy allows it.
const POLL_MS = 1500;

function show(row, state) {
  for (const [name, value] of Object.entries(state)) {
    const field = row.querySelector(`[data-render-field="${name}"]`);
    if (field) field.textContent = value;
  }
  const tag = row.querySelector('[data-render-field="status_label"]');
  tag.classList.toggle("govuk-tag--green", state.status === "done");
  tag.classList.toggle("govuk-tag--red", state.status === "failed");
  tag.classList.toggle("govuk-tag--blue", !state.finished);
  row.querySelector("[data-render-download]").hidden = state.status !== "done";
}

async function poll(row) {
  try {
    const response = await fetch(row.dataset.renderStatusUrl, { headers: { Accept: "application/json" } });
    if (response.ok) {
      const state = await response.json();
      show(row, state);
      if (state.finished) return;
    }
  } catch {
    // A dropped connection: try again at the next tick.
  }
  setTimeout(() => poll(row), POLL_MS);
}

for (const row of document.querySelectorAll("[data-render-status-url]")) {
  poll(row);
}
