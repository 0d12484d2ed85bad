"""`/healthz` for load balancers and monitoring: up, and which knowledge it is serving."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from adapters.web.api import assistant

health = Blueprint("health", __name__)


@health.get("/healthz")
def healthz() -> Response:
    return jsonify(
        status="ok",
        knowledge_version=assistant().version,
        topics=assistant().topic_count,  # as `pathways check` counts them
        councils=assistant().councils,
    )
