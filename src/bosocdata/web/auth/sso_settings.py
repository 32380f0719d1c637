"""The single sign-on settings (`BOSOC_OIDC_*`, declared in bosocdata.settings): read,
checked and gathered once, when the application starts."""

from __future__ import annotations

import ipaddress
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bosocdata.access.provisioning import GroupRule, parse_group_rules
from bosocdata.errors import BosocError
from bosocdata.settings import setting

ISSUER_ENV = "BOSOC_OIDC_ISSUER"
CLIENT_ID_ENV = "BOSOC_OIDC_CLIENT_ID"
CLIENT_SECRET_FILE_ENV = "BOSOC_OIDC_CLIENT_SECRET_FILE"

DEFAULT_SCOPES = setting("oidc_scopes", {})
DEFAULT_USERNAME_CLAIM = setting("oidc_username_claim", {})
DEFAULT_GROUPS_CLAIM = setting("oidc_groups_claim", {})


@dataclass(frozen=True)
class OidcSettings:
    issuer: str
    client_id: str
    group_rules: tuple[GroupRule, ...]
    client_secret: str | None = field(default=None, repr=False)
    redirect_url: str | None = None
    scopes: str = DEFAULT_SCOPES
    username_claim: str = DEFAULT_USERNAME_CLAIM
    groups_claim: str = DEFAULT_GROUPS_CLAIM

    @property
    def metadata_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


def _read_secret(path_text: str) -> str:
    path = Path(path_text).expanduser()
    try:
        info = path.stat()
        secret = path.read_text(encoding="utf-8").strip()
    except OSError as problem:
        raise BosocError(
            f"{CLIENT_SECRET_FILE_ENV}: cannot read {path}: {problem.strerror}",
            hint="a file holding the client secret, readable by the service user only",
        ) from None
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise BosocError(
            f"{CLIENT_SECRET_FILE_ENV}: {path} may be read by others "
            f"(mode {stat.S_IMODE(info.st_mode):04o})",
            hint=f"chmod 600 {path}",
        )
    if not secret:
        raise BosocError(f"{CLIENT_SECRET_FILE_ENV}: {path} is empty", hint="put the secret in it")
    return secret


def is_loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def _check_issuer(issuer: str) -> str:
    parts = urlsplit(issuer)
    if parts.scheme == "https" or (parts.scheme == "http" and is_loopback(parts.hostname)):
        return issuer
    raise BosocError(
        f"{ISSUER_ENV} must be an https address, got {issuer!r}",
        hint="the issuer as the provider names it, e.g. https://login.kommune.dk/realms/bosoc",
    )


def oidc_settings_from_env(environ: Mapping[str, str] | None = None) -> OidcSettings | None:
    """The SSO settings; None when SSO is not configured (no issuer and no client id)."""

    def value(name: str) -> str:
        # A blank value counts as unset: the setting's default.
        return setting(name, environ).strip() or setting(name, {})

    issuer, client_id = value("oidc_issuer"), value("oidc_client_id")
    if not issuer and not client_id:
        return None
    if not issuer or not client_id:
        missing = ISSUER_ENV if not issuer else CLIENT_ID_ENV
        raise BosocError(
            f"single sign-on is half configured: {missing} is not set",
            hint=f"set both {ISSUER_ENV} and {CLIENT_ID_ENV}, or neither",
        )
    secret_file = value("oidc_client_secret_file")
    return OidcSettings(
        issuer=_check_issuer(issuer),
        client_id=client_id,
        group_rules=parse_group_rules(value("oidc_group_roles")),
        client_secret=_read_secret(secret_file) if secret_file else None,
        redirect_url=value("oidc_redirect_url") or None,
        scopes=value("oidc_scopes"),
        username_claim=value("oidc_username_claim"),
        groups_claim=value("oidc_groups_claim"),
    )
