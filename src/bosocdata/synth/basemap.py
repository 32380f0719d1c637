"""The fictitious municipality's outline and districts, for the map's background.

A real municipality draws these from public boundaries (DAGI's kommune- and
sogne-/bydelsgrænser); they are not register data and do not pass through the store. The
generator writes them beside the delivery, in `kort/kommune.geojson` (a sub-folder, which
ingest does not read), in WGS84 as RFC 7946 asks; `bosoc demo` puts the file where the web
application looks for it (docs/concepts/web.md, "The map").
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from bosocdata.synth import catalogue as cat
from bosocdata.synth.geography import BLOCK, X0, Y0, _district, _land_blocks

BASEMAP_DIR = "kort"
BASEMAP_FILE = "kommune.geojson"
MUNICIPALITY_NAME = "Kommunen"


def _wgs84(geometry: BaseGeometry) -> dict[str, object]:
    to_wgs = Transformer.from_crs("EPSG:25832", "EPSG:4326", always_xy=True)
    projected = shapely.transform(
        geometry, lambda xy: np.column_stack(to_wgs.transform(xy[:, 0], xy[:, 1]))
    )
    rounded = shapely.set_precision(projected, 1e-6)
    return dict(json.loads(shapely.to_geojson(rounded)))


def basemap_features() -> list[dict[str, object]]:
    """The municipality (all land blocks) and its five districts, as GeoJSON features with
    properties `kind` (`municipality` or `district`) and `name`."""
    bx, by = _land_blocks()
    district = _district(bx, by)
    blocks = [box(X0 + x * BLOCK, Y0 + y * BLOCK, X0 + (x + 1) * BLOCK, Y0 + (y + 1) * BLOCK)
              for x, y in zip(bx.tolist(), by.tolist(), strict=True)]  # fmt: skip
    features: list[dict[str, object]] = [
        {
            "type": "Feature",
            "properties": {"kind": "municipality", "name": MUNICIPALITY_NAME},
            "geometry": _wgs84(shapely.union_all(blocks)),
        }
    ]
    for d, name in enumerate(cat.DISTRICTS):
        mine = [b for b, k in zip(blocks, district.tolist(), strict=True) if k == d]
        if mine:
            features.append(
                {
                    "type": "Feature",
                    "properties": {"kind": "district", "name": name},
                    "geometry": _wgs84(shapely.union_all(mine)),
                }
            )
    return features


def write_basemap(out_dir: Path) -> Path:
    """Write `out_dir/kort/kommune.geojson`; its path."""
    path = out_dir / BASEMAP_DIR / BASEMAP_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    collection = {"type": "FeatureCollection", "features": basemap_features()}
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return path
