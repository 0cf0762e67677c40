"""The map of the mission's sites: points over admin-1 boundaries, drawn as SVG by hand.

A small map needs no GIS stack: the boundaries are a GeoJSON of a few hundred points per
province, projected equirectangularly with the longitude scaled by the cosine of the
middle latitude (true enough for a country the size of Panama), and written as SVG paths.
No browser, no network, no tiles, and the same drawing in HTML and in the PDF.

The sites come from the mission's site list (reference data with coordinates); whether a
site had activity comes from the ``sites-active`` indicator, never from the records.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import escape

from opsreport.errors import ReportError
from opsreport.report.i18n import tr

WIDTH = 640  # SVG user units; the page scales the drawing to its column
PADDING = 8


@dataclass(frozen=True)
class MapSite:
    code: str
    name: str
    latitude: float
    longitude: float
    admin1: str = ""


@dataclass(frozen=True)
class Province:
    pcode: str
    name: str
    rings: list[list[tuple[float, float]]]  # (lon, lat) rings, outer and holes


Boundaries = list[Province]


def mission_sites(store: Any) -> list[MapSite]:
    """The mission's sites that have coordinates (reference data, read once)."""
    from opsreport.indicators.backend import open_tables

    with open_tables(store) as tables:
        rows = tables.rows(
            tables.site.select("code", "name", "latitude", "longitude", "admin1_pcode")
        )
    return [
        MapSite(
            r["code"], r["name"], float(r["latitude"]), float(r["longitude"]), r["admin1_pcode"]
        )
        for r in sorted(rows, key=lambda r: r["code"])
        if r["latitude"] is not None and r["longitude"] is not None
    ]


def mission_boundary_file(store: Any) -> str | None:
    """The ``boundary_file`` the mission file named, as written (None when it named none)."""
    from opsreport.indicators.backend import open_tables

    with open_tables(store) as tables:
        rows = tables.rows(tables.mission.select("boundary_file"))
    return next((r["boundary_file"] for r in rows if r["boundary_file"]), None)


def load_boundaries(path: Path) -> Boundaries:
    """Admin-1 units of a GeoJSON with ``adm1_pcode``/``adm1_name`` properties."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(
            tr(
                "The boundary file {path} does not exist (set OPSREPORT_BOUNDARY_FILE or the "
                "mission file's boundary_file to a GeoJSON of admin-1 boundaries)."
            ).format(path=path)
        ) from None
    except (OSError, ValueError) as exc:
        raise ReportError(
            tr("The boundary file {path} is not readable GeoJSON: {cause}").format(
                path=path, cause=exc
            )
        ) from None
    provinces = []
    for feature in data.get("features", []):
        props = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        polygons = geometry.get("coordinates", [])
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        elif geometry.get("type") != "MultiPolygon":
            continue
        rings = [[(float(x), float(y)) for x, y, *_ in ring] for poly in polygons for ring in poly]
        provinces.append(
            Province(str(props.get("adm1_pcode", "")), str(props.get("adm1_name", "")), rings)
        )
    if not provinces:
        raise ReportError(tr("The boundary file {path} has no polygons.").format(path=path))
    return provinces


class _Projection:
    """Longitude/latitude → SVG x/y, fitted to a bounding box."""

    def __init__(self, points: list[tuple[float, float]]) -> None:
        lons = [p[0] for p in points]
        lats = [p[1] for p in points]
        self.west, self.east = min(lons), max(lons)
        self.south, self.north = min(lats), max(lats)
        if self.east - self.west < 0.5:  # a few sites close together: keep some context
            self.west, self.east = self.west - 0.5, self.east + 0.5
        if self.north - self.south < 0.5:
            self.south, self.north = self.south - 0.5, self.north + 0.5
        self.kx = math.cos(math.radians((self.north + self.south) / 2))
        self.scale = (WIDTH - 2 * PADDING) / ((self.east - self.west) * self.kx)
        self.height = round((self.north - self.south) * self.scale + 2 * PADDING)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = PADDING + (lon - self.west) * self.kx * self.scale
        y = PADDING + (self.north - lat) * self.scale
        return round(x, 1), round(y, 1)


def map_svg(
    boundaries: Boundaries | None,
    sites: list[MapSite],
    activity: Mapping[str, int],
    title: str = "",
) -> str:
    """The SVG of the map: provinces with active sites shaded, sites sized by activity.

    ``activity`` is records per site code in the period; a site without any is drawn as
    a small hollow circle.
    """
    highlight = {s.admin1 for s in sites if activity.get(s.code)}
    points = [pt for p in boundaries or [] for ring in p.rings for pt in ring]
    points += [(s.longitude, s.latitude) for s in sites]
    if not points:
        return ""
    project = _Projection(points)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="site-map" role="img" '
        f'viewBox="0 0 {WIDTH} {project.height}" width="{WIDTH}" height="{project.height}">',
        f"<title>{escape(title)}</title>",
    ]
    for province in boundaries or []:
        path = " ".join(
            "M" + " L".join(f"{x},{y}" for x, y in (project(*pt) for pt in ring)) + " Z"
            for ring in province.rings
        )
        active = province.pcode in highlight
        parts.append(
            f'<path class="province{" active" if active else ""}" d="{path}" '
            f'fill="{"#d3e4f3" if active else "#eef1f4"}" stroke="#9aa7b4" '
            'stroke-width="0.8" fill-rule="evenodd">'
            f"<title>{escape(province.name)}</title></path>"
        )
    busiest = max(activity.values(), default=0) or 1
    # quiet sites first, so the active ones are drawn on top
    for site in sorted(sites, key=lambda s: activity.get(s.code, 0)):
        x, y = project(site.longitude, site.latitude)
        records = activity.get(site.code, 0)
        if records:
            radius = round(4 + 10 * math.sqrt(records / busiest), 1)
            style = 'fill="#d9621b" fill-opacity="0.75" stroke="#ffffff" stroke-width="1"'
        else:
            radius, style = 3.5, 'fill="#ffffff" stroke="#5b6673" stroke-width="1.2"'
        parts.append(
            f'<circle class="site{" active" if records else ""}" cx="{x}" cy="{y}" '
            f'r="{radius}" {style}><title>{escape(site.name)}</title></circle>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
