"""`/admin`: the usage report and a month-by-month chart for the safeguarding lead.

Served only when an admin credential is configured: a bearer token (PATHWAYS_ADMIN_TOKEN,
compared in constant time) or a header that an authenticating reverse proxy sets for a
signed-in user (PATHWAYS_ADMIN_USER_HEADER; e.g. oauth2-proxy in front, with Entra ID).
Anyone else gets 401. The page runs no script and loads nothing from another origin."""

from __future__ import annotations

import datetime as dt
import hmac
import logging

from flask import Blueprint, Flask, Response, current_app, render_template, request

from adapters.web.chart import month_chart
from adapters.web.config import WebConfig
from adapters.web.errors import ApiError, error_response
from bot import messages
from curator.report import report
from curator.store import Store

log = logging.getLogger(__name__)

admin = Blueprint("admin", __name__, template_folder="templates")


def register_admin(app: Flask, config: WebConfig) -> bool:
    """Serve /admin only with a credential configured; without one it is a plain 404."""
    if not (config.admin_token or config.admin_user_header):
        return False
    app.extensions["pathways.admin_store"] = Store(config.store_settings().database_url)
    app.register_blueprint(admin)
    return True


def _admitted(config: WebConfig) -> bool:
    if config.admin_token:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        given = token.strip().encode()
        if scheme.lower() == "bearer" and hmac.compare_digest(given, config.admin_token.encode()):
            return True
    header = config.admin_user_header
    return bool(header and request.headers.get(header, "").strip())


@admin.before_request
def authenticate() -> Response | None:
    if _admitted(current_app.extensions["pathways.config"]):
        return None
    refused = error_response(401, "unauthorized", messages.API_ERRORS["admin_unauthorized"])
    refused.headers["WWW-Authenticate"] = 'Bearer realm="pathways-admin"'
    return refused


@admin.after_request
def private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@admin.get("/admin")
def page() -> str | Response:
    since = _since(request.args.get("since", "").strip())
    council = request.args.get("council", "").strip() or None
    try:
        figures = report(current_app.extensions["pathways.admin_store"], since, council)
    except Exception:  # the database is down: say so, never a traceback
        log.exception("admin: the store could not be read")
        return error_response(503, "store_unavailable", messages.API_ERRORS["store_unavailable"])
    return render_template(
        "admin.html",
        figures=figures,
        chart=month_chart(figures["by_month"]),
        since=since,
        council=council,
        privacy=current_app.extensions["pathways.usage"].privacy_note(),
    )


def _since(text: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ApiError(400, "invalid_since") from None
