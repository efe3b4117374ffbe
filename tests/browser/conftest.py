"""Playwright against Debian's Chromium (no browser download here), with axe-core injected into each page.

Screenshots go to test-artifacts/screenshots/ (git-ignored) for people to look at."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.core.cache import cache

# Playwright's sync API runs an event loop in this thread; the ORM calls beside it are safe (one thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # bypass_csp: axe is injected as a script, which a strict Content Security Policy would block.
    return {**browser_context_args, "bypass_csp": True, "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(autouse=True)
def tasks_wait_for_a_worker():
    """As in production, what a page queues (a report's PDF, a letter's email) waits for a worker: the pages show
    it waiting, and the tests run the task themselves when the story needs it (tests/conftest.py runs queued tasks
    in-process everywhere else)."""
    from config.celery import app

    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


@pytest.fixture
def site(live_server, committed_reference_data):
    # Rate-limit counts live in the database cache table, which the flush between live-server tests keeps.
    cache.clear()
    return live_server.url


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["html"] for n in v["nodes"][:3]]}
        for v in result["violations"]
    ]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=2)


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


# Collects every violation the browser reports, from before the page's own scripts run.
LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} ` +
    `at ${event.sourceFile || ''}:${event.lineNumber || ''} ${event.sample || ''}`);
});
"""


@pytest.fixture
def strict_page(browser, site):
    context = browser.new_context(bypass_csp=False, viewport={"width": 1280, "height": 900})
    context.add_init_script(LISTEN)
    page = context.new_page()
    console = []
    page.on(
        "console",
        lambda message: console.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.console_csp = console
    yield page
    context.close()


def visit(page, url: str) -> list[str]:
    page.console_csp.clear()
    response = page.goto(url)
    assert response.status < 400, url
    page.wait_for_load_state("networkidle")
    # GOV.UK Frontend's start-up (static/js/init.js) ran: the policy did not stop our own script.
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')"), url
    return csp_violations(page)


def csp_violations(page) -> list[str]:
    """What the policy blocked since the page (`strict_page`) loaded, as the page and the console reported it."""
    return page.evaluate("window.__cspViolations") + page.console_csp
