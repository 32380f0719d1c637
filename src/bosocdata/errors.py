"""The one base exception for problems a user can act on.

Anything raised as a `BosocError` is shown as a one-line message with a hint and the
command exits with code 2 (refused). Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class BosocError(Exception):
    """A user-facing problem: bad input, bad arguments, missing data."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message} (hint: {self.hint})"
        return self.message


class DeliveryRefused(BosocError):
    """A delivery that cannot be used at all; nothing stored has changed."""


class NotComputed(BosocError):
    """A command needs results that have not been computed yet."""

    def __init__(self, what: str, hint: str = "run `bosoc compute` first") -> None:
        super().__init__(f"{what} has not been computed yet", hint=hint)
