"""The single sign-on's login client: the provider (Authlib's Starlette OAuth client, used
without Starlette's SessionMiddleware: its `create_authorization_url`,
`fetch_access_token` and `parse_id_token` are called directly, and the state lives in our
own server-side store, sso_store.py), and the local user a verified token stands for."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Mapping
from typing import Any

import authlib.deprecate  # first: it adds a warnings filter of its own on import
from authlib.common.errors import AuthlibBaseError
from joserfc.errors import JoseError

from bosocdata.access import User, UserStore
from bosocdata.access.provisioning import ClaimNames, ProvisioningRefused, provisioned_user
from bosocdata.web.auth.sso_settings import OidcSettings
from bosocdata.web.auth.sso_store import (
    PendingFlow,
    SsoFailure,
    SsoStore,
    bad_token,
    unreachable,
)

with warnings.catch_warnings():
    # Authlib 1.9 prefers the `httpx2` package and warns once, on import, that it falls
    # back to `httpx` (the project pins httpx 0.28.1, as Starlette's TestClient needs).
    warnings.filterwarnings("ignore", category=authlib.deprecate.AuthlibDeprecationWarning)
    from authlib.integrations.httpx_client._compat import httpx2 as http
    from authlib.integrations.starlette_client import OAuth, StarletteOAuth2App
"""`http` is the HTTP package Authlib really uses (httpx, or httpx2 once installed): its
exceptions are the ones to catch."""

log = logging.getLogger(__name__)

LEEWAY_SECONDS = 60
"""Clock difference allowed between the provider and this machine for `exp` and `iat`."""
HTTP_TIMEOUT_SECONDS = 10
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384")
"""ID token signatures accepted: asymmetric only, verified with a key of the JWKS.
`none` and the HMAC algorithms are never accepted, whatever the provider announces."""

_REFUSALS = {
    "bad_username": "sso_bad_username",
    "no_mapped_group": "sso_no_access",
    "username_taken": "sso_username_taken",
    "disabled": "sso_no_access",
}
"""The page's message for each reason access/provisioning.py refuses a token's person."""


def local_user_for(
    settings: OidcSettings, store: SsoStore, users: UserStore, claims: Mapping[str, Any]
) -> User:
    """The local user of a verified ID token (bosocdata.access.provisioning), or
    `SsoFailure` (403) when the provider's person has no access here."""
    names = ClaimNames(settings.username_claim, settings.groups_claim)
    try:
        return provisioned_user(settings.issuer, settings.group_rules, names, store, users, claims)
    except ProvisioningRefused as refused:
        params = {"name": refused.name} if refused.name is not None else {}
        failure = SsoFailure(403, refused.reason, _REFUSALS[refused.reason], **params)
        if refused.actor is not None:
            failure.actor = refused.actor
        raise failure from None


class SsoLogin:
    """The configured provider (Authlib's Starlette OAuth client) and the SSO store."""

    def __init__(self, settings: OidcSettings, store: SsoStore) -> None:
        self.settings = settings
        self.store = store
        registry = OAuth()
        registry.register(
            name="municipality",
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            server_metadata_url=settings.metadata_url,
            client_kwargs={
                "scope": settings.scopes,
                "code_challenge_method": "S256",
                "timeout": HTTP_TIMEOUT_SECONDS,
                "token_endpoint_auth_method": (
                    "client_secret_basic" if settings.client_secret else "none"
                ),
            },
        )
        self.client: StarletteOAuth2App = registry.create_client("municipality")

    async def _metadata(self) -> dict[str, Any]:
        try:
            metadata: dict[str, Any] = await self.client.load_server_metadata()
        except http.HTTPError:
            raise unreachable() from None
        except (ValueError, TypeError, AttributeError):  # not a JSON object
            raise SsoFailure(502, "provider_misconfigured", "sso_provider_down") from None
        if metadata.get("issuer") != self.settings.issuer:
            # OpenID Connect Discovery 1.0, section 4.3: the issuer must be the one asked.
            self.client.server_metadata.clear()
            log.error("the provider's metadata names issuer %r", metadata.get("issuer"))
            raise SsoFailure(502, "provider_misconfigured", "sso_provider_down")
        announced = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
        metadata["id_token_signing_alg_values_supported"] = [
            a for a in announced if a in SIGNING_ALGORITHMS
        ] or ["RS256"]
        return metadata

    async def begin(self, redirect_uri: str) -> dict[str, str]:
        """`url` (the provider's authorization address), `state`, `nonce`, `code_verifier`."""
        await self._metadata()
        try:
            started: dict[str, str] = await self.client.create_authorization_url(redirect_uri)
        except (RuntimeError, AuthlibBaseError):
            raise SsoFailure(502, "provider_misconfigured", "sso_provider_down") from None
        return started

    def _claims_options(self) -> dict[str, dict[str, object]]:
        return {
            "iss": {"essential": True, "value": self.settings.issuer},
            "aud": {"essential": True, "value": self.settings.client_id},
            "sub": {"essential": True},
            "exp": {"essential": True},
            "iat": {"essential": True},
        }

    async def verified_claims(self, code: str, flow: PendingFlow) -> dict[str, Any]:
        """Exchange `code` and verify the ID token; its claims, or `SsoFailure`."""
        await self._metadata()
        try:
            token = await self.client.fetch_access_token(
                redirect_uri=flow.redirect_uri, code=code, code_verifier=flow.code_verifier
            )
        except http.TransportError:
            raise unreachable() from None
        except http.HTTPStatusError as problem:
            if problem.response.status_code >= 500:  # the provider's own trouble
                raise unreachable() from None
            raise SsoFailure(401, "token_refused", "sso_bad_token") from None
        except (AuthlibBaseError, http.HTTPError, ValueError, TypeError):
            raise SsoFailure(401, "token_refused", "sso_bad_token") from None
        if not isinstance(token, dict) or not isinstance(token.get("id_token"), str):
            raise bad_token()
        try:
            claims = await self.client.parse_id_token(
                token,
                nonce=flow.nonce,
                claims_options=self._claims_options(),
                leeway=LEEWAY_SECONDS,
            )
        except http.TransportError:
            raise unreachable() from None
        except (JoseError, AuthlibBaseError, http.HTTPError, ValueError, TypeError, KeyError):
            raise bad_token() from None
        return dict(claims)
