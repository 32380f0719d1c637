"""`bosoc synth`: a synthetic delivery for a fictitious Aarhus-like municipality.

See docs/concepts/synthetic-municipality.md.
"""

from bosocdata.synth.generate import FORMATS, Summary, generate

__all__ = ["FORMATS", "Summary", "generate"]
