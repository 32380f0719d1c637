"""Settings, declared once as data.

The CLI help, the docs reference and a docs-coverage test all derive from `SETTINGS`.
Every setting is read from an environment variable; nothing else configures BoSocData.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bosocdata.errors import BosocError


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "home",
        "BOSOC_HOME",
        "./bosoc-data",
        "Folder holding the secure store, the published zone, rejects reports and logs.",
    ),
    Setting(
        "key_file",
        "BOSOC_KEY_FILE",
        "$BOSOC_HOME/pseudonym.key",
        "The secret key of the CPR pseudonymisation (HMAC-SHA-256). Created with mode 0600 "
        "on first use. Keep it outside backups of the store.",
    ),
    Setting(
        "suppression_k",
        "BOSOC_SUPPRESSION_K",
        "5",
        "Disclosure control: a published cell whose numerator, denominator or "
        "denominator minus numerator is below k is suppressed.",
    ),
    Setting(
        "indicators_dir",
        "BOSOC_INDICATORS_DIR",
        "",
        "An extra folder of indicator definition files (*.yaml) loaded beside the "
        "built-in catalogue; a file with the id of a built-in indicator replaces it.",
    ),
    Setting(
        "web_auth",
        "BOSOC_WEB_AUTH",
        "login",
        "login: every page needs a login (the default, also when no user exists yet). "
        "off: local mode without login, allowed on 127.0.0.1 only.",
    ),
    Setting(
        "web_secure_cookies",
        "BOSOC_WEB_SECURE_COOKIES",
        "off",
        "on: mark session cookies Secure even when the app itself sees plain http "
        "(behind a TLS-terminating proxy). Over https they are Secure anyway.",
    ),
)


def setting(name: str) -> str:
    """The value of a setting: its environment variable, else its default."""
    for s in SETTINGS:
        if s.name == name:
            return os.environ.get(s.env, s.default)
    raise KeyError(name)


@dataclass(frozen=True)
class Paths:
    """Where everything lives under `$BOSOC_HOME`."""

    home: Path

    @classmethod
    def from_env(cls) -> Paths:
        return cls(Path(setting("home")).expanduser().resolve())

    @property
    def secure_dir(self) -> Path:
        return self.home / "secure"

    @property
    def store(self) -> Path:
        """The secure store: pseudonymised person data (DuckDB)."""
        return self.secure_dir / "store.duckdb"

    @property
    def rejects_dir(self) -> Path:
        return self.secure_dir / "rejects"

    @property
    def published_dir(self) -> Path:
        return self.home / "published"

    @property
    def published(self) -> Path:
        """The published zone: disclosure-controlled aggregates only (DuckDB)."""
        return self.published_dir / "published.duckdb"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def key_file(self) -> Path:
        configured = os.environ.get("BOSOC_KEY_FILE")
        if configured:
            return Path(configured).expanduser().resolve()
        return self.home / "pseudonym.key"


def suppression_k() -> int:
    raw = setting("suppression_k")
    try:
        k = int(raw)
    except ValueError:
        raise BosocError(
            f"BOSOC_SUPPRESSION_K must be a whole number, got {raw!r}", hint="e.g. 5"
        ) from None
    if k < 1:
        raise BosocError("BOSOC_SUPPRESSION_K must be at least 1", hint="the default is 5")
    return k
