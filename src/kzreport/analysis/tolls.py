"""Official versus non-official tolls (notebooks/03-casualties.ipynb): which claims the chapter shows, how
each one is drawn, and every figure its prose picks by rule.

Selection rules (:func:`select_claims`):

* a claim is *shown* when its metric is selected, its claimant type is selected, the first day
  its ``reported_on`` can mean lies in [reported_from, reported_to], and the period it covers does
  not end before ``period_from`` (a claim with no period, or an open end, is kept);
* ``nationwide_only`` keeps only claims whose location is Kazakhstan as a whole;
* a figure printed only in the teaser of a related article (judgement ``related_article``) is not shown: it is not
  a figure of the document, and nothing dates it; nor is a nation-wide figure that is part of a larger count
  (judgement ``part``: Freedom House's hundreds of peaceful protesters unlawfully detained), which is no total;
* the comparisons (first, highest, lowest, the sequence of official figures) use *nation-wide*
  claims with a number only (a city's toll is not a national toll, a word is not a count).

"Highest" compares the bound a figure sets (:func:`rank_value`): "more than 10,000" (at least 10,001)
beats "almost 10,000" (at most 9,999). The executive summary picks its key figures with the same
functions (:func:`first_official`, :func:`highest`, :func:`rank_value`), so it never disagrees with
this chapter.

Pure pandas: DataFrames and small frozen records, no text for readers but the data's own values.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass, field

import pandas as pd

from kzreport.analysis import editions, parameters
from kzreport.analysis.claims import NATIONWIDE, has_judgement
from kzreport.analysis.evidence_checks import first_day
from kzreport.evidence import parse
from kzreport.evidence.curation import Curation
from kzreport.evidence.vocab import CLAIMANT_TYPE_LABELS, CLAIMANT_TYPES

# Words printed instead of a number that the chapter names to explain the convention (their floors come
# from the evidence parser, the one place that reads them).
VAGUE_EXAMPLES = ("Dutzende", "Hunderte", "Tausende")


# ---------------------------------------------------------------------------- dates
def last_day(iso: str) -> str:
    """The last day a YYYY-MM-DD / YYYY-MM / YYYY date can mean: '2024-02' -> '2024-02-29'."""
    iso = str(iso)
    if len(iso) == 4:
        return f"{iso}-12-31"
    if len(iso) == 7:
        y, m = int(iso[:4]), int(iso[5:7])
        return f"{iso}-{calendar.monthrange(y, m)[1]:02d}"
    return iso


def date_precision(iso: str) -> str:
    """'day', 'month' or 'year': how precisely a YYYY-MM-DD / YYYY-MM / YYYY date is known."""
    return {4: "year", 7: "month"}.get(len(str(iso)), "day")


# ---------------------------------------------------------------------------- names from the curation
def metric_label(metric: str, metrics: pd.DataFrame | None = None) -> str:
    """How a metric is named on the chart: its ``chart_label`` in the curated ``metrics`` table
    (``data/raw/curation/metrics.csv``), else its name in words ('csto_troops' -> 'Csto troops')."""
    if metrics is not None and len(metrics):
        hit = metrics.loc[metrics["metric"] == metric, "chart_label"]
        if len(hit) and str(hit.iloc[0]).strip():
            return str(hit.iloc[0])
    return metric.replace("_", " ").capitalize()


def short_names(claimants: pd.DataFrame | None, column: str = "short") -> dict[str, str]:
    """Each curated claimant's short name for chart labels (``claimants.csv`` column ``short``; ``short_de`` for the
    German), where it has one."""
    if claimants is None or not len(claimants) or column not in claimants:
        return {}
    return {c: s for c, s in zip(claimants["claimant"], claimants[column]) if isinstance(s, str) and s.strip()}


def metric_label_texts(metrics: list, curated: pd.DataFrame | None) -> dict[str, dict[str, str]]:
    """Each metric's chart label in every language of the data (:func:`kzreport.analysis.editions.texts`:
    ``chart_label`` and ``chart_label_de``), for ``metrics`` and every curated metric; a metric without one in
    words ('csto_troops' -> 'Csto troops')."""
    given = editions.texts(curated, "metric", "chart_label")
    names = dict.fromkeys(list(metrics) + (list(curated["metric"]) if curated is not None and len(curated) else []))
    return {m: given.get(m) or {"en": metric_label(m)} for m in names}


# ---------------------------------------------------------------------------- one claim
def _isna(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def mark_kind(row) -> str:
    """How a claim is drawn: a word (vague), an estimate (about), a point, a range or one bound."""
    if bool(row["is_vague"]):
        return "vague"
    if row["qualifier"] == "about":
        return "about"
    lo, hi = row["value_low"], row["value_high"]
    if not _isna(lo) and not _isna(hi):
        return "exact" if lo == hi else "range"
    if not _isna(lo):
        return "lower"
    if not _isna(hi):
        return "upper"
    return "about"  # no bound at all: shown as an estimate at its value


def figure_value(row) -> float:
    """The number a claim prints (its upper bound for a range, its floor for a word): what the prose states."""
    if not _isna(row["value"]):
        return float(row["value"])
    if not _isna(row["value_high"]):
        return float(row["value_high"])
    return float(row["value_low"]) if not _isna(row["value_low"]) else math.nan


def rank_value(row) -> float:
    """What 'highest' compares: the bound a claim sets ('more than 10,000' -> 10,001 beats 'almost 10,000' -> 9,999).

    An exact figure or an estimate counts at its value, a lower or upper bound at that bound,
    a range at its upper end, a word at its floor.
    """
    kind = mark_kind(row)
    if kind in ("lower", "vague", "exact"):
        return float(row["value_low"])
    if kind in ("upper", "range"):
        return float(row["value_high"])
    return float(row["value"]) if not _isna(row["value"]) else math.nan


def mark_value(row) -> float:
    """Where a claim's mark sits: at its bound, a word at its floor, a range at its middle, an estimate at its value."""
    kind = mark_kind(row)
    if kind in ("exact", "lower", "vague"):
        return float(row["value_low"])
    if kind == "upper":
        return float(row["value_high"])
    if kind == "range":
        return (float(row["value_low"]) + float(row["value_high"])) / 2
    return float(row["value"])


def described(row) -> dict:
    """One claim as the templates read it: its columns, plus how it is drawn (``mark``), the number it prints
    (``figure``), how precisely its date is known (``date_precision``) and its claimant type's label
    (``type_label``)."""
    out = dict(row)
    out.update(mark=mark_kind(row), figure=figure_value(row), date_precision=date_precision(row["reported_on"]),
               type_label=CLAIMANT_TYPE_LABELS.get(row["claimant_type"], row["claimant_type"]))
    return out


def _described(row) -> dict | None:
    return None if row is None else described(row)


def vague_floors(words=VAGUE_EXAMPLES) -> tuple[tuple[str, float], ...]:
    """(word, the floor the report reads into it) for words printed instead of a number: ('Dutzende', 24.0), …"""
    return tuple((w, float(parse.parse_quantity(w).low)) for w in words)


# ---------------------------------------------------------------------------- selection
@dataclass(frozen=True)
class Selection:
    """The claims shown, and the parameters that chose them (for the prose)."""

    claims: pd.DataFrame
    metrics: list
    reported_from: str
    reported_to: str
    period_from: str
    claimant_types: list
    nationwide_only: bool
    excluded_before_period: pd.DataFrame  # selected otherwise, but about events before period_from
    labels: dict = field(default_factory=dict)  # metric -> its chart label, for every selected or curated metric
    label_texts: dict = field(default_factory=dict)  # metric -> {"en": …, "de": …}: the labels in each language

    def label(self, metric: str) -> str:
        """The metric's chart label (:func:`metric_label`)."""
        return self.labels.get(metric) or metric_label(metric)


def select_claims(claims: pd.DataFrame, *, metrics, reported_from: str, reported_to: str, period_from: str,
                  claimant_types, nationwide_only: bool = False, curation: Curation | None = None) -> Selection:
    """The claims the chapter shows (see the module docstring), with drawing columns added; a ValueError naming
    every unusable parameter (the rules of :mod:`kzreport.analysis.parameters`).

    Added: ``reported_first``/``reported_last`` (the days ``reported_on`` can mean),
    ``date_precision``, ``mark`` (how it is drawn), ``y`` (where), ``is_official``, ``is_nationwide``,
    ``claimant_short`` (the claimant's short name from ``curation``, else the claimant).
    Sorted by the order of ``metrics``, then the last day the date stated can mean (so "2022" follows
    "March 2022"), then the first, then claim_id.
    """
    metrics, claimant_types = list(metrics), list(claimant_types)
    refused = parameters.check_all({"reported_from": reported_from, "reported_to": reported_to,
                                    "period_from": period_from, "claimant_types": claimant_types}, None)
    if refused:  # the rules the build applies before the notebook runs (kzreport.analysis.parameters)
        raise ValueError("; ".join(r.message for r in refused))
    curation = curation or Curation()
    df = claims.copy()
    df["reported_first"] = df["reported_on"].map(first_day)
    df["reported_last"] = df["reported_on"].map(last_day)
    df["date_precision"] = df["reported_on"].map(date_precision)

    def period_ok(row) -> bool:
        end = row["period_end"]
        if not _isna(end) and end:
            return last_day(end) >= period_from
        return True  # no period, or an open end: not known to be about earlier events

    keep = (df["metric"].isin(metrics) & df["claimant_type"].isin(claimant_types)
            & (df["reported_first"] >= reported_from) & (df["reported_first"] <= reported_to))
    if nationwide_only:
        keep &= df["location"] == NATIONWIDE
    if "judgements" in df:
        keep &= ~has_judgement(df, "related_article") & ~(has_judgement(df, "part") & (df["location"] == NATIONWIDE))
    in_period = df.apply(period_ok, axis=1) if len(df) else pd.Series(dtype=bool)
    excluded = df[keep & ~in_period]
    df = df[keep & in_period].copy()
    df["mark"] = [mark_kind(r) for _, r in df.iterrows()]
    df["y"] = [mark_value(r) for _, r in df.iterrows()]
    df["is_official"] = df["claimant_type"] == "official"
    df["is_nationwide"] = df["location"] == NATIONWIDE
    shorts = short_names(curation.claimants)
    df["claimant_short"] = [shorts.get(c, c) for c in df["claimant"]]
    shorts_de = short_names(curation.claimants, "short_de")
    # in German: the German short name, else the English one, else (no short name) the claimant's German name
    df["claimant_short_de"] = [shorts_de.get(c) or (en if c in shorts or not (isinstance(de, str) and de) else de)
                               for c, en, de in zip(df["claimant"], df["claimant_short"],
                                                    df.get("claimant_de", df["claimant_short"]))]
    order = {m: i for i, m in enumerate(metrics)}
    df["_m"] = df["metric"].map(order)
    df = (df.sort_values(["_m", "reported_last", "reported_first", "claim_id"], kind="stable")
          .drop(columns="_m").reset_index(drop=True))
    labels = {m: metric_label(m, curation.metrics) for m in dict.fromkeys(metrics + list(curation.metrics["metric"]))}
    return Selection(df, metrics, reported_from, reported_to, period_from, claimant_types, nationwide_only,
                     excluded.sort_values("claim_id", kind="stable").reset_index(drop=True), labels,
                     metric_label_texts(metrics, curation.metrics))


def sources_used(sel: Selection, sources: pd.DataFrame) -> list[str]:
    """The documents the shown claims come from, in the registry's order."""
    used = set(sel.claims["source_id"])
    return [s for s in sources["source_id"] if s in used]


# ---------------------------------------------------------------------------- picking figures by rule
def nationwide_figures(df: pd.DataFrame, metric: str | None = None) -> pd.DataFrame:
    """The nation-wide claims of ``metric`` (None: of every metric) that print a number (no word): those the
    comparisons use."""
    keep = ~df["is_vague"].astype(bool) & (df["location"] == NATIONWIDE)
    return df[keep & (df["metric"] == metric)] if metric is not None else df[keep]


def _by_date(df: pd.DataFrame) -> pd.DataFrame:
    """In the order stated, for certain: a figure dated only '2022' may be from December, so it sorts by its
    last day."""
    return df.assign(_last=df["reported_on"].map(last_day), _first=df["reported_on"].map(first_day)).sort_values(
        ["_last", "_first", "claim_id"], kind="stable").drop(columns=["_last", "_first"])


def first_official(df: pd.DataFrame, metric: str):
    """The earliest nation-wide official figure of ``metric``: an unqualified one if there is any (None if none)."""
    cand = nationwide_figures(df, metric)
    cand = cand[cand["claimant_type"] == "official"]
    exact = cand[cand["qualifier"] == "exact"]
    cand = exact if not exact.empty else cand
    if cand.empty:
        return None
    return _by_date(cand).iloc[0]


def _ranked(cand: pd.DataFrame) -> pd.DataFrame:
    return cand.assign(_v=[rank_value(r) for _, r in cand.iterrows()], _q=(cand["qualifier"] != "exact").astype(int),
                       _last=cand["reported_on"].map(last_day))


def highest(df: pd.DataFrame, metric: str, official: bool):
    """The highest nation-wide figure of ``metric`` from official (or non-official) claimants (None if none).

    'Highest' compares :func:`rank_value`; on a tie the unqualified figure, then the earliest wins.
    """
    cand = nationwide_figures(df, metric)
    cand = cand[(cand["claimant_type"] == "official") == official]
    if cand.empty:
        return None
    return _ranked(cand).sort_values(["_v", "_q", "_last", "claim_id"], ascending=[False, True, True, True],
                                     kind="stable").iloc[0]


def highest_any(df: pd.DataFrame, metric: str):
    """The highest nation-wide figure from anyone; on a tie the official one (None if none)."""
    found = [h for h in (highest(df, metric, True), highest(df, metric, False)) if h is not None]
    return max(found, key=rank_value) if found else None  # max keeps the first (official) on a tie


def lowest(df: pd.DataFrame, metric: str):
    """The lowest nation-wide figure of ``metric`` (by :func:`rank_value`; unqualified, then earliest, on a tie)."""
    cand = nationwide_figures(df, metric)
    if cand.empty:
        return None
    return _ranked(cand).sort_values(["_v", "_q", "_last", "claim_id"], kind="stable").iloc[0]


def official_sequence(df: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Nation-wide official figures of ``metric`` in the order stated (a month or year sorts by its last day)."""
    cand = nationwide_figures(df, metric)
    return _by_date(cand[cand["claimant_type"] == "official"])


def highest_floor(df: pd.DataFrame, metric: str, official: bool):
    """The highest nation-wide lower bound (a figure that says 'at least so many'); None if none."""
    cand = nationwide_figures(df, metric)
    cand = cand[((cand["claimant_type"] == "official") == official) & cand["value_low"].notna()]
    if cand.empty:
        return None
    return cand.assign(_first=cand["reported_on"].map(first_day)).sort_values(
        ["value_low", "_first", "claim_id"], ascending=[False, True, True], kind="stable").iloc[0]


def same_figure_groups(df: pd.DataFrame) -> list[pd.DataFrame]:
    """Claims that print the same figure in the same document (e.g. German text and English annex)."""
    keys = ["metric", "source_id", "claimant", "reported_on", "qualifier", "location"]
    filled = df.assign(_lo=df["value_low"].fillna(-1), _hi=df["value_high"].fillna(-1), _v=df["value"].fillna(-1))
    groups = []
    for _, g in filled.groupby(keys + ["_lo", "_hi", "_v"], sort=False, dropna=False):
        groups.append(df.loc[g.index])
    order = {i: n for n, i in enumerate(df.index)}
    return sorted(groups, key=lambda g: order[g.index[0]])


def words(df: pd.DataFrame) -> pd.DataFrame:
    """The claims that print a word instead of a number ("Dutzende"), in the order given."""
    return df[df["is_vague"].astype(bool)]


# ---------------------------------------------------------------------------- what the chapter states
def _records(df: pd.DataFrame) -> tuple[dict, ...]:
    return tuple(described(r) for _, r in df.iterrows())


@dataclass(frozen=True)
class Counts:
    """The claims shown, counted: by metric, official or not, by claimant type; single places; those left out."""

    claims: int
    documents: int
    official: int
    non_official: int
    by_metric: tuple[tuple[str, int, int], ...]  # (chart label, claims, official claims) per selected metric
    by_type: tuple[tuple[str, int], ...]  # (claimant type label, claims), non-official types present, vocabulary order
    local: int  # claims about single places, not the country
    places: tuple[str, ...]  # those places as the claims name them, each once, in the order shown
    excluded: tuple[dict, ...]  # claims left out because their period ends before period_from
    period_from: str
    official_paraphrased: tuple[dict, ...] = ()  # official claims known only from a third party's paraphrase


def counts(sel: Selection) -> Counts:
    df = sel.claims
    by_type = df["claimant_type"].value_counts()
    local = df[~df["is_nationwide"]]
    official = int(df["is_official"].sum())
    return Counts(
        claims=len(df), documents=df["source_id"].nunique(), official=official, non_official=len(df) - official,
        by_metric=tuple((sel.label(m), int((df["metric"] == m).sum()),
                         int(((df["metric"] == m) & df["is_official"]).sum())) for m in sel.metrics),
        by_type=tuple((CLAIMANT_TYPE_LABELS[t], int(by_type[t])) for t in CLAIMANT_TYPES
                      if t != "official" and t in by_type),
        local=len(local), places=tuple(dict.fromkeys(str(p) for p in local["location"])),
        excluded=tuple(dict(r, label=sel.label(r["metric"])) for r in _records(sel.excluded_before_period)),
        period_from=sel.period_from,
        official_paraphrased=_records(df[df["is_official"] & has_judgement(df, "paraphrase")]),
    )


@dataclass(frozen=True)
class DeathToll:
    """The spread of a death toll: the first and the highest official figure, the official figures in the order
    stated, the highest non-official figure and lower bound, the range of the numbers, and activists' words."""

    metric: str
    label: str
    selected: bool
    first: dict | None = None  # the first nation-wide official figure (first_official)
    top_official: dict | None = None
    top_official_is_first: bool = False
    rise: float | None = None  # how many more the highest official figure counts than the first (both unqualified)
    rise_share: float | None = None  # rise / first
    sequence: tuple[dict, ...] = ()  # official nation-wide figures in the order stated
    top_non_official: dict | None = None
    floor_non_official: dict | None = None  # the highest non-official lower bound, when it is another claim
    nationwide: int = 0  # nation-wide figures with a number
    lowest_number: float | None = None  # the numbers they print, from … to …
    highest_number: float | None = None
    words: tuple[dict, ...] = ()  # activists' words for deaths (any metric counting deaths), each with its label


def death_toll(sel: Selection, metric: str = "killed") -> DeathToll:
    label = sel.label(metric)
    if metric not in sel.metrics:
        return DeathToll(metric, label, selected=False)
    df = sel.claims
    first, top_off = first_official(df, metric), highest(df, metric, official=True)
    top_non, floor_non = highest(df, metric, official=False), highest_floor(df, metric, official=False)
    rise = share = None
    if first is not None and top_off is not None and top_off["qualifier"] == "exact" and first["qualifier"] == "exact":
        diff = figure_value(top_off) - figure_value(first)
        if diff > 0:
            rise, share = diff, diff / figure_value(first)
    quantified = nationwide_figures(df, metric)
    numbers = [figure_value(r) for _, r in quantified.iterrows()]
    said = df[df["is_vague"].astype(bool) & df["metric"].str.contains(metric, regex=False)
              & (df["claimant_type"] == "activist")]
    return DeathToll(
        metric, label, selected=True, first=_described(first), top_official=_described(top_off),
        top_official_is_first=first is not None and top_off is not None and top_off["claim_id"] == first["claim_id"],
        rise=rise, rise_share=share, sequence=_records(official_sequence(df, metric)),
        top_non_official=_described(top_non),
        floor_non_official=_described(floor_non) if floor_non is not None and top_non is not None
        and floor_non["claim_id"] != top_non["claim_id"] else None,
        nationwide=len(quantified), lowest_number=min(numbers) if numbers else None,
        highest_number=max(numbers) if numbers else None,
        words=tuple(dict(described(r), label=sel.label(r["metric"]))
                    for _, r in said.iterrows()),
    )


@dataclass(frozen=True)
class FigureGroup:
    """One figure as stated, printed in one or more passages of one document."""

    claim: dict  # the first passage
    ids: tuple[str, ...]  # every passage's claim id
    printed: tuple[str, ...]  # the figure as printed in them, each wording once


@dataclass(frozen=True)
class Sequence:
    """Every nation-wide figure of a metric with a number, in the order stated, and the highest of each side."""

    metric: str
    label: str
    selected: bool
    groups: tuple[FigureGroup, ...] = ()
    top_official: dict | None = None
    top_non_official: dict | None = None
    words: int = 0  # claims of the metric that print a word instead


def sequence(sel: Selection, metric: str) -> Sequence:
    label = sel.label(metric)
    if metric not in sel.metrics:
        return Sequence(metric, label, selected=False)
    df = nationwide_figures(sel.claims, metric)
    groups = tuple(FigureGroup(described(g.iloc[0]), tuple(g["claim_id"]), tuple(dict.fromkeys(g["value_text"])))
                   for g in same_figure_groups(df))
    n_words = int((words(sel.claims)["metric"] == metric).sum())
    return Sequence(metric, label, True, groups, _described(highest(df, metric, True)),
                    _described(highest(df, metric, False)), n_words)


def vague_claims(sel: Selection) -> tuple[dict, ...]:
    """Every shown claim that prints a word instead of a number, with its metric's label."""
    return tuple(dict(r, label=sel.label(r["metric"])) for r in _records(words(sel.claims)))


@dataclass(frozen=True)
class Panel:
    """What one panel of Figure 3.1 shows, for its alt text: how many claims, the range of nation-wide numbers
    (or the one number), and the words."""

    metric: str
    label: str
    claims: int
    only: dict | None  # the one nation-wide number, when there is exactly one
    lowest: dict | None  # else the lowest and the highest
    highest: dict | None
    words: tuple[str, ...]  # the words printed instead of a number, as printed


def panels(sel: Selection) -> tuple[Panel, ...]:
    out = []
    for m in sel.metrics:
        sub = sel.claims[sel.claims["metric"] == m]
        q = nationwide_figures(sub, m)
        only = described(q.iloc[0]) if len(q) == 1 else None
        low = _described(lowest(q, m)) if len(q) > 1 else None
        high = _described(highest_any(q, m)) if len(q) > 1 else None
        out.append(Panel(m, sel.label(m), len(sub), only, low, high, tuple(words(sub)["value_text"])))
    return tuple(out)
