"""The one chart set (SVG, drawn on the server, no JavaScript) of the pages and reports.

The charts the web's area profile and the PDF reports both show are written here as
escaped SVG text, one implementation each: the indicator over the years
(`series.series_svg`) and the spine row (`spine.spine_svg`). For the web's other charts
Python computes the geometry and the templates write the elements (`map`, `funnel`,
`pyramid`, the indicator page's bar in `series`). Shared: `common` (coordinates, ticks
and their labels, the comparison's colours, the map's palette).
"""

from __future__ import annotations

from bosocdata.presentation.charts.common import MAP_MISSING, MAP_PALETTE, Tick
from bosocdata.presentation.charts.funnel import FunnelPlot, FunnelPoint, funnel_plot
from bosocdata.presentation.charts.map import (
    MapLegendItem,
    MapShape,
    MapView,
    Projection,
    Ring,
    centroid,
    class_breaks,
    colour_for,
    polygons_of,
    ring_path,
)
from bosocdata.presentation.charts.pyramid import Pyramid, PyramidRow, pyramid
from bosocdata.presentation.charts.series import Bar, BarScale, SeriesPoint, series_svg
from bosocdata.presentation.charts.spine import quartiles, spine_svg

__all__ = [
    "MAP_MISSING",
    "MAP_PALETTE",
    "Bar",
    "BarScale",
    "FunnelPlot",
    "FunnelPoint",
    "MapLegendItem",
    "MapShape",
    "MapView",
    "Projection",
    "Pyramid",
    "PyramidRow",
    "Ring",
    "SeriesPoint",
    "Tick",
    "centroid",
    "class_breaks",
    "colour_for",
    "funnel_plot",
    "polygons_of",
    "pyramid",
    "quartiles",
    "ring_path",
    "series_svg",
    "spine_svg",
]
