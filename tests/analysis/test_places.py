"""analysis.places: the places events and claims name, with coordinates from the curated GeoNames ids."""

from __future__ import annotations

import pandas as pd

from kzreport.analysis import places
from kzreport.evidence.curation import Curation

CURATION = Curation(coordinates=pd.DataFrame({"place": ["Almaty", "Zhanaozen", "Taraz"],
                                              "geonameid": ["1526384", "607610", "1516905"]}))
EVENTS = pd.DataFrame({"event_id": ["e1", "e2", "e3", "e4"], "date": ["2022-01-05", "2022-01", "1986-12", "2022-01-04"],
                       "location": ["Almaty", "Almaty", "Almaty", "Zhanaozen"]})
CLAIMS = pd.DataFrame({"claim_id": ["c1", "c2"], "reported_on": ["2024-01-11", "2022-01-09"],
                       "location": ["Taraz; Kyzylorda; Shymkent", "Kazakhstan"]})


def test_places_count_events_and_claims_with_coordinates_from_the_package():
    df = places.places_table(EVENTS, CLAIMS, CURATION)
    assert list(df["place"]) == ["Almaty", "Zhanaozen", "Taraz"]
    assert list(df["n_events"]) == [3, 1, 0] and list(df["n_claims"]) == [0, 0, 1]
    almaty = df.iloc[0]
    assert round(almaty["lat"], 1) == 43.3 and round(almaty["lon"], 1) == 76.9 and almaty["country"] == "KZ"
    assert almaty["first_date"] == "1986-12" and almaty["event_ids"] == "e3 e2 e1"


def test_a_window_counts_only_the_events_that_may_fall_in_it():
    df = places.places_table(EVENTS, CLAIMS, CURATION, "2022-01-01", "2022-01-11")
    assert dict(zip(df["place"], df["n_events"])) == {"Almaty": 2, "Zhanaozen": 1, "Taraz": 0}


def test_places_without_coordinates_are_listed():
    assert places.unmapped(EVENTS, CLAIMS, CURATION) == ["Kazakhstan", "Kyzylorda", "Shymkent"]
