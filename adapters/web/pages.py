"""The standalone chat page and the widget's own files: no build step, no other origin."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, send_from_directory

from adapters.web.security import STATIC_MAX_AGE

STATIC = Path(__file__).resolve().parent / "static"

pages = Blueprint("pages", __name__, template_folder="templates")


@pages.get("/")
def chat_page() -> str:
    config = current_app.extensions["pathways.config"]
    privacy = current_app.extensions["pathways.usage"].privacy_note()
    return render_template(
        "chat.html", council=config.council, exit_url=config.exit_url, privacy=privacy
    )


@pages.get("/widget.js")
def widget_script() -> Response:
    return send_from_directory(
        STATIC, "widget.js", mimetype="text/javascript", max_age=STATIC_MAX_AGE
    )


@pages.get("/widget.css")
def widget_styles() -> Response:
    return send_from_directory(STATIC, "widget.css", mimetype="text/css", max_age=STATIC_MAX_AGE)


@pages.get("/favicon.ico")
def favicon() -> Response:
    """A small icon (SVG, which browsers accept at this address) instead of a 404."""
    return send_from_directory(
        STATIC, "favicon.svg", mimetype="image/svg+xml", max_age=STATIC_MAX_AGE
    )
