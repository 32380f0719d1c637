"""Settings, declared once as data.

The CLI help, the docs reference and a docs-coverage test all derive from `SETTINGS`.
Every setting is read from an environment variable; nothing else configures BoSocData.

Why one module of over 400 lines: `SETTINGS` is one declaration, a setting per entry,
which the docs test reads as a whole; split, nobody could see every setting at once.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
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
        "$XDG_CONFIG_HOME/bosocdata/pseudonym.key (else ~/.config/bosocdata/pseudonym.key)",
        "The secret key of the CPR pseudonymisation (HMAC-SHA-256). Created with mode 0600 "
        "on first use, in a per-user configuration folder apart from the data, so that a "
        "backup of $BOSOC_HOME does not carry the key that reverses it. bosoc warns when "
        "the key is inside $BOSOC_HOME.",
    ),
    Setting(
        "suppression_k",
        "BOSOC_SUPPRESSION_K",
        "5",
        "Disclosure control: a published cell whose numerator, denominator or "
        "denominator minus numerator is below k is suppressed.",
    ),
    Setting(
        "dominance_p",
        "BOSOC_DOMINANCE_P",
        "10",
        "Disclosure control of sums (incomes): the p of the p% dominance rule. A sum is "
        "suppressed when the total less its two largest contributions is below p % of "
        "the largest.",
    ),
    Setting(
        "indicators_dir",
        "BOSOC_INDICATORS_DIR",
        "",
        "An extra folder of indicator definition files (*.yaml) loaded beside the "
        "built-in catalogue; a file with the id of a built-in indicator replaces it.",
    ),
    Setting(
        "published_categories",
        "BOSOC_PUBLISHED_CATEGORIES",
        "$BOSOC_HOME/config/published_categories.csv",
        "The ministry's published lists (area_id, year, published_category), read by the "
        "official categories' consecutive-year rules instead of re-deriving those years. "
        "Optional: without the file every year is derived from the values.",
    ),
    Setting(
        "duckdb_memory_limit",
        "BOSOC_DUCKDB_MEMORY_LIMIT",
        "50%",
        "The most memory DuckDB uses for ingest and compute before it spills to disk "
        "(e.g. 8GB, or a share of the machine's memory such as 50%).",
    ),
    Setting(
        "spill_dir",
        "BOSOC_SPILL_DIR",
        "$BOSOC_HOME/secure/spill",
        "Where DuckDB spills when it runs out of memory: inside the secure zone (made "
        "0700). A raw delivery being ingested spills to a private .ingest-* folder (0700) "
        "in it, removed at the end or, after a crash, by the next ingest.",
    ),
    Setting(
        "engine",
        "BOSOC_ENGINE",
        "duckdb",
        "The engine `bosoc compute` runs the indicators on: duckdb (embedded, the default) "
        "or spark; `--engine` overrides it.",
    ),
    Setting(
        "spark_master",
        "BOSOC_SPARK_MASTER",
        "local[*]",
        "The Spark master for `--engine spark` (spark://host:7077, yarn, k8s://..., local[N]); "
        "under spark-submit its --master wins when this is unset.",
    ),
    Setting(
        "spark_registers",
        "BOSOC_SPARK_REGISTERS",
        "$BOSOC_HOME/secure/spark/registers",
        "Where `--engine spark` writes the store's registers as Parquet for the cluster to "
        "read: storage inside the secure zone that every executor reads.",
    ),
    Setting(
        "area_groups",
        "BOSOC_AREA_GROUPS",
        "$BOSOC_HOME/config/area_groups.csv",
        "Groups of areas (group_id, group_name, area_id; one row per group and area), "
        "computed from their persons as rows of their own, beside the helhedsplaner of "
        "the interventions register. Optional.",
    ),
    Setting(
        "targets",
        "BOSOC_TARGETS",
        "$BOSOC_HOME/config/targets.csv",
        "Targets per area or group, indicator and year (area_id, indicator_id, year, "
        "target, source): status against target on the area profile, in exports and in "
        "alerts. Optional.",
    ),
    Setting(
        "ingest_max_rejected_share",
        "BOSOC_INGEST_MAX_REJECTED_SHARE",
        "0.1",
        "Ingest refuses the whole delivery (the store unchanged) when any register loses "
        "more than this share of its rows to rejection (0-1; 1 = never refuse for rejects).",
    ),
    Setting(
        "snapshots_keep",
        "BOSOC_SNAPSHOTS_KEEP",
        "3",
        "How many earlier stores ingest keeps in secure/snapshots/ for "
        "`bosoc snapshots restore` (0 = keep none).",
    ),
    Setting(
        "rejects_keep",
        "BOSOC_REJECTS_KEEP",
        "3",
        "How many rejects reports ingest keeps in secure/rejects/ (they hold masked CPR "
        "numbers, birth dates and the rejected cells): the newest, at least the latest "
        "ingest's; older ones are deleted.",
    ),
    Setting(
        "xlsx_max_mb",
        "BOSOC_XLSX_MAX_MB",
        "200",
        "Ingest refuses an .xlsx file whose contents unpack to more than this many "
        "megabytes, before reading it.",
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
    Setting(
        "web_max_sessions",
        "BOSOC_WEB_MAX_SESSIONS",
        "5",
        "Sessions one user may hold at once (browsers, machines); a login beyond it ends "
        "the user's least recently used session.",
    ),
    Setting(
        "web_trusted_proxies",
        "BOSOC_WEB_TRUSTED_PROXIES",
        "",
        "Reverse proxies (IP addresses or networks, separated by commas) whose "
        "X-Forwarded-For and X-Forwarded-Proto are believed; unset = none: the client "
        "address is the connection's.",
    ),
    Setting(
        "web_second_factor_roles",
        "BOSOC_WEB_SECOND_FACTOR_ROLES",
        "admin",
        "Roles whose local accounts must log in with a second factor (TOTP, with recovery "
        "codes), comma-separated, or none. Other users may enrol. Single sign-on users "
        "keep the identity provider's factors.",
    ),
    Setting(
        "web_pdf_workers",
        "BOSOC_WEB_PDF_WORKERS",
        "2",
        "PDF reports rendered at once, each in a worker process of its own; the rest wait "
        "in a queue.",
    ),
    Setting(
        "web_jobs_per_user",
        "BOSOC_WEB_JOBS_PER_USER",
        "3",
        "PDF reports one user may have waiting or rendering at once.",
    ),
    Setting(
        "web_job_keep_minutes",
        "BOSOC_WEB_JOB_KEEP_MINUTES",
        "30",
        "Minutes a finished PDF report is kept for download.",
    ),
    Setting(
        "web_cache_mb",
        "BOSOC_WEB_CACHE_MB",
        "64",
        "Megabytes of memory for pages and exports served again while the published zone "
        "is unchanged (kept per set of visible areas and language; a new compute starts "
        "afresh); 0 switches the cache off.",
    ),
    Setting(
        "oidc_issuer",
        "BOSOC_OIDC_ISSUER",
        "",
        "Single sign-on (OpenID Connect): the issuer URL; unset = no SSO. Must be https, "
        "except http on 127.0.0.1/localhost.",
    ),
    Setting(
        "oidc_client_id",
        "BOSOC_OIDC_CLIENT_ID",
        "",
        "Single sign-on: the client id registered at the provider; set together with the issuer.",
    ),
    Setting(
        "oidc_client_secret_file",
        "BOSOC_OIDC_CLIENT_SECRET_FILE",
        "",
        "Single sign-on: a file holding the client secret (no access for group or "
        "others); unset = public client with PKCE only.",
    ),
    Setting(
        "oidc_redirect_url",
        "BOSOC_OIDC_REDIRECT_URL",
        "",
        "Single sign-on: the callback URL registered at the provider; default the "
        "request's base URL + /login/sso/callback. Set it behind a proxy.",
    ),
    Setting(
        "oidc_scopes",
        "BOSOC_OIDC_SCOPES",
        "openid profile email",
        "Single sign-on: the scopes asked for.",
    ),
    Setting(
        "oidc_username_claim",
        "BOSOC_OIDC_USERNAME_CLAIM",
        "preferred_username",
        "Single sign-on: the claim that becomes the username.",
    ),
    Setting(
        "oidc_groups_claim",
        "BOSOC_OIDC_GROUPS_CLAIM",
        "groups",
        "Single sign-on: the claim listing the person's groups.",
    ),
    Setting(
        "oidc_group_roles",
        "BOSOC_OIDC_GROUP_ROLES",
        "",
        "Single sign-on: group to role rules, e.g. `bosoc-admins=admin; "
        "frugt=partner:Boligforeningen Frugt`, separated by ; or new lines. The first "
        "matching rule decides; an unknown group gets no access.",
    ),
)


def setting(name: str, environ: Mapping[str, str] | None = None) -> str:
    """The value of a setting: its environment variable (of `environ` when given, else of
    the process), else its default."""
    env = os.environ if environ is None else environ
    for s in SETTINGS:
        if s.name == name:
            return env.get(s.env, s.default)
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
    def config_dir(self) -> Path:
        """The municipality's own data files: published lists, targets, groups of areas."""
        return self.home / "config"

    def config_file(self, env: str, name: str) -> Path:
        """A setting naming a file, default `$BOSOC_HOME/config/<name>`."""
        configured = os.environ.get(env)
        if configured:
            return Path(configured).expanduser().resolve()
        return self.config_dir / name

    @property
    def published_categories(self) -> Path:
        return self.config_file("BOSOC_PUBLISHED_CATEGORIES", "published_categories.csv")

    @property
    def area_groups(self) -> Path:
        return self.config_file("BOSOC_AREA_GROUPS", "area_groups.csv")

    @property
    def targets(self) -> Path:
        return self.config_file("BOSOC_TARGETS", "targets.csv")

    @property
    def key_file(self) -> Path:
        """`$BOSOC_KEY_FILE`, else the per-user default (`default_key_file`).

        A home from before that default keeps the key it was made under,
        `$BOSOC_HOME/pseudonym.key`, as long as that file is there (and `bosoc` warns).
        """
        configured = os.environ.get("BOSOC_KEY_FILE")
        if configured:
            return Path(configured).expanduser().resolve()
        legacy = self.home / LEGACY_KEY_NAME
        if legacy.exists():
            return legacy
        return default_key_file()

    @property
    def key_inside_home(self) -> bool:
        """Is the key file inside `$BOSOC_HOME`, where every backup of the data carries it?"""
        return self.key_file.is_relative_to(self.home)


LEGACY_KEY_NAME = "pseudonym.key"
"""Where the key was by default before it moved out of `$BOSOC_HOME`."""


def default_key_file() -> Path:
    """The per-user configuration folder's key: `$XDG_CONFIG_HOME/bosocdata/pseudonym.key`,
    else `~/.config/bosocdata/pseudonym.key` (the XDG base directory rules: a relative
    `XDG_CONFIG_HOME` is ignored)."""
    configured = os.environ.get("XDG_CONFIG_HOME", "")
    base = Path(configured) if os.path.isabs(configured) else Path.home() / ".config"
    return (base / "bosocdata" / "pseudonym.key").resolve()


def duckdb_memory_limit() -> str:
    """BOSOC_DUCKDB_MEMORY_LIMIT, checked: a size (8GB, 512MB) or a share (50%)."""
    import re

    raw = setting("duckdb_memory_limit").strip().replace(" ", "")
    if not re.fullmatch(r"(\d+(\.\d+)?([KMGT]i?B)|\d{1,2}(\.\d+)?%)", raw, re.IGNORECASE):
        raise BosocError(
            f"BOSOC_DUCKDB_MEMORY_LIMIT must be a size or a share, got {raw!r}",
            hint="e.g. 8GB, 512MB or 50%",
        )
    return raw


def spill_dir(paths: Paths) -> Path:
    """BOSOC_SPILL_DIR, created 0700; by default `secure/spill` under BOSOC_HOME, which
    DuckDB creates only when it spills, inside the secure zone's 0700 folder."""
    configured = os.environ.get("BOSOC_SPILL_DIR")
    if not configured:
        return paths.secure_dir / "spill"
    path = Path(configured).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.chmod(0o700)
    return path


def engine_name(override: str | None = None) -> str:
    """The compute engine: `override` (from `--engine`), else BOSOC_ENGINE; checked."""
    name = (override or setting("engine")).strip().lower()
    if name not in ("duckdb", "spark"):
        raise BosocError(
            f"unknown engine {name!r} (BOSOC_ENGINE or --engine)", hint="duckdb or spark"
        )
    return name


def spark_registers_dir(paths: Paths) -> Path:
    """BOSOC_SPARK_REGISTERS, default `secure/spark/registers` under BOSOC_HOME."""
    configured = os.environ.get("BOSOC_SPARK_REGISTERS")
    if configured:
        return Path(configured).expanduser().resolve()
    return paths.secure_dir / "spark" / "registers"


def whole_number_setting(name: str, low: int = 1) -> int:
    """A setting that is a whole number of at least `low`; refused with its variable's
    name otherwise."""
    env = next(s.env for s in SETTINGS if s.name == name)
    raw = setting(name).strip()
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if value < low:
        raise BosocError(
            f"{env} must be a whole number of at least {low}, got {raw!r}",
            hint="see docs/reference/settings.md",
        )
    return value


def suppression_k() -> int:
    return whole_number_setting("suppression_k")
