"""The places the events and claims name, with where they lie: the data of the places map.

A place counts once per event (or claim) whose ``location`` names it, alone or in a list ("Taraz; Kyzylorda;
Shymkent"). Coordinates come from the curated GeoNames ids (``data/raw/curation/place_coordinates.csv``) looked
up in the package's table (:mod:`kzreport.evidence.geodata`); a place without an id (a region, a country) is not
on the map and is listed by :func:`unmapped`.
"""

from __future__ import annotations

import pandas as pd

from kzreport.evidence import geodata
from kzreport.evidence.curation import Curation

COLUMNS = ["place", "geonameid", "geonames_name", "lat", "lon", "country", "n_events", "n_claims", "first_date",
           "last_date", "event_ids", "place_de"]  # place_de: the place's German name (places.csv), for the German edition


def _named(df: pd.DataFrame, id_column: str, date_column: str) -> pd.DataFrame:
    """One row per (place, id): each place a row's location names."""
    rows = [(p.strip(), i, d) for loc, i, d in zip(df["location"].fillna(""), df[id_column], df[date_column].fillna(""))
            for p in str(loc).split(";") if p.strip()]
    return pd.DataFrame(rows, columns=["place", "id", "date"])


def in_window(dates: pd.Series, start: str | None, end: str | None) -> pd.Series:
    """Whether each ISO date ('2022-01-05', '2022-01', '2022') may fall in [start, end]: a month or year counts
    when it overlaps the window."""
    d = dates.fillna("").astype(str)
    ok = d != ""
    if start:
        ok &= d.map(lambda v: (v + "-99-99")[:10] >= start)
    if end:
        ok &= d.str[:10] <= end
    return ok


def places_table(events: pd.DataFrame, claims: pd.DataFrame, curation: Curation, start: str | None = None,
                 end: str | None = None) -> pd.DataFrame:
    """Every place with coordinates that an event or a claim names (:data:`COLUMNS`): how many events and claims
    name it, the first and last event date (ISO, as precise as the events give it) and the events' ids;
    largest number of events first, then by name. ``start``/``end`` (ISO days) count only the events that may fall
    between them (e.g. 1–11 January 2022); the claims are counted whatever their date."""
    if start or end:
        events = events[in_window(events["date"], start, end)]
    ev = _named(events, "event_id", "date")
    cl = _named(claims, "claim_id", "reported_on")
    coords = curation.coordinates[["place", "geonameid"]].merge(geodata.cities(curation.coordinates["geonameid"]),
                                                                 on="geonameid", how="inner")
    german = _german(curation)
    out = []
    for r in coords.itertuples():
        e = ev[ev["place"] == r.place].sort_values(["date", "id"])
        n_claims = int((cl["place"] == r.place).sum())
        if e.empty and not n_claims:
            continue
        out.append({"place": r.place, "geonameid": r.geonameid, "geonames_name": r.geonames_name, "lat": r.lat,
                    "lon": r.lon, "country": r.country, "n_events": len(e), "n_claims": n_claims,
                    "first_date": e["date"].iloc[0] if len(e) else "", "last_date": e["date"].iloc[-1] if len(e) else "",
                    "event_ids": " ".join(e["id"]), "place_de": german.get(r.place, r.place)})
    df = pd.DataFrame(out, columns=COLUMNS)
    return df.sort_values(["n_events", "n_claims", "place"], ascending=[False, False, True], kind="stable").reset_index(drop=True)


def _german(curation: Curation) -> dict[str, str]:
    """English place name -> its German name (``place_de`` of places.csv; none when the lists have no such column)."""
    return curation.place_names("de") if hasattr(curation, "place_names") else {}


def unmapped_places(events: pd.DataFrame, claims: pd.DataFrame, curation: Curation) -> list[dict[str, str]]:
    """:func:`unmapped` as records, each ``place`` with its German name (``place_de``), for the templates."""
    german = _german(curation)
    return [{"place": p, "place_de": german.get(p, p)} for p in unmapped(events, claims, curation)]


def unmapped(events: pd.DataFrame, claims: pd.DataFrame, curation: Curation) -> list[str]:
    """Places the events or claims name that have no coordinates (regions, the country, places abroad), sorted."""
    named = set(_named(events, "event_id", "date")["place"]) | set(_named(claims, "claim_id", "reported_on")["place"])
    return sorted(named - set(curation.coordinates["place"]))
