"""The one chart set (SVG, drawn on the server, no JavaScript) of the pages and reports.

For the web pages Python computes the geometry and the templates write the elements
(`series`, `spine`, `map`, `funnel`, `pyramid`); for the PDF reports `report_svg`
writes the series and spine charts as escaped SVG text. Shared: `common` (coordinates,
ticks, the map's palette).
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
from bosocdata.presentation.charts.series import Bar, BarScale, Dot, SeriesChart, series_chart
from bosocdata.presentation.charts.spine import Spine, quartiles, spine

__all__ = [
    "MAP_MISSING",
    "MAP_PALETTE",
    "Bar",
    "BarScale",
    "Dot",
    "FunnelPlot",
    "FunnelPoint",
    "MapLegendItem",
    "MapShape",
    "MapView",
    "Projection",
    "Pyramid",
    "PyramidRow",
    "Ring",
    "SeriesChart",
    "Spine",
    "Tick",
    "centroid",
    "class_breaks",
    "colour_for",
    "funnel_plot",
    "polygons_of",
    "pyramid",
    "quartiles",
    "ring_path",
    "series_chart",
    "spine",
]
