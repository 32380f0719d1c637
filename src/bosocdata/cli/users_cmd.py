"""`bosoc users add | list | disable | enable | set-role | set-areas | reset-password |
reset-second-factor`."""

from __future__ import annotations

import difflib
import getpass
import os
import sys
from typing import TYPE_CHECKING

import typer

from bosocdata.access.roles import Role
from bosocdata.errors import BosocError
from bosocdata.settings import Paths

if TYPE_CHECKING:
    import pandas as pd

    from bosocdata.access.store import UserStore

users_app = typer.Typer(
    help="Local user accounts of the web application: roles, areas, passwords.",
    no_args_is_help=True,
)


def _actor() -> str:
    """Who made the change, for the audit log: the operating-system user."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = f"uid{os.getuid()}"
    return f"cli:{name}"


def _store() -> UserStore:
    from bosocdata.access.store import UserStore

    return UserStore(Paths.from_env())


def _area_list(text: str) -> list[str]:
    """The area ids of `--areas`, each an area of the publication (or, before anything is
    published, of the store): a mistyped id would leave the user with less than meant,
    and `__rest__` (everyone outside the areas) would let a restricted user work out the
    areas they may not see, by subtraction from the municipality."""
    ids = [part.strip() for part in text.split(",") if part.strip()]
    for area_id in ids:
        if area_id in ("__all__", "__rest__"):
            raise BosocError(
                f"{area_id} cannot be given to a restricted user",
                hint="every user sees the whole municipality (__all__); "
                "only unrestricted users see the rest outside the areas (__rest__)",
            )
    known = _known_areas()
    if known is not None:
        unknown = [a for a in ids if a not in set(known["area_id"])]
        if unknown:
            raise BosocError(
                f"no area with the id {', '.join(unknown)}",
                hint=f"the areas are {_some(sorted(known['area_id']))}",
            )
    return ids


def _organisation(name: str) -> str:
    """`--housing-organisation`, a housing organisation of the areas (where known)."""
    known = _known_areas()
    if known is None:
        return name
    organisations = sorted({str(o) for o in known["housing_organisation"].dropna()})
    if name in organisations:
        return name
    close = difflib.get_close_matches(name, organisations, n=1)
    hint = f"did you mean {close[0]}?" if close else f"the organisations are {_some(organisations)}"
    raise BosocError(f"no housing organisation is called {name!r}", hint=hint)


def _some(names: list[str]) -> str:
    shown = ", ".join(names[:8])
    return shown + (f" and {len(names) - 8} more" if len(names) > 8 else "")


def _known_areas() -> pd.DataFrame | None:
    """area_id and housing_organisation of the published areas, else of the store's; None
    when neither exists yet."""
    from bosocdata.assessment.assess import read_published
    from bosocdata.errors import NotComputed

    paths = Paths.from_env()
    for path in (paths.published, paths.store):
        try:
            areas = read_published(path, ["areas"])["areas"]
        except NotComputed:
            continue
        return areas[~areas["area_id"].isin(["__all__", "__rest__"])]
    return None


def _password_given(password_stdin: bool, ask_password: bool) -> str | None:
    """The password typed by the person (stdin or a hidden prompt), or None to generate."""
    if password_stdin and ask_password:
        raise BosocError("give --password-stdin or --ask-password, not both", hint=None)
    if password_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise BosocError("no password on standard input", hint="pipe it in, one line")
        return line
    if ask_password:
        return str(typer.prompt("Adgangskode", hide_input=True, confirmation_prompt=True))
    return None


def _show_generated(username: str, password: str) -> None:
    typer.echo(f"Adgangskode til {username} (vises kun denne ene gang): {password}")


PASSWORD_STDIN = typer.Option(
    False, "--password-stdin", help="Read the password from standard input (one line)."
)
ASK_PASSWORD = typer.Option(
    False, "--ask-password", help="Ask for the password without showing it."
)
ROLE_OPTION = typer.Option(..., "--role", help="admin, analyst, partner or viewer.")
ROLE_ARGUMENT = typer.Argument(..., help="admin, analyst, partner or viewer.")


@users_app.command("add")
def add(
    username: str = typer.Argument(..., help="3-64 characters: a-z, digits and . _ @ -"),
    role: Role = ROLE_OPTION,
    housing_organisation: str | None = typer.Option(
        None, "--housing-organisation", help="Restrict to this housing organisation's areas."
    ),
    areas: str | None = typer.Option(None, "--areas", help="Restrict to these area ids: A,B"),
    password_stdin: bool = PASSWORD_STDIN,
    ask_password: bool = ASK_PASSWORD,
) -> None:
    """Add a user. Without a password given, one is generated and printed once."""
    given = _password_given(password_stdin, ask_password)
    password = _store().add(
        username,
        role,
        password=given,
        housing_organisation=_organisation(housing_organisation)
        if housing_organisation is not None
        else None,
        areas=_area_list(areas) if areas is not None else None,
        actor=_actor(),
    )
    name = username.strip().casefold()
    typer.echo(f"Bruger {name} oprettet som {role.value}")
    if given is None:
        _show_generated(name, password)


@users_app.command("list")
def list_users() -> None:
    """Every user: name, role, areas, enabled, last login (UTC)."""
    for user in _store().list():
        state = "aktiv" if user.enabled else "spærret"
        typer.echo(
            f"{user.username}\t{user.role.value}\t{user.scope_text()}\t{state}\t"
            f"{user.last_login_at or '-'}"
        )


@users_app.command("disable")
def disable(username: str = typer.Argument(...)) -> None:
    """Stop a user from logging in (the account and its history stay)."""
    store = _store()
    had_admin = _has_admin(store)
    store.disable(username, actor=_actor())
    typer.echo(f"Bruger {username} spærret")
    _warn_without_admin(store, had_admin)


@users_app.command("enable")
def enable(username: str = typer.Argument(...)) -> None:
    """Let a disabled user log in again."""
    _store().enable(username, actor=_actor())
    typer.echo(f"Bruger {username} genåbnet")


@users_app.command("set-role")
def set_role(username: str = typer.Argument(...), role: Role = ROLE_ARGUMENT) -> None:
    """Change a user's role."""
    store = _store()
    had_admin = _has_admin(store)
    store.set_role(username, role, actor=_actor())
    typer.echo(f"Bruger {username} er nu {role.value}")
    _warn_without_admin(store, had_admin)


def _has_admin(store: UserStore) -> bool:
    return any(u.enabled and u.role is Role.admin for u in store.list())


def _warn_without_admin(store: UserStore, had_admin: bool) -> None:
    """Done, but worth reading (exit 1): the change left no enabled administrator to
    read the audit log in the web application (`bosoc users` on the server can still
    make one)."""
    if not had_admin or _has_admin(store):
        return
    typer.echo(
        "Advarsel: der er ingen aktiv administrator tilbage (no enabled admin is left); "
        "giv en bruger rollen igen med `bosoc users set-role NAVN admin`",
        err=True,
    )
    raise typer.Exit(1)


@users_app.command("set-areas")
def set_areas(
    username: str = typer.Argument(...),
    housing_organisation: str | None = typer.Option(
        None, "--housing-organisation", help="This housing organisation's areas."
    ),
    areas: str | None = typer.Option(None, "--areas", help="These area ids: A,B"),
    all_areas: bool = typer.Option(False, "--all-areas", help="Lift the restriction."),
) -> None:
    """Restrict a user to a housing organisation or a list of areas, or lift it."""
    chosen = sum([housing_organisation is not None, areas is not None, all_areas])
    if chosen != 1:
        raise BosocError(
            "give exactly one of --housing-organisation, --areas and --all-areas", hint=None
        )
    _store().set_areas(
        username,
        areas=_area_list(areas) if areas is not None else None,
        housing_organisation=_organisation(housing_organisation)
        if housing_organisation is not None
        else None,
        actor=_actor(),
    )
    typer.echo(f"Områder for {username} ændret")


@users_app.command("reset-password")
def reset_password(
    username: str = typer.Argument(...),
    password_stdin: bool = PASSWORD_STDIN,
    ask_password: bool = ASK_PASSWORD,
) -> None:
    """Give a user a new password; without one given, one is generated and printed once."""
    given = _password_given(password_stdin, ask_password)
    password = _store().set_password(username, given, actor=_actor())
    typer.echo(f"Ny adgangskode sat for {username}")
    if given is None:
        _show_generated(username, password)


@users_app.command("reset-second-factor")
def reset_second_factor(username: str = typer.Argument(...)) -> None:
    """Remove a user's second factor (a lost phone) and end their sessions; the user sets
    it up again at the next login (or on the page To-faktor)."""
    from bosocdata.access.second_factor import SecondFactorStore
    from bosocdata.access.sessions import end_sessions_of
    from bosocdata.auditlog import record

    store = _store()
    user = store.get(username)
    if user is None:
        raise BosocError(f"no user named {username!r}", hint="see `bosoc users list`")
    paths = store.paths
    removed = SecondFactorStore(paths).remove(user.username)
    ended = end_sessions_of(paths.home, user.username)
    details = {"username": user.username, "method": "totp", "sessions_ended": ended}
    record(paths, "second_factor_removed", actor=_actor(), details=details)
    word = "fjernet" if removed else "var ikke sat op; intet at fjerne"
    typer.echo(f"Totrinsbekræftelse for {user.username}: {word}")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
