"""`/healthz` for load balancers and monitoring: up, and which knowledge it is serving."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify

from adapters.web.api import assistant
from adapters.web.ratelimit import EXTENSION as LIMIT

health = Blueprint("health", __name__)


@health.get("/healthz")
def healthz() -> Response:
    return jsonify(
        status="ok",
        knowledge_version=assistant().version,
        topics=assistant().topic_count,  # as `pathways check` counts them
        councils=assistant().councils,
        # "degraded": the counters cannot be reached, so questions are answered unlimited
        rate_limit="degraded" if current_app.extensions[LIMIT].degraded else "ok",
    )
