"""The words of the area profile's target and twin lines (web/area_extras.py)."""

EXTRA_STRINGS: dict[str, dict[str, str]] = {
    "target_label": {"da": "Mål for {indicator} {year}", "en": "Target for {indicator} {year}"},
    "target_status_met": {"da": "nået", "en": "met"},
    "target_status_not_met": {"da": "ikke nået", "en": "not met"},
    "target_status_cannot_tell": {"da": "kan ikke afgøres", "en": "cannot tell"},
    "target_text": {
        "da": "{status}: {value} ({interval}); mål {bound} {target} – kilde: {source}",
        "en": "{status}: {value} ({interval}); target {bound} {target} – source: {source}",
    },
    "target_at_most": {"da": "højst", "en": "at most"},
    "target_at_least": {"da": "mindst", "en": "at least"},
    "target_no_value": {"da": "ingen offentliggjort værdi", "en": "no published value"},
    "twins_label": {"da": "Tvillingeområder", "en": "Twin areas"},
    "twins_text": {
        "da": "{names} (mest lig på {indicators})",
        "en": "{names} (most similar on {indicators})",
    },
}
