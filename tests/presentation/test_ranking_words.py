"""The ranking in words: rank intervals, why an area is unranked, one contribution."""

from __future__ import annotations

from bosocdata.presentation.ranking import contribution_sentence, rank_in_words, unranked_reason


def test_rank_intervals_read_as_words() -> None:
    assert rank_in_words(1, 3, 22, "da") == "blandt de 3 mest udsatte"
    assert rank_in_words(20, 22, 22, "da") == "blandt de 3 mindst udsatte"
    # a no-break space between "nr." and its number: a narrow column never parts them
    assert rank_in_words(2, 2, 22, "da") == "nr.\u00a02 ved alle vægte"
    assert rank_in_words(4, 8, 22, "da") == "mellem nr.\u00a04 og nr.\u00a08"
    assert rank_in_words(4, 8, 22, "en") == "between rank\u00a04 and rank\u00a08"
    assert rank_in_words(1, 3, 22, "en") == "among the 3 most vulnerable"
    assert rank_in_words(None, None, 22, "da") == "–"


def test_an_unranked_area_says_why() -> None:
    assert unranked_reason(404, 500, True, "da") == "for få beboere: 404, mindst 500"
    assert unranked_reason(1_404, 500, False, "da") == (
        "for få indikatorer med offentliggjorte tal til et indeks"
    )
    assert unranked_reason(None, 500, True, "en") == "number of residents not published"


def test_a_contribution_in_one_danish_sentence() -> None:
    # evictions 3.7 per 100 households against 0.36: z 2.21 around the municipality,
    # weight 1/12 -> 0.184 added to the index
    text = contribution_sentence(
        name="Udsættelser", value=3.697, benchmark=0.361, unit="per100hh", normalised=2.214,
        weight=1 / 12, contribution=0.1845, normalisation="zscore_municipality", language="da",
    )  # fmt: skip
    assert text == (
        "Udsættelser: 3,7 mod 0,4 i kommunen, 2,2 standardafvigelser mere udsat end "
        "kommunen; med vægten 8,3 % lægger det 0,18 til indekset."
    )
    less = contribution_sentence(
        name="Sigtede unge", value=2.0, benchmark=3.0, unit="pct", normalised=-0.5,
        weight=0.25, contribution=-0.125, normalisation="zscore_municipality", language="da",
    )  # fmt: skip
    assert less.endswith("0,5 standardafvigelser mindre udsat end kommunen; med vægten 25,0 % "
                         "trækker det 0,13 fra indekset.")  # fmt: skip
