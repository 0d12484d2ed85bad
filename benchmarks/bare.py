"""A bare Flask JSON route under exactly the service's gunicorn settings: the ceiling the
throughput benchmark compares `POST /api/ask` with, in the same run.

Usage: python -m benchmarks.bare --port PORT [--workers 2]  (127.0.0.1 only)"""

from __future__ import annotations

import argparse

from flask import Flask, Response, jsonify, request

from adapters.web.serve import PathwaysServer, server_options


def bare_app() -> Flask:
    app = Flask(__name__)

    @app.post("/api/ask")
    def ask() -> Response:
        body = request.get_json(silent=True) or {}
        return jsonify(topic_id=None, answer="ok", chars=len(str(body.get("question", ""))))

    @app.get("/healthz")
    def healthz() -> Response:
        return jsonify(status="ok", councils=[])

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    PathwaysServer(bare_app(), server_options("127.0.0.1", args.port, args.workers)).run()


if __name__ == "__main__":
    main()
