"""BoSocData: monitoring of vulnerable housing areas from person-level registers.

The package tree reads as the pipeline, data flowing one way:
synth -> ingest -> store -> indicators -> statistics/assessment -> publish -> web/reports.
"""

__version__ = "0.1.0"
