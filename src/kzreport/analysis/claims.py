"""What the cleaning notebook shows about the evidence base."""

from __future__ import annotations

import pandas as pd

from kzreport.evidence.vocab import CLAIMANT_TYPES


def claims_by_source_and_type(claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Claims per source (rows, in registry order) and claimant type (columns), with totals."""
    table = pd.crosstab(claims["source_id"], claims["claimant_type"])
    table = table.reindex(index=list(sources["source_id"]), columns=list(CLAIMANT_TYPES), fill_value=0)
    table = table.loc[:, table.sum() > 0]
    table["total"] = table.sum(axis=1)
    table.loc["total"] = table.sum()
    return table.astype(int)


def bounds_differ(claims: pd.DataFrame, metrics: list[str] | None = None) -> pd.DataFrame:
    """Claims of each metric whose (value_low, value_high) differ between sources.

    A source here is a document or a claimant: a metric qualifies when at least two different
    (document, claimant) pairs print it and their bounds are not all the same. So CAT's and HRW's
    counts, both printed by ACCORD, are compared too. Sorted by metric, then the date stated.
    """
    df = claims if metrics is None else claims[claims["metric"].isin(metrics)]
    keep = []
    for metric, group in df.groupby("metric", sort=True):
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


def bound_text(low, high) -> str:
    """'164', '≥ 225', '≤ 260', '2–7.5', 'unbounded' for a pair of bounds."""
    def f(v):
        return str(int(v)) if float(v).is_integer() else str(v)
    lo, hi = (None if pd.isna(low) else low), (None if pd.isna(high) else high)
    if lo is not None and hi is not None:
        return f(lo) if lo == hi else f"{f(lo)}–{f(hi)}"
    if lo is not None:
        return f"≥ {f(lo)}"
    if hi is not None:
        return f"≤ {f(hi)}"
    return "no bound"
