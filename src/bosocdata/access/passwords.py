"""Password rules (NIST SP 800-63B-4, section 3.1.1.2), hashing and generation.

Rules: at least 15 characters (the minimum for a password that is the only factor, as a
BoSocData login is), at most 128; every printable character and the space allowed, Unicode
too, counted per code point after NFKC normalisation; no composition rules; refused when
on the blocklist of common passwords (`common_passwords.csv`), when it is one piece
repeated or a run of a keyboard, alphabet or digit sequence, or when it contains the
username (of 3 or more characters). Hashes are argon2id with argon2-cffi's defaults
(the RFC 9106 low-memory profile).
"""

from __future__ import annotations

import csv
import secrets
import unicodedata
from functools import cache
from importlib import resources

from argon2 import PasswordHasher

from bosocdata.errors import BosocError

MIN_LENGTH = 15
MAX_LENGTH = 128
USERNAME_CHECK_FROM = 3
"""A username this long or longer may not appear in the password (`bo` would forbid
`about`)."""
GENERATED_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""No 0/O, 1/l/I: a generated password is read off a screen and typed once."""

_SEQUENCES = (
    "0123456789" * 3,
    "abcdefghijklmnopqrstuvwxyzæøå" * 2,
    "qwertyuiopåasdfghjklæøzxcvbnm" * 2,
    "qwertyuiopasdfghjklzxcvbnm" * 2,
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p" * 2,
)


class WeakPassword(BosocError):
    """A password that breaks one of the rules; the message says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"password refused: {reason}",
            hint=f"use a passphrase of {MIN_LENGTH} or more characters, e.g. four unrelated "
            "words, or leave the password out to have one generated",
        )


def normalise(password: str) -> str:
    """NFKC, as NIST recommends for Unicode passwords: the same text typed on two
    keyboards gives the same bytes to hash."""
    return unicodedata.normalize("NFKC", password)


@cache
def blocklist() -> frozenset[str]:
    """The shipped list of common passwords, lower case: the 1,000 most frequent of the
    list Django ships (Royce Williams' 20,000, BSD licence) and about 100 of our own
    (long phrases, Danish words, context words such as `aarhuskommune2025`)."""
    source = resources.files("bosocdata.access").joinpath("common_passwords.csv")
    rows = csv.DictReader(source.read_text(encoding="utf-8").splitlines())
    return frozenset(row["password"] for row in rows)


def _is_repeated_piece(text: str) -> bool:
    """`passwordpassword`, `abcabcabcabcabc`, `aaaaaaaaaaaaaaa`: one piece two or more times."""
    return (text + text).find(text, 1) < len(text)


def _is_sequence(text: str) -> bool:
    return any(text in sequence or text in sequence[::-1] for sequence in _SEQUENCES)


def _stripped(text: str) -> str:
    """Without digits, spaces and punctuation at either end: `Password2025!` -> `password`."""
    return text.strip("0123456789 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def problem(password: str, username: str) -> str | None:
    """Why the password is refused, or None when it is acceptable."""
    text = normalise(password)
    if len(text) < MIN_LENGTH:
        return f"it has {len(text)} characters; at least {MIN_LENGTH} are needed"
    if len(text) > MAX_LENGTH:
        return f"it has {len(text)} characters; at most {MAX_LENGTH} are allowed"
    if not text.isprintable():
        return "it contains a control character (tab, new line or similar)"
    lower = text.casefold()
    if len(username) >= USERNAME_CHECK_FROM and username.casefold() in lower:
        return "it contains the username"
    if lower in blocklist() or _stripped(lower) in blocklist():
        return "it is on the list of common passwords"
    if _is_repeated_piece(lower):
        return "it is one piece repeated"
    if _is_sequence(lower):
        return "it is a run of keyboard, alphabet or digit sequence"
    return None


def check_password(password: str, username: str) -> None:
    """Raise `WeakPassword` naming the rule the password breaks."""
    reason = problem(password, username)
    if reason:
        raise WeakPassword(reason)


def generate_password(username: str = "") -> str:
    """Five groups of four random characters, e.g. `Kx7q-m2Rt-...`: 24 characters, about
    116 bits from `secrets`."""
    while True:
        groups = ["".join(secrets.choice(GENERATED_ALPHABET) for _ in range(4)) for _ in range(5)]
        candidate = "-".join(groups)
        if problem(candidate, username) is None:
            return candidate


def default_hasher() -> PasswordHasher:
    """argon2id with argon2-cffi's defaults (t=3, m=64 MiB, p=4 in 25.1)."""
    return PasswordHasher()
