"""Fixtures for the web adapter: an app and test client over the shipped knowledge, and for
browser tests a real server on loopback, an "intranet" host page on another loopback origin
that embeds the widget with its script tag, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, request
from flask.testing import FlaskClient
from markupsafe import escape
from werkzeug.serving import BaseWSGIServer, make_server

from adapters.web import create_app
from bot import Assistant

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; `make test` installs it when missing
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 360, "height": 740}


def free_port() -> int:
    """A loopback port nothing listens on (for a server to start on, or to fail to reach)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture()
def make_app(assistant: Assistant, chat_env: pytest.MonkeyPatch) -> Callable[..., Flask]:
    """create_app with test overrides, sharing the session's already-loaded assistant; Slack
    and Teams settings from the developer's shell are cleared, so only the web routes exist."""

    def make(**config: Any) -> Flask:
        app = create_app(config, assistant=assistant)
        app.testing = True
        return app

    return make


@pytest.fixture()
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


class Live:
    """A WSGI app served on 127.0.0.1 from a thread, until `stop`."""

    def __init__(self, app: Flask) -> None:
        self.server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)
        self.server.server_close()


def intranet_app() -> Flask:
    """The page a council intranet would have: some content and the one-line embed."""
    host = Flask("intranet")

    @host.get("/")
    @host.get("/news")
    @host.get("/landmarks")
    def page() -> str:
        widget = escape(host.config["WIDGET_URL"])
        accent = request.args.get("accent")
        theme = f'data-accent="{escape(accent)}" ' if accent else ""
        content = "<h1>Council intranet</h1><p>Staff news and policies.</p>"
        if request.path == "/landmarks":  # a page with a banner and footer of its own
            content = (
                f"<header><p>Council intranet home</p></header><main>{content}</main>"
                "<footer><p>Council intranet, staff only</p></footer>"
            )
        return (
            '<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Council intranet</title></head><body>{content}"
            f'<script src="{widget}" data-council="chorley" data-role="member" '
            f'{theme}data-exit-url="{escape(host.config["EXIT_URL"])}" defer></script>'
            "</body></html>"
        )

    @host.get("/neutral")
    def neutral() -> str:
        return "<!doctype html><title>Weather</title><h1>Weather forecast</h1>"

    return host


@pytest.fixture(scope="session")
def servers(assistant: Assistant) -> Iterator[tuple[Live, Live]]:
    """(pathways, intranet): two loopback origins, the first allowing the second."""
    host_app = intranet_app()
    intranet = Live(host_app)
    app = create_app(
        {
            "ALLOWED_ORIGINS": intranet.url,
            "RATE_LIMIT": "1000 per minute",
            "EXIT_URL": f"{intranet.url}/neutral",  # the chat page's quick exit stays on loopback
        },
        assistant=assistant,
    )
    pathways = Live(app)
    host_app.config.update(
        WIDGET_URL=f"{pathways.url}/widget.js", EXIT_URL=f"{intranet.url}/neutral"
    )
    yield pathways, intranet
    pathways.stop()
    intranet.stop()


@pytest.fixture()
def intranet(servers: tuple[Live, Live]) -> Live:
    """The intranet site with the widget embedded."""
    return servers[1]


@pytest.fixture()
def pathways(servers: tuple[Live, Live]) -> Live:
    """Pathways' own service (the chat page, the API)."""
    return servers[0]


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    """One Playwright driver for the session (two cannot run in one process)."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: `make test` installs Debian's chromium"
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Any) -> Iterator[Any]:
    """Chromium as people have it: with the back/forward cache that Playwright turns off, so
    every browser test runs with it on."""
    chromium = playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        ignore_default_args=["--disable-back-forward-cache"],
    )
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def bfcache_browser(browser: Any) -> Any:
    """The same browser, named where a test is about the back/forward cache."""
    return browser


@contextmanager
def new_tab(browser: Any, viewport: dict[str, int], **options: Any) -> Iterator[Any]:
    """A fresh tab (own sessionStorage) that fails the test on any script error."""
    context = browser.new_context(viewport=viewport, **options)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield tab
    finally:
        context.close()
    assert not errors, f"script errors on the page: {errors}"


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    with new_tab(browser, DESKTOP) as tab:
        yield tab
