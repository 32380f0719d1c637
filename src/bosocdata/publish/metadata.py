"""The `indicators` table of the published zone: what each indicator means, in words."""

from __future__ import annotations

import pandas as pd

from bosocdata.disclosure.catalogue import numerator_kind
from bosocdata.indicators import Catalogue
from bosocdata.indicators.sentence import sentence_da


def indicator_metadata(catalogue: Catalogue) -> pd.DataFrame:
    """One row per indicator: names, descriptions, unit, direction, theme and sentence."""
    return pd.DataFrame(
        [
            {
                "indicator_id": d.id,
                "name_da": d.name_da,
                "name_en": d.name_en,
                "description_da": d.description_da,
                "description_en": d.description_en,
                "unit": d.unit.value,
                "direction": d.direction.value,
                "theme": d.theme.value,
                "sentence_da": sentence_da(d),
                "source": d.source,
                "numerator_kind": numerator_kind(d),
            }
            for d in catalogue
        ]
    )
