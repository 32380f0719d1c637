"""Password rules at their boundaries (NIST SP 800-63B-4, 3.1.1.2)."""

from __future__ import annotations

import pytest

from bosocdata.access import MAX_LENGTH, MIN_LENGTH, WeakPassword, check_password
from bosocdata.access.passwords import GENERATED_ALPHABET, blocklist, generate_password, problem


def test_the_limits_are_those_of_nist_for_a_single_factor() -> None:
    assert MIN_LENGTH == 15
    assert MAX_LENGTH >= 64


def test_fourteen_characters_are_refused_and_fifteen_accepted() -> None:
    assert len("blue kettle su") == 14
    with pytest.raises(WeakPassword, match="14 characters; at least 15"):
        check_password("blue kettle su", "kirsten")
    check_password("blue kettle sun", "kirsten")


def test_the_maximum_length_is_accepted_and_one_more_refused() -> None:
    words = " ".join(f"w{i}x" for i in range(100))
    assert problem(words[:MAX_LENGTH], "kirsten") is None
    assert "at most" in str(problem(words[: MAX_LENGTH + 1], "kirsten"))


def test_unicode_counts_one_character_per_code_point() -> None:
    assert problem("æbleø på bålet", "kirsten") is not None  # 14 code points
    assert problem("æbleø på bålet!", "kirsten") is None  # 15


def test_no_composition_rules_lowercase_words_with_spaces_are_fine() -> None:
    assert problem("sommer i aarhus er dejlig", "kirsten") is None


def test_a_control_character_is_refused() -> None:
    assert "control character" in str(problem("blue kettle\tsunrise", "kirsten"))


@pytest.mark.parametrize(
    "password",
    [
        "passwordpassword",
        "correct horse battery staple",
        "Bosocdata2025!!!",
        "Aarhuskommune2025",
        "PasswordPassword1",
    ],
)
def test_blocklisted_passwords_are_refused_whatever_the_case(password: str) -> None:
    assert len(password) >= MIN_LENGTH
    assert problem(password, "kirsten") == "it is on the list of common passwords"


@pytest.mark.parametrize("password", ["aaaaaaaaaaaaaaaa", "x7#kQ2!mx7#kQ2!m", "abcabcabcabcabc"])
def test_one_piece_repeated_is_refused(password: str) -> None:
    assert problem(password, "kirsten") == "it is one piece repeated"


@pytest.mark.parametrize("password", ["234567890123456", "wertyuiopasdfghj", "zyxwvutsrqponmlk"])
def test_sequences_are_refused(password: str) -> None:
    assert "sequence" in str(problem(password, "kirsten"))


@pytest.mark.parametrize("password", ["kirsten-loves-aarhus", "I am KIRSTEN, hello"])
def test_a_password_containing_the_username_is_refused(password: str) -> None:
    assert problem(password, "kirsten") == "it contains the username"


def test_a_short_username_is_not_looked_for_in_the_password() -> None:
    assert problem("about the boat at dawn", "bo") is None
    assert problem("about the boat at dawn", "boat") == "it contains the username"


def test_the_shipped_blocklist_holds_the_most_common_passwords() -> None:
    common = blocklist()
    assert len(common) >= 1000
    assert {"123456", "password", "qwerty", "iloveyou"} <= common


def test_a_generated_password_is_long_random_and_passes_the_rules() -> None:
    first, second = generate_password("kirsten"), generate_password("kirsten")
    assert first != second
    assert len(first) == 24
    assert set(first.replace("-", "")) <= set(GENERATED_ALPHABET)
    assert problem(first, "kirsten") is None
