"""A small OpenID Connect provider for the SSO tests, served on 127.0.0.1 in a thread.

It serves `/.well-known/openid-configuration`, `/authorize` (approves the configured
test user at once and redirects back with a code), `/token` (checks the client's secret,
the code, the redirect address and the PKCE code_verifier; answers with an RS256-signed
ID token) and `/jwks`. `Behaviour` bends the ID token for the negative tests: another
audience, an expired token, a signature by another key, a tampered payload, `alg: none`.

Written from RFC 6749, RFC 7636 (PKCE) and OpenID Connect Core 1.0, not from the code
under test. No test here: the tests are in test_web_oidc_login.py,
test_web_oidc_roles.py and test_web_oidc_flow.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import uvicorn
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

CLIENT_ID = "bosoc-test"
CLIENT_SECRET = "hemmeligheden-er-lang-nok-til-test"
START_SECONDS = 10


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass
class Behaviour:
    """What the provider says about the user, and how it bends the ID token."""

    subject: str = "sub-0001"
    username: str = "kirsten@kommune.dk"
    groups: list[str] = field(default_factory=lambda: ["bosoc-analytikere"])
    audience: str | None = None  # None: the client id
    issuer: str | None = None  # None: the provider's own
    expires_in: int = 300  # negative: already expired
    nonce: str | None = None  # None: the nonce of the request
    signed_by: str = "own"  # "own", "other" (another RSA key, same kid), "none", "hs256"
    tamper: bool = False  # change the payload after signing
    metadata_issuer: str | None = None  # None: the provider's own


@dataclass
class Grant:
    client_id: str
    redirect_uri: str
    code_challenge: str
    nonce: str


class LocalProvider:
    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1", "use": "sig"})
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1"})
        self.behaviour = Behaviour()
        self.grants: dict[str, Grant] = {}
        self.authorize_requests: list[dict[str, str]] = []
        self.token_requests: list[dict[str, str]] = []
        self.base = ""
        self.app = Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self.metadata),
                Route("/authorize", self.authorize),
                Route("/token", self.token, methods=["POST"]),
                Route("/jwks", self.jwks),
            ]
        )

    def reset(self) -> None:
        self.behaviour = Behaviour()
        self.grants.clear()
        self.authorize_requests.clear()
        self.token_requests.clear()

    async def metadata(self, request: Request) -> Response:
        return JSONResponse(
            {
                "issuer": self.behaviour.metadata_issuer or self.base,
                "authorization_endpoint": self.base + "/authorize",
                "token_endpoint": self.base + "/token",
                "jwks_uri": self.base + "/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            }
        )

    async def jwks(self, request: Request) -> Response:
        return JSONResponse({"keys": [self.key.as_dict(private=False)]})

    async def authorize(self, request: Request) -> Response:
        query = dict(request.query_params)
        self.authorize_requests.append(query)
        if (
            query.get("response_type") != "code"
            or query.get("client_id") != CLIENT_ID
            or query.get("code_challenge_method") != "S256"
            or not query.get("code_challenge")
            or "openid" not in query.get("scope", "").split()
        ):
            return JSONResponse({"error": "invalid_request"}, status_code=400)
        code = secrets.token_urlsafe(16)
        self.grants[code] = Grant(
            CLIENT_ID, query["redirect_uri"], query["code_challenge"], query.get("nonce", "")
        )
        back = {"code": code, "state": query.get("state", "")}
        return RedirectResponse(query["redirect_uri"] + "?" + urlencode(back), status_code=302)

    def _client_authenticated(self, request: Request) -> bool:
        expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        return request.headers.get("authorization") == expected

    async def token(self, request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        self.token_requests.append(form)
        if not self._client_authenticated(request):
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        grant = self.grants.pop(form.get("code", ""), None)
        verifier = form.get("code_verifier", "")
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or form.get("redirect_uri") != grant.redirect_uri
            or b64url(hashlib.sha256(verifier.encode("ascii")).digest()) != grant.code_challenge
        ):
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        return JSONResponse(
            {
                "access_token": secrets.token_urlsafe(24),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": self.id_token(grant),
            }
        )

    def id_token(self, grant: Grant) -> str:
        b = self.behaviour
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": b.issuer or self.base,
            "sub": b.subject,
            "aud": b.audience or grant.client_id,
            "iat": now if b.expires_in > 0 else now + b.expires_in - 300,
            "exp": now + b.expires_in,
            "nonce": b.nonce if b.nonce is not None else grant.nonce,
            "preferred_username": b.username,
            "groups": b.groups,
        }
        if b.signed_by == "none":
            header = b64url(json.dumps({"alg": "none"}).encode())
            return f"{header}.{b64url(json.dumps(claims).encode())}."
        if b.signed_by == "hs256":
            secret = OctKey.import_key(CLIENT_SECRET.encode())
            return jwt.encode({"alg": "HS256", "kid": "test-key-1"}, claims, secret)
        key = self.key if b.signed_by == "own" else self.other_key
        token = jwt.encode({"alg": "RS256", "kid": "test-key-1"}, claims, key)
        if b.tamper:
            header, _, signature = token.split(".")
            claims["groups"] = ["bosoc-admins"]
            token = ".".join([header, b64url(json.dumps(claims).encode()), signature])
        return token


@contextmanager
def running_provider() -> Iterator[LocalProvider]:
    """The provider on 127.0.0.1 and a free port, in a thread; stopped on exit."""
    provider = LocalProvider()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    provider.base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    config = uvicorn.Config(
        provider.app, log_level="warning", lifespan="off", ws="none", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_SECONDS
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            raise RuntimeError("the test OpenID provider did not start")
        time.sleep(0.02)
    try:
        yield provider
    finally:
        server.should_exit = True
        thread.join(START_SECONDS)
        sock.close()


def closed_port_address() -> str:
    """An address on 127.0.0.1 where nothing listens (for 'provider down')."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
