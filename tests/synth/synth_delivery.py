"""The parameters of the small synthetic delivery shared by the synth tests."""

SCALE = 0.02
SEED = 7
YEARS = (2010, 2025)
