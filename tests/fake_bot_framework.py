"""A fake Bot Framework on loopback: the OpenID metadata and signing keys (JWKS) the Teams SDK's
own validator fetches, holding a test RSA key, and the connector service the bot's replies go
to (recorded). `token()` mints real RS256 JWTs with the claims Bot Framework sends."""

from __future__ import annotations

import json
import time
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from microsoft_teams.api.auth.cloud_environment import PUBLIC, CloudEnvironment, with_overrides
from werkzeug.wrappers import Request, Response

from tests.loopback import Call, Recorder

APP_ID = "6f0c2a5e-3b1d-4c7a-9e8f-1a2b3c4d5e6f"
ISSUER = "https://api.botframework.com"
KID = "pathways-test-key"


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakeBotFramework:
    def __init__(self) -> None:
        self.key = _key()
        self.recorder = Recorder()
        self.url = ""  # set once served

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        path = request.path
        if path == "/v1/.well-known/openidconfiguration":
            answer: Any = {
                "issuer": ISSUER,
                "jwks_uri": f"{self.url}/v1/.well-known/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
            }
        elif path == "/v1/.well-known/keys":
            public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
            answer = {"keys": [{**public, "kid": KID, "use": "sig", "alg": "RS256"}]}
        else:
            self.recorder.add(Call(path, dict(request.headers.items()), request.get_json()))
            answer = {"id": f"reply-{len(self.recorder.calls)}"}
        return Response(json.dumps(answer), content_type="application/json")(
            environ, start_response
        )

    @property
    def service_url(self) -> str:
        return f"{self.url}/connector/"

    @property
    def cloud(self) -> CloudEnvironment:
        """The public cloud, but with its OpenID metadata (and so its keys) on loopback."""
        metadata = f"{self.url}/v1/.well-known/openidconfiguration"
        return with_overrides(PUBLIC, openid_metadata_url=metadata)

    def sdk_options(self) -> dict[str, Any]:
        """Outbound calls authenticate with a fixed token instead of asking Entra ID for one."""
        outbound = self.token(aud="https://api.botframework.com", serviceurl=None)
        return {"cloud": self.cloud, "client_secret": None, "token": lambda *_: outbound}

    def token(self, forged: bool = False, **claims: Any) -> str:
        """A Bot Framework token for the bot; `claims` override the defaults (None drops one)."""
        now = int(time.time())
        payload = {
            "iss": ISSUER,
            "aud": APP_ID,
            "serviceurl": self.service_url,
            "iat": now - 60,
            "nbf": now - 60,
            "exp": now + 3600,
            **claims,
        }
        payload = {k: v for k, v in payload.items() if v is not None}
        key = _key() if forged else self.key
        return jwt.encode(payload, key, algorithm="RS256", headers={"kid": KID})

    def activity(self, text: str = "", value: Any = None, **fields: Any) -> dict[str, Any]:
        """A message activity from a member in a personal chat (fields override)."""
        body = {
            "type": "message",
            "id": "1700000000001",
            "channelId": "msteams",
            "serviceUrl": self.service_url,
            "timestamp": "2026-11-23T09:00:00.000Z",
            "from": {"id": "29:member", "name": "Cllr Smith", "aadObjectId": "a1"},
            "conversation": {
                "id": "a:personal-chat",
                "conversationType": "personal",
                "tenantId": "t1",
            },
            "recipient": {"id": f"28:{APP_ID}", "name": "Pathways"},
            "text": text,
            "locale": "en-GB",
            **fields,
        }
        if value is not None:
            body["value"] = value
        return body
