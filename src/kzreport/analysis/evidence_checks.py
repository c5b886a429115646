"""What the evidence checks companion (notebooks/companion/evidence-checks.ipynb, published beside the report as evidence-checks.html) states about the evidence base: counts, which
figures are printed with different bounds, which quotes needed normalising, which dates were resolved by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kzreport.evidence import Evidence
from kzreport.evidence.vocab import CLAIMANT_TYPE_LABELS, CLAIMANT_TYPES


def first_day(iso: str) -> str:
    """The first day a YYYY-MM-DD / YYYY-MM / YYYY date can mean: '2024-04' -> '2024-04-01'."""
    return {4: f"{iso}-01-01", 7: f"{iso}-01"}.get(len(iso), iso)


@dataclass(frozen=True)
class Overview:
    """The evidence base in numbers."""

    claims: int
    documents: int
    claimants: int
    by_type: tuple[tuple[str, int], ...]  # (claimant type label, claims), in vocabulary order
    metrics: int
    core_claims: int
    events: int
    first_event: str  # ISO date as curated (day, month or year)
    last_event: str
    official_claims: int
    documents_printing_official: int


def overview(ev: Evidence) -> Overview:
    claims, events = ev.claims, ev.events
    by_type = claims["claimant_type"].value_counts()
    ordered = events.assign(_first=events["date"].map(first_day)).sort_values(["_first", "date"], kind="stable")
    official = claims[claims["claimant_type"] == "official"]
    return Overview(
        claims=len(claims), documents=len(ev.sources), claimants=claims["claimant"].nunique(),
        by_type=tuple((CLAIMANT_TYPE_LABELS[t], int(by_type[t])) for t in CLAIMANT_TYPES if t in by_type),
        metrics=claims["metric"].nunique(), core_claims=int(claims["is_core_metric"].sum()), events=len(events),
        first_event=ordered["date"].iloc[0] if len(ordered) else "", last_event=ordered["date"].iloc[-1] if len(ordered) else "",
        official_claims=len(official), documents_printing_official=official["source_id"].nunique(),
    )


def claims_by_source_and_type(claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Claims per source (rows, in registry order) and claimant type (columns), with totals."""
    table = pd.crosstab(claims["source_id"], claims["claimant_type"])
    table = table.reindex(index=list(sources["source_id"]), columns=list(CLAIMANT_TYPES), fill_value=0)
    table = table.loc[:, table.sum() > 0]
    table["total"] = table.sum(axis=1)
    table.loc["total"] = table.sum()
    return table.astype(int)


def claims_by_type_and_metric(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims per claimant type (rows, vocabulary order) and metric (columns, most claimed first)."""
    table = pd.crosstab(claims["claimant_type"], claims["metric"])
    order = table.sum().sort_values(ascending=False, kind="stable").index
    return table.reindex(index=[t for t in CLAIMANT_TYPES if t in table.index], columns=order).astype(int)


def bounds_differ(claims: pd.DataFrame, metrics: list[str] | None = None) -> pd.DataFrame:
    """Claims of each metric whose (value_low, value_high) differ between sources.

    A source here is a document or a claimant: a metric qualifies when at least two different
    (document, claimant) pairs print it and their bounds are not all the same. So CAT's and HRW's
    counts, both printed by ACCORD, are compared too. Sorted by metric, then the date stated.
    """
    df = claims if metrics is None else claims[claims["metric"].isin(metrics)]
    keep = []
    for _metric, group in df.groupby("metric", sort=True):
        if len(set(zip(group["source_id"], group["claimant"]))) < 2:
            continue
        pairs = {(lo, hi) for lo, hi in zip(group["value_low"].fillna(-1), group["value_high"].fillna(-1))}
        if len(pairs) > 1:
            keep.append(group)
    if not keep:
        return claims.iloc[0:0]
    out = pd.concat(keep)
    return out.sort_values(["metric", "reported_on", "claim_id"], kind="stable").reset_index(drop=True)


def normalised_quotes(claims: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Every quote that matched its source only after normalising extraction artefacts."""
    parts = []
    for df, idcol in ((claims, "claim_id"), (events, "event_id")):
        hit = df[df["quote_match"] != "verbatim"]
        parts.append(pd.DataFrame({"id": hit[idcol], "source_id": hit["source_id"],
                                   "steps": hit["quote_match"].str.replace(";", ", "), "quote": hit["quote"]}))
    return pd.concat(parts, ignore_index=True)


def step_counts(normalised: pd.DataFrame) -> list[tuple[str, int]]:
    """How many quotes needed each combination of normalising steps, most frequent first."""
    return [(str(steps), int(n)) for steps, n in normalised["steps"].value_counts().items()]


def hand_resolved_dates(events: pd.DataFrame) -> pd.DataFrame:
    """Events whose printed date (a weekday, 'next morning') could not be read and was resolved by hand."""
    return events[~events["is_date_checked"]]
