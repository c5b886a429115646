"""Official versus non-official tolls (notebooks/03-casualties.ipynb): who said how many were
killed, injured and detained, and when. All prose, captions and alt text are computed here.

Selection rules (documented in the chapter):

* a claim is *shown* when its metric is selected, its claimant type is selected, the first day
  its ``reported_on`` can mean lies in [reported_from, reported_to], and the period it covers does
  not end before ``period_from`` (a claim with no period, or an open end, is kept);
* ``nationwide_only`` keeps only claims whose location is Kazakhstan as a whole;
* the spread is computed from *nation-wide* claims only (a city's toll is not a national toll).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from dataclasses import dataclass

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from kzreport.report import style
from kzreport.report.present import capped_table, esc, first_day, fmt_date, processed_csv
from kzreport.report.format import bounds as bound_text
from kzreport.evidence.vocab import CLAIMANT_TYPE_LABELS, CLAIMANT_TYPES

NATIONWIDE = "Kazakhstan"

METRIC_LABELS = {
    "killed": "Killed",
    "injured": "Injured",
    "killed_and_injured": "Killed and injured together",
    "detained": "Detained",
    "killed_security_forces": "Killed among the security forces",
}

QUALIFIER_WORDS = {
    "exact": "", "at_least": "at least", "more_than": "more than", "about": "about",
    "almost": "almost", "up_to": "up to",
}

# How a claim is drawn, from its bounds (see mark_kind).
MARK_KINDS = ("exact", "range", "lower", "upper", "about", "vague")


# ---------------------------------------------------------------------------- small readers
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
    return {4: "year", 7: "month"}.get(len(str(iso)), "day")


def metric_label(metric: str) -> str:
    return METRIC_LABELS.get(metric, metric.replace("_", " ").capitalize())


def fmt_number(v) -> str:
    """10000 -> '10,000'; 7.5 -> '7.5'."""
    v = float(v)
    return f"{int(v):,}" if v.is_integer() else f"{v:,}"


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
    """The number a claim prints (its bound for a range or a word): what 'highest' compares."""
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


def reading(row) -> str:
    """The claim in plain English: 'about 5,800', 'at least 225', '2–7.5', 'thousands (no number)'."""
    if bool(row["is_vague"]):
        return f"“{row['value_text']}” (a word, no number)"
    lo, hi = row["value_low"], row["value_high"]
    if _isna(row["value"]) and not _isna(lo) and not _isna(hi):
        return f"{fmt_number(lo)}–{fmt_number(hi)}"
    word = QUALIFIER_WORDS.get(row["qualifier"], "")
    num = fmt_number(figure_value(row))
    return f"{word} {num}" if word else num


def short_claimant(name: str) -> str:
    """A short label for a chart: 'Kazakh Ministry of Health (via Sputnik)' -> 'Health Ministry'."""
    name = str(name).strip()
    m = re.fullmatch(r"(.*?)\s*\((.*)\)", name)
    base, paren = (m.group(1), m.group(2)) if m else (name, "")
    if re.fullmatch(r"[A-Z]{2,6}", paren):
        return paren  # 'Bertelsmann Stiftung (BTI)' -> 'BTI'
    if paren and not paren.startswith("via ") and paren != "unnamed":
        base = f"{base} {paren}"  # 'CrimethInc. (eyewitness)' -> 'CrimethInc. eyewitness'
    for long, short in (("Kazakh Ministry of Internal Affairs", "Interior Ministry"),
                        ("Ministry of Internal Affairs", "Interior Ministry"),
                        ("Human Rights Watch", "HRW"), ("Human rights organizations", "Rights groups"),
                        ("State Department", "State Dept."), ("Kazakh Ministry of ", "Ministry of ")):
        base = base.replace(long, short)
    mm = re.fullmatch(r"Ministry of (\w+)", base)
    if mm:
        base = f"{mm.group(1)} Ministry"
    return base if len(base) <= 26 else base[:25] + "…"


def document_name(source_id: str, sources: pd.DataFrame) -> str:
    """'taz', 'ACCORD', 'CrimethInc.': the producer as the source line names it."""
    hit = sources.loc[sources["source_id"] == source_id, "producer"]
    if hit.empty:
        return str(source_id)
    return str(hit.iloc[0]).split(",")[0].split(" – ")[0].split(" (")[0]


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


def select_claims(claims: pd.DataFrame, *, metrics, reported_from: str, reported_to: str, period_from: str,
                  claimant_types, nationwide_only: bool = False) -> Selection:
    """The claims the chapter shows (see the module docstring), with drawing columns added.

    Added: ``reported_first``/``reported_last`` (the days ``reported_on`` can mean),
    ``date_precision``, ``mark`` (how it is drawn), ``y`` (where), ``is_official``, ``is_nationwide``.
    Sorted by the order of ``metrics``, then the last day the date stated can mean (so "2022" follows
    "March 2022"), then the first, then claim_id.
    """
    metrics, claimant_types = list(metrics), list(claimant_types)
    for name, value in (("reported_from", reported_from), ("reported_to", reported_to), ("period_from", period_from)):
        dt.date.fromisoformat(value)  # raises on a malformed date
    unknown = sorted(set(claimant_types) - set(CLAIMANT_TYPES))
    if unknown:
        raise ValueError(f"unknown claimant type(s) {unknown}; known: {', '.join(CLAIMANT_TYPES)}")
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
    in_period = df.apply(period_ok, axis=1) if len(df) else pd.Series(dtype=bool)
    excluded = df[keep & ~in_period]
    df = df[keep & in_period].copy()
    df["mark"] = [mark_kind(r) for _, r in df.iterrows()]
    df["y"] = [_y(r) for _, r in df.iterrows()]
    df["is_official"] = df["claimant_type"] == "official"
    df["is_nationwide"] = df["location"] == NATIONWIDE
    order = {m: i for i, m in enumerate(metrics)}
    df["_m"] = df["metric"].map(order)
    df = (df.sort_values(["_m", "reported_last", "reported_first", "claim_id"], kind="stable")
          .drop(columns="_m").reset_index(drop=True))
    return Selection(df, metrics, reported_from, reported_to, period_from, claimant_types, nationwide_only,
                     excluded.sort_values("claim_id", kind="stable").reset_index(drop=True))


def _y(row) -> float:
    kind = mark_kind(row)
    if kind in ("exact", "lower", "vague"):
        return float(row["value_low"])
    if kind == "upper":
        return float(row["value_high"])
    if kind == "range":
        return (float(row["value_low"]) + float(row["value_high"])) / 2
    return float(row["value"])


# ---------------------------------------------------------------------------- picking figures by rule
def _quantified(df: pd.DataFrame, metric: str) -> pd.DataFrame:
    return df[(df["metric"] == metric) & ~df["is_vague"].astype(bool) & (df["location"] == NATIONWIDE)]


def first_official(df: pd.DataFrame, metric: str):
    """The earliest nation-wide official figure of ``metric``: an unqualified one if there is any."""
    cand = _quantified(df, metric)
    cand = cand[cand["claimant_type"] == "official"]
    exact = cand[cand["qualifier"] == "exact"]
    cand = exact if not exact.empty else cand
    if cand.empty:
        return None
    # The earliest for certain: a figure dated only '2022' may be from December, so it sorts by its last day.
    return cand.sort_values(["reported_last", "reported_first", "claim_id"], kind="stable").iloc[0]


def highest(df: pd.DataFrame, metric: str, official: bool):
    """The highest nation-wide figure of ``metric`` from official (or non-official) claimants.

    'Highest' compares :func:`rank_value`; on a tie the unqualified figure, then the earliest wins.
    """
    cand = _quantified(df, metric)
    cand = cand[(cand["claimant_type"] == "official") == official]
    if cand.empty:
        return None
    cand = cand.assign(_v=[rank_value(r) for _, r in cand.iterrows()],
                       _q=(cand["qualifier"] != "exact").astype(int))
    return cand.sort_values(["_v", "_q", "reported_last", "claim_id"], ascending=[False, True, True, True],
                            kind="stable").iloc[0]


def lowest(df: pd.DataFrame, metric: str):
    """The lowest nation-wide figure of ``metric`` (by :func:`rank_value`; unqualified, then earliest, on a tie)."""
    cand = _quantified(df, metric)
    if cand.empty:
        return None
    cand = cand.assign(_v=[rank_value(r) for _, r in cand.iterrows()], _q=(cand["qualifier"] != "exact").astype(int))
    return cand.sort_values(["_v", "_q", "reported_last", "claim_id"], kind="stable").iloc[0]


def official_sequence(df: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Nation-wide official figures of ``metric`` in the order stated (a month or year sorts by its last day)."""
    cand = _quantified(df, metric)
    cand = cand[cand["claimant_type"] == "official"]
    return cand.sort_values(["reported_last", "reported_first", "claim_id"], kind="stable")


def highest_floor(df: pd.DataFrame, metric: str, official: bool):
    """The highest nation-wide lower bound (a figure that says 'at least so many')."""
    cand = _quantified(df, metric)
    cand = cand[((cand["claimant_type"] == "official") == official) & cand["value_low"].notna()]
    if cand.empty:
        return None
    return cand.sort_values(["value_low", "reported_first", "claim_id"], ascending=[False, True, True],
                            kind="stable").iloc[0]


def same_figure_groups(df: pd.DataFrame) -> list[pd.DataFrame]:
    """Claims that print the same figure in the same document (e.g. German text and English annex)."""
    keys = ["metric", "source_id", "claimant", "reported_on", "qualifier", "location"]
    filled = df.assign(_lo=df["value_low"].fillna(-1), _hi=df["value_high"].fillna(-1), _v=df["value"].fillna(-1))
    groups = []
    for _, g in filled.groupby(keys + ["_lo", "_hi", "_v"], sort=False, dropna=False):
        groups.append(df.loc[g.index])
    order = {i: n for n, i in enumerate(df.index)}
    return sorted(groups, key=lambda g: order[g.index[0]])


# ---------------------------------------------------------------------------- prose
def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def _when(row) -> str:
    text = fmt_date(row["reported_on"])
    prec = date_precision(row["reported_on"])
    if prec == "day":
        return f"on {text}"
    return f"in {text} (no day given)"


def _cite(row, sources: pd.DataFrame, ids=None) -> str:
    """'Kazakh Government [Kazakh official] in 2022 (no day given) and printed by ACCORD (accord_2024-c065)', escaped."""
    ids = ids or [row["claim_id"]]
    return (f"{esc(row['claimant'])} [{esc(CLAIMANT_TYPE_LABELS.get(row['claimant_type'], row['claimant_type']))}] "
            f"{esc(_when(row))} and printed by {esc(document_name(row['source_id'], sources))} "
            f"(<code>{'</code>, <code>'.join(esc(i) for i in ids)}</code>)")


def _figure(row) -> str:
    """'238' or 'at least 164 (“mindestens 164”)': the reading and, when it differs, the printed words."""
    r = reading(row)
    printed = str(row["value_text"])
    if bool(row["is_vague"]):
        return esc(r)
    if printed.replace(".", ",").replace(" ", ",") == r or printed == r:
        return f"<strong>{esc(r)}</strong>"
    return f"<strong>{esc(r)}</strong> (“{esc(printed)}”)"


def _printed(row) -> str:
    """'“mindestens 164”, ' when the printed words differ from the English reading, else ''."""
    r, printed = reading(row), str(row["value_text"])
    if bool(row["is_vague"]) or printed == r or printed.replace(".", ",").replace(" ", ",") == r:
        return ""
    return f"“{esc(printed)}”, "


def counts_html(sel: Selection, sources: pd.DataFrame) -> str:
    df = sel.claims
    if df.empty:
        return "<p>No claim matches the parameters of this chapter.</p>"
    official = int(df["is_official"].sum())
    by_type = df["claimant_type"].value_counts()
    others = ", ".join(f"{esc(by_type[t])} {esc(CLAIMANT_TYPE_LABELS[t])}" for t in CLAIMANT_TYPES
                       if t != "official" and t in by_type)
    per_metric = "; ".join(
        f"{esc(metric_label(m).lower())}: {esc(int((df['metric'] == m).sum()))} "
        f"({esc(int(((df['metric'] == m) & df['is_official']).sum()))} official)" for m in sel.metrics)
    local = df[~df["is_nationwide"]]
    docs = df["source_id"].nunique()
    text = (f"<p>This chapter shows {esc(_n(len(df), 'claim'))} from {esc(_n(docs, 'document'))} "
            f"(by metric: {per_metric}). {esc(official)} were stated by Kazakh official claimants and "
            f"{esc(len(df) - official)} by non-official ones{(' (' + others + ')') if others else ''}. "
            "The claimant is the body that first stated a figure, not the document that prints it.")
    if not local.empty:
        places = "; ".join(dict.fromkeys(esc(str(p).replace("; ", ", ")) for p in local["location"]))
        text += (f" {esc(_n(len(local), 'claim'))} concern{'s' if len(local) == 1 else ''} single places ({places}), "
                 "not the country; they are drawn and listed but left out of the comparisons below.")
    if not sel.excluded_before_period.empty:
        ex = sel.excluded_before_period
        items = "; ".join(f"<code>{esc(r['claim_id'])}</code>, “{esc(r['value_text'])}” {esc(metric_label(r['metric']).lower())} "
                          f"in {esc(r['location'])}, about {esc(fmt_date(r['period_start']))}"
                          for _, r in ex.iterrows())
        text += (f" Left out because the period it covers ends before {esc(fmt_date(sel.period_from))}: "
                 f"{esc(_n(len(ex), 'claim'))} ({items}).")
    return text + "</p>"


def killed_html(sel: Selection, sources: pd.DataFrame, metric: str = "killed") -> str:
    """The spread of the death toll: first official, highest official, highest non-official, the words."""
    df = sel.claims
    if metric not in sel.metrics:
        return f"<p>The parameters leave out {esc(metric_label(metric).lower())} figures.</p>"
    first = first_official(df, metric)
    top_off = highest(df, metric, official=True)
    top_non = highest(df, metric, official=False)
    floor_non = highest_floor(df, metric, official=False)
    parts = []
    if first is not None:
        parts.append(f"The first nation-wide official toll in the selection is {_figure(first)}, stated by {_cite(first, sources)}.")
    if top_off is not None and (first is None or top_off["claim_id"] != first["claim_id"]):
        rise = ""
        if first is not None and top_off["qualifier"] == "exact" and first["qualifier"] == "exact":
            diff = figure_value(top_off) - figure_value(first)
            rise = (f" That is {esc(fmt_number(diff))} more deaths than the first toll "
                    f"({esc(fmt_number(round(100 * diff / figure_value(first))))}% higher)." if diff > 0 else "")
        parts.append(f"The highest official figure is {_figure(top_off)}, stated by {_cite(top_off, sources)}.{rise}")
    elif top_off is None:
        parts.append("No nation-wide official death toll is in the selection.")
    else:
        parts.append("It is also the highest official figure in the selection.")
    seq = official_sequence(df, metric)
    if len(seq) > 1:
        steps = "; ".join(f"<strong>{esc(reading(r))}</strong> ({_printed(r)}{esc(fmt_date(r['reported_on']))}, "
                          f"{esc(r['claimant'])}, <code>{esc(r['claim_id'])}</code>)" for _, r in seq.iterrows())
        parts.append(f"In the order they were stated, the official nation-wide figures are: {steps}.")
    paragraphs = [parts]
    parts = []
    if top_non is not None:
        kind = {"upper": " an upper bound: it says the toll may be as high as that, not that it was",
                "lower": " a lower bound", "about": " an estimate", "range": " a range"}.get(mark_kind(top_non), "")
        kind = f",{esc(kind)};" if kind else ","
        parts.append(f"The highest figure from a non-official claimant is {_figure(top_non)}{kind} "
                     f"stated by {_cite(top_non, sources)}.")
        if floor_non is not None and floor_non["claim_id"] != top_non["claim_id"]:
            parts.append(f"The highest non-official lower bound is {_figure(floor_non)}, from {_cite(floor_non, sources)}.")
    else:
        parts.append("No nation-wide figure from a non-official claimant is in the selection.")
    quantified = _quantified(df, metric)
    if not quantified.empty:
        vals = [figure_value(r) for _, r in quantified.iterrows()]
        parts.append(f"Across {esc(_n(len(quantified), 'nation-wide figure'))} with a number, the printed numbers run from "
                     f"{esc(fmt_number(min(vals)))} to {esc(fmt_number(max(vals)))}.")
    paragraphs.append(parts)
    parts = []
    words = df[df["is_vague"].astype(bool) & df["metric"].str.contains("killed") & (df["claimant_type"] == "activist")]
    if not words.empty:
        items = "; ".join(f"“{esc(r['value_text'])}” ({esc(metric_label(r['metric']).lower())}, "
                          f"{esc(str(r['location']).replace('; ', ', '))}), "
                          f"stated by {_cite(r, sources)}" for _, r in words.iterrows())
        parts.append(f"Activists and eyewitnesses give words, not numbers: {items}. "
                     "The chart shows these as unquantified (hollow marks), never as counts.")
    paragraphs.append(parts)
    return "".join("<p>" + " ".join(p) + "</p>" for p in paragraphs if p)


def sequence_html(sel: Selection, sources: pd.DataFrame, metric: str) -> str:
    """Every nation-wide figure of a metric in the order it was stated, then official vs non-official."""
    if metric not in sel.metrics:
        return f"<p>The parameters leave out {esc(metric_label(metric).lower())} figures.</p>"
    df = _quantified(sel.claims, metric)
    label = metric_label(metric).lower()
    if df.empty:
        words = sel.claims[(sel.claims["metric"] == metric) & sel.claims["is_vague"].astype(bool)]
        more = (f" {esc(_n(len(words), 'claim'))} give{'s' if len(words) == 1 else ''} a word instead "
                "(see the figures without a number below).") if not words.empty else ""
        return f"<p>{esc(metric_label(metric))}: no nation-wide figure with a number is in the selection.{more}</p>"
    items = []
    for g in same_figure_groups(df):
        row = g.iloc[0]
        printed = " / ".join(f"“{esc(t)}”" for t in dict.fromkeys(g["value_text"]))
        printed = f" ({printed})" if _printed(row) or len(set(g["value_text"])) > 1 else ""
        twice = " (the same figure in two passages of that document)" if len(g) == 2 else (
            f" (the same figure in {esc(len(g))} passages of that document)" if len(g) > 2 else "")
        items.append(f"<strong>{esc(reading(row))}</strong>{printed} from {_cite(row, sources, list(g['claim_id']))}{twice}")
    text = (f"<p>{esc(metric_label(metric))}, nation-wide, in the order the figures were stated: "
            + "; then ".join(items) + ".")
    top_off, top_non = highest(df, metric, True), highest(df, metric, False)
    if top_off is not None and top_non is not None:
        text += (f" The highest official figure is {esc(reading(top_off))} ({esc(top_off['claimant'])}); "
                 f"the highest non-official one is {esc(reading(top_non))} ({esc(top_non['claimant'])}).")
    elif top_off is not None:
        text += " Every figure with a number in the selection comes from an official claimant."
    else:
        text += " No official claimant in the selection states a figure with a number."
    return text + "</p>"


def vague_html(sel: Selection, sources: pd.DataFrame) -> str:
    df = sel.claims[sel.claims["is_vague"].astype(bool)]
    if df.empty:
        return "<p>Every figure in the selection prints a number.</p>"
    items = "; ".join(f"“{esc(r['value_text'])}” ({esc(metric_label(r['metric']).lower())}, {esc(r['location'])}; "
                      f"read as at least {esc(fmt_number(r['value_low']))}) from {_cite(r, sources)}"
                      for _, r in df.iterrows())
    return (f"<p>{esc(_n(len(df), 'claim'))} print a word instead of a number: {items}. "
            "The report reads a plural of N as at least twice N (<em>Dutzende</em> at least 24, <em>Hunderte</em> "
            "at least 200, <em>Tausende</em> at least 2,000); the chart draws each as a hollow mark at that floor "
            "with a dashed arrow upwards and the word itself, so none is read as a count.</p>")


TABLE_COLUMNS = ["claim", "claimant", "figure", "reading", "stated", "quote", "quote_en"]
TABLE_HEADERS = ["Claim (document)", "Claimant [type]", "Metric: as printed", "Qualifier; bounds", "Stated; place",
                 "Quote (as printed)", "Quote (English)"]


def claims_table(sel: Selection, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per claim shown: seven columns, so the table fits an A4 page."""
    df = sel.claims
    qualifier = [("vague word, at least" if v else q.replace("_", " ")) for q, v in zip(df["qualifier"], df["is_vague"])]
    return pd.DataFrame({
        "claim": [f"{c} ({document_name(s, sources)})" for c, s in zip(df["claim_id"], df["source_id"])],
        "claimant": [f"{c} [{CLAIMANT_TYPE_LABELS.get(t, t)}]" for c, t in zip(df["claimant"], df["claimant_type"])],
        "figure": [f"{metric_label(m)}: {v}" for m, v in zip(df["metric"], df["value_text"])],
        "reading": [f"{q}; {bound_text(lo, hi)}" for q, lo, hi in zip(qualifier, df["value_low"], df["value_high"])],
        "stated": [fmt_date(d) + ("" if loc == NATIONWIDE else f"; {str(loc).replace('; ', ', ')}")
                   for d, loc in zip(df["reported_on"], df["location"])],
        "quote": df["quote"], "quote_en": df["quote_en"],
    }, columns=TABLE_COLUMNS)


def claims_table_html(sel: Selection, sources: pd.DataFrame, max_rows: int = 0) -> str:
    """Every claim drawn in Figure 3.1, by metric and date stated; at most ``max_rows`` rows printed (0: all)."""
    table = claims_table(sel, sources)
    if table.empty:
        return "<p>No claim to list.</p>"
    intro = (f"<p>Every claim drawn in Figure 3.1 ({esc(_n(len(table), 'row'))}), by metric and date stated. "
             "Bounds are inclusive: “≥” a lower bound only, “≤” an upper bound only, “no bound” an estimate. "
             "A place is named when the figure is not for Kazakhstan as a whole.</p>")
    return intro + capped_table(table, max_rows, processed_csv("claims.csv"), TABLE_COLUMNS, TABLE_HEADERS)


# ---------------------------------------------------------------------------- the figure
def _d(iso: str) -> float:
    return mdates.date2num(dt.date.fromisoformat(iso))


def label_parts(row) -> tuple[str, str, list]:
    """(claimant, figure as printed, extras) of a mark's label; a word is set in quotes."""
    printed = f"„{row['value_text']}“" if bool(row["is_vague"]) else str(row["value_text"])
    extra = []
    if row["location"] != NATIONWIDE:
        extra.append(str(row["location"]).replace("; ", ", "))
    if date_precision(row["reported_on"]) != "day":
        extra.append(f"stated {fmt_date(row['reported_on'])}")
    return short_claimant(row["claimant"]), printed, extra


def _join_label(head: str, printed: list, extra: list) -> str:
    return f"{head}: {' / '.join(printed)}" + (f" ({'; '.join(extra)})" if extra else "")


def label_text(row) -> str:
    head, printed, extra = label_parts(row)
    return _join_label(head, [printed], extra)


def plot_rows(sel: Selection) -> pd.DataFrame:
    """Exactly the rows the figure draws, with where and how (the figure's CSV)."""
    df = sel.claims
    return pd.DataFrame({
        "claim_id": df["claim_id"], "source_id": df["source_id"], "claimant": df["claimant"],
        "claimant_type": df["claimant_type"], "metric": df["metric"], "value_text": df["value_text"],
        "qualifier": df["qualifier"], "is_vague": df["is_vague"], "unit": df["unit"], "value": df["value"],
        "value_low": df["value_low"], "value_high": df["value_high"], "reported_on": df["reported_on"],
        "x_from": df["reported_first"], "x_to": df["reported_last"], "y": df["y"], "mark": df["mark"],
        "location": df["location"], "label": [label_text(r) for _, r in df.iterrows()],
    }, columns=["claim_id", "source_id", "claimant", "claimant_type", "metric", "value_text", "qualifier", "is_vague",
                "unit", "value", "value_low", "value_high", "reported_on", "x_from", "x_to", "y", "mark", "location",
                "label"])


def _time_parts(reported_from: str, reported_to: str, zoom_to: str) -> list[tuple[str, str]]:
    """The time axis: one part, or [from, zoom_to] stretched and (zoom_to, to] compressed."""
    if reported_from <= zoom_to < reported_to:
        nxt = (dt.date.fromisoformat(zoom_to) + dt.timedelta(days=1)).isoformat()
        return [(reported_from, zoom_to), (nxt, reported_to)]
    return [(reported_from, reported_to)]


def _part_label(a: str, b: str) -> str:
    da, db = dt.date.fromisoformat(a), dt.date.fromisoformat(b)
    if (da.year, da.month) == (db.year, db.month):
        return f"{da.day}–{db.day} {db:%B %Y}"
    if da.day == 1 and db == dt.date.fromisoformat(last_day(b[:7])):
        return f"{da:%B %Y} – {db:%B %Y}"
    return f"{fmt_date(a)} – {fmt_date(b)}"


def _overlap(a, b) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


# Label offsets tried in order (points from the mark): right, left, then further up or down.
_OFFSETS = [(7, 0), (-7, 0)] + [(dx, dy) for step in (9, 18, 27, 36, 45) for dy in (step, -step) for dx in (7, -7)]


def _points_in(box, points) -> int:
    return sum(1 for x, y in points if box.x0 <= x <= box.x1 and box.y0 <= y <= box.y1)


def _crosses(a, b) -> bool:
    """Whether segments a and b ((x0, y0), (x1, y1)) cross."""
    def orient(p, q, r):
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    (p1, p2), (p3, p4) = a, b
    return (orient(p1, p2, p3) * orient(p1, p2, p4) < 0) and (orient(p3, p4, p1) * orient(p3, p4, p2) < 0)


def _place_labels(fig, ax, marks: list[dict], placed: list, obstacles: list, leaders: list | None = None) -> None:
    """Put each label inside its panel where it overlaps no other label, mark, arrow or leader line.

    Greedy and deterministic: marks left to right, each trying offsets nearest first; a label moved
    away from its mark gets a thin leader line.
    """
    leaders = [] if leaders is None else leaders
    renderer = fig.canvas.get_renderer()
    ax_box = ax.get_window_extent(renderer)
    scale = fig.dpi / 72
    style_kw = dict(textcoords="offset points", va="center", fontsize=7, color="#222222",
                    annotation_clip=False, zorder=5)
    for m in sorted(marks, key=lambda m: (m["x"], -m["y"], m["label"])):
        best = None
        texts = [m["label"]]
        if ": " in m["label"]:  # too long for the room: wrap after the claimant, then before the place or date
            texts.append(m["label"].replace(": ", ":\n", 1))
            if " (" in m["label"].split(": ", 1)[1]:
                texts.append(texts[-1][::-1].replace("( ", "(\n", 1)[::-1])
        candidates = [(3 * n + 15 * w, text, dx, dy) for w, text in enumerate(texts) for n, (dx, dy) in enumerate(_OFFSETS)]
        for n, text, dx, dy in candidates:
            t = ax.annotate(text, (m["x"], m["y"]), xytext=(dx, dy), ha="left" if dx > 0 else "right", **style_kw)
            box = t.get_window_extent(renderer).padded(1.5 * scale)
            t.remove()
            mx, my = ax.transData.transform((m["x"], m["y"]))
            seg = ((mx, my), (mx + dx * scale, my + dy * scale)) if abs(dy) > 9 else None
            pts = [(seg[0][0] + (seg[1][0] - seg[0][0]) * k / 12, seg[0][1] + (seg[1][1] - seg[0][1]) * k / 12)
                   for k in range(2, 11)] if seg else []
            lines = (sum(_points_in(p, pts) for p in placed) + sum(_points_in(box, l[1]) for l in leaders)) * 300
            if seg:
                lines += 2000 * sum(_crosses(seg, l[0]) for l in leaders)
            outside = ((max(0, ax_box.x0 - box.x0) + max(0, box.x1 - ax_box.x1)) * box.height
                       + (max(0, ax_box.y0 - 4 * scale - box.y0) + max(0, box.y1 - ax_box.y1 - 14 * scale)) * box.width)
            cost = (outside * 100 + sum(_overlap(box, p) for p in placed) * 5
                    + sum(_overlap(box, o) for o in obstacles) * 2 + lines + n)
            if best is None or cost < best[0]:
                best = (cost, box, text, dx, dy, seg, pts)
        _, box, text, dx, dy, seg, pts = best
        if seg:
            leaders.append((seg, pts))
        arrow = dict(arrowprops=dict(arrowstyle="-", color="#aaaaaa", lw=0.5, shrinkA=1, shrinkB=5)) if abs(dy) > 9 else {}
        ax.annotate(text, (m["x"], m["y"]), xytext=(dx, dy), ha="left" if dx > 0 else "right", **style_kw, **arrow)
        placed.append(box)


def _mark_obstacles(fig, ax, m: dict) -> list:
    from matplotlib.transforms import Bbox

    scale = fig.dpi / 72
    x, y = ax.transData.transform((m["x"], m["y"]))
    r = 5 * scale
    out = [Bbox([[x - r, y - r], [x + r, y + r]])]
    if m["arrow"]:
        dy = m["arrow"] * scale
        out.append(Bbox([[x - 4 * scale, min(y, y + dy)], [x + 4 * scale, max(y, y + dy)]]))
    return out


def _bar_obstacles(fig, row_axes, x0: float, x1: float, y: float) -> list:
    from matplotlib.transforms import Bbox

    out = []
    for ax in row_axes:
        a, b = ax.get_xlim()
        lo, hi = max(a, x0), min(b, x1)
        if lo < hi:
            (px0, py), (px1, _) = ax.transData.transform([(lo, y), (hi, y)])
            out.append(Bbox([[px0, py - 1], [px1, py + 1]]))
    return out


def _draw_mark(ax, kind: str, x: float, y: float, color, marker: str, arrow_pt: float = 16, size: float = 40,
               low=None, high=None) -> float:
    """Draw one claim's mark; returns the arrow's length in points (signed; 0 for none)."""
    hollow = kind == "vague"
    arrow = 0.0
    if kind == "range" and low is not None:
        ax.vlines(x, low, high, color=color, lw=2, zorder=3)
    ax.scatter([x], [y], marker=marker, s=size, zorder=4, linewidths=1.4 if hollow else 0.6,
               facecolors="white" if hollow else color, edgecolors=color if hollow else "white")
    if kind in ("lower", "vague", "upper"):
        arrow = -arrow_pt if kind == "upper" else arrow_pt
        ax.annotate("", (x, y), xytext=(0, arrow), textcoords="offset points", annotation_clip=False, zorder=3,
                    arrowprops=dict(arrowstyle="<|-,head_width=0.25,head_length=0.45", color=color, lw=1.2,
                                    linestyle=(0, (2, 1.5)) if hollow else "-", shrinkA=0, shrinkB=4))
    if kind == "about":
        ax.annotate("≈", (x, y), xytext=(0, 9), textcoords="offset points", ha="center", va="center",
                    fontsize=10, fontweight="bold", color=color, zorder=5, annotation_clip=False)
        arrow = 14.0
    return arrow


def tolls_figure(sel: Selection, zoom_to: str = "2022-01-31"):
    """Figure 3.1: one panel per metric (own y scale) against the date each figure was stated."""
    style.apply()
    df = plot_rows(sel)
    parts = _time_parts(sel.reported_from, sel.reported_to, zoom_to)
    metrics = list(sel.metrics)
    counts = [int((df["metric"] == m).sum()) for m in metrics]
    ratios = [max(0.8, min(3.0, 0.9 + 0.16 * n)) for n in counts]
    unit, gap = 0.74, 0.46  # inches of panel per ratio unit; inches between panels (ticks and title)
    head, foot = 0.76, 1.02  # inches above the panels (title, claimant types) and below (axis label, key)
    height = head + foot + unit * sum(ratios) + gap * (len(metrics) - 1)
    fig = plt.figure(figsize=(7.5, height))
    gs = fig.add_gridspec(len(metrics), len(parts), height_ratios=ratios,
                          width_ratios=[1.3, 1.0] if len(parts) == 2 else [1.0],
                          left=0.085, right=0.985, top=1 - head / height, bottom=foot / height,
                          hspace=gap * len(metrics) / (unit * sum(ratios)), wspace=0.06)
    pads = [max(0.8, (_d(b) - _d(a)) * 0.006) for a, b in parts]  # room for a mark on the first or last day
    spans = [(_d(a) - pad, _d(b) + pad) for (a, b), pad in zip(parts, pads)]
    axes = []
    for r, metric in enumerate(metrics):
        row_axes = []
        for c in range(len(parts)):
            ax = fig.add_subplot(gs[r, c], sharey=row_axes[0] if c else None)
            ax.set_xlim(*spans[c])
            row_axes.append(ax)
        axes.append(row_axes)
    fig.canvas.draw()
    for r, metric in enumerate(metrics):
        row_axes = axes[r]
        sub = df[df["metric"] == metric]
        tops = [v for v in list(sub["value_low"]) + list(sub["value_high"]) + list(sub["value"]) if not _isna(v)]
        ymax = max(tops) if tops else 1.0
        h_pt = row_axes[0].get_window_extent().height * 72 / fig.dpi
        room = 34 if h_pt > 60 else 20  # points kept free above the highest mark for its arrow and label
        top = ymax * h_pt / max(h_pt - room, 10)
        row_axes[0].set_ylim(-top * 0.05, top)
        row_axes[0].yaxis.set_major_locator(plt.MaxNLocator(4, integer=True, min_n_ticks=2))
        row_axes[0].yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: f"{v:,.0f}" if v >= 0 else ""))
        units = list(dict.fromkeys(sub["unit"]))
        row_axes[0].set_ylabel(", ".join(units) or "people", fontsize=8)
        row_axes[0].set_title(f"{metric_label(metric)} ({_n(len(sub), 'claim')})", loc="left", fontsize=9.5,
                              fontweight="bold")
        if sub.empty:
            row_axes[-1].text(0.5, 0.5, "no claim in the selection", transform=row_axes[-1].transAxes,
                              ha="center", va="center", color="#777777", fontsize=8)
    fig.canvas.draw()
    for r, metric in enumerate(metrics):
        sub = df[df["metric"] == metric]
        marks = {c: {} for c in range(len(parts))}
        obstacles = []
        for _, row in sub.iterrows():
            x0, x1 = _d(row["x_from"]), _d(row["x_to"]) + 1
            color = style.CLAIMANT_COLORS.get(row["claimant_type"], "#555555")
            if x1 - x0 > 1.5:  # month or year only: a bar across the days the date can mean
                for ax, (lo, hi) in zip(axes[r], spans):
                    # Each panel draws only the part of the bar that falls in its span, and the end cap only
                    # where the bar really ends: nothing is left for the clip path to hide (or for a PDF to carry
                    # outside the page).
                    a, b = max(x0, lo), min(x1, hi)
                    if a >= b:
                        continue
                    ax.plot([a, b], [row["y"], row["y"]], color=color, lw=1.2, alpha=0.4, zorder=2,
                            solid_capstyle="butt")
                    if x1 <= hi:
                        ax.plot([x1], [row["y"]], marker="|", color=color, ms=7, alpha=0.7, zorder=2)
            c = next((i for i, (a, b) in enumerate(spans) if a <= x0 <= b), len(parts) - 1)
            ax = axes[r][c]
            arrow = _draw_mark(ax, row["mark"], x0, float(row["y"]), color,
                               style.CLAIMANT_MARKERS.get(row["claimant_type"], "o"),
                               low=row["value_low"], high=row["value_high"])
            name, printed, extra = label_parts(row)
            # One label per figure: the same claimant's same figure for the same date and place, whether one
            # document prints it twice (German text and English annex) or several documents print it. Every
            # claim keeps its mark; the table under the chart names each document. Without this, a figure
            # printed in many documents would stack identical labels, and placing them costs the square of
            # their number.
            key = (row["x_from"], row["x_to"], row["y"], row["claimant"], row["qualifier"], row["location"])
            if key in marks[c]:
                if printed not in marks[c][key]["printed"]:
                    marks[c][key]["printed"].append(printed)
                continue
            marks[c][key] = {"x": x0, "y": float(row["y"]), "arrow": arrow, "name": name, "printed": [printed],
                             "extra": extra}
            obstacles += _mark_obstacles(fig, ax, marks[c][key])
            if x1 - x0 > 1.5:
                obstacles += _bar_obstacles(fig, axes[r], x0, x1, float(row["y"]))
        placed: list = []
        leaders: list = []
        for c, ms in marks.items():
            for m in ms.values():
                m["label"] = _join_label(m["name"], m["printed"], m["extra"])
            _place_labels(fig, axes[r][c], list(ms.values()), placed, obstacles, leaders)
    # Axes, ticks and the break between the two time scales.
    for r, row_axes in enumerate(axes):
        for c, ax in enumerate(row_axes):
            a, b = parts[c]
            span_days = _d(b) - _d(a)
            if span_days <= 62:
                ax.xaxis.set_major_locator(mdates.DayLocator(bymonthday=[1, 5, 10, 15, 20, 25]))
                ax.xaxis.set_major_formatter(mdates.DateFormatter("%-d %b"))
                ax.xaxis.set_minor_locator(mdates.DayLocator())
            elif span_days <= 800:
                ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=[1, 4, 7, 10]))
                ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
                ax.xaxis.set_minor_locator(mdates.MonthLocator())
            else:
                ax.xaxis.set_major_locator(mdates.YearLocator())
                ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
                ax.xaxis.set_minor_locator(mdates.MonthLocator())
            ax.tick_params(axis="x", labelsize=7, labelbottom=True)
            ax.tick_params(axis="y", labelsize=7)
            if c:
                ax.spines["left"].set_visible(False)
                ax.tick_params(axis="y", left=False, labelleft=False)
            if len(parts) == 2:
                k = dict(transform=ax.transAxes, color="#444444", lw=0.9, clip_on=False)
                xb = 1.0 if c == 0 else 0.0
                ax.plot([xb - 0.008, xb + 0.008], [-0.05, 0.05], **k)
            if r == len(axes) - 1:
                scale = " (larger scale)" if len(parts) == 2 and c == 0 else ""
                ax.set_xlabel(f"Date stated: {_part_label(a, b)}{scale}", fontsize=8)
    fig.text(0.015, 1 - 0.12 / height, "Tolls as stated: who said how many, and when", ha="left",
             va="top", fontsize=11, fontweight="bold")
    _legends(fig, df, foot / height)
    return fig, df


def _legends(fig, df: pd.DataFrame, bottom: float) -> None:
    """Claimant types (colour and shape) in one row under the title; below the panels, a key drawn
    with the same marks as the panels."""
    h = fig.get_figheight()
    present = [t for t in CLAIMANT_TYPES if t in set(df["claimant_type"])]
    types = [Line2D([], [], ls="", marker=style.CLAIMANT_MARKERS[t], color=style.CLAIMANT_COLORS[t], ms=7,
                    mec="white", mew=0.5, label=CLAIMANT_TYPE_LABELS[t]) for t in present]
    fig.text(0.015, 1 - 0.45 / h, "Claimant type:", ha="left", va="center", fontsize=8)
    if types:
        fig.legend(handles=types, loc="center left", bbox_to_anchor=(0.13, 1 - 0.45 / h), ncol=len(types),
                   fontsize=7.5, handletextpad=0.05, columnspacing=0.8, borderaxespad=0, borderpad=0)
    key = fig.add_axes([0.015, 0.0, 0.97, bottom - 0.42 / h])
    key.set_axis_off()
    key.set_xlim(0, 1)
    key.set_ylim(0, 2)
    grey = "#555555"
    entries = [("exact", "a number as printed"), ("lower", "“at least”, “more than”: lower bound"),
               ("upper", "“almost”, “up to”: upper bound"), ("about", "“about”: an estimate"),
               ("vague", "a word (“Dutzende”): at its floor"), ("bar", "date known only to month or year")]
    for i, (kind, text) in enumerate(entries):
        row, col = divmod(i, 3)
        x, y = 0.015 + col * 0.335, 1.5 - row * 1.0
        if kind == "bar":
            key.plot([x - 0.012, x + 0.02], [y, y], color=grey, lw=1.2, alpha=0.6)
            key.plot([x + 0.02], [y], marker="|", color=grey, ms=7, alpha=0.8)
            key.scatter([x - 0.012], [y], marker="o", s=28, color=grey, edgecolors="white", linewidths=0.6, zorder=4)
        else:
            shift = {"lower": -0.2, "vague": -0.2, "upper": 0.2, "about": -0.1}.get(kind, 0)
            _draw_mark(key, kind, x, y + shift, grey, "o", arrow_pt=10, size=28)
        key.text(x + 0.035, y, text, fontsize=7.5, va="center")


def figure_caption(sel: Selection, zoom_to: str = "2022-01-31") -> str:
    df = sel.claims
    parts = _time_parts(sel.reported_from, sel.reported_to, zoom_to)
    names = [metric_label(m).lower() for m in sel.metrics]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    text = (f"{listed[0].upper() + listed[1:]} figures stated {fmt_date(sel.reported_from)} – "
            f"{fmt_date(sel.reported_to)} about events from {fmt_date(sel.period_from)} on: {_n(len(df), 'claim')}, "
            f"{int(df['is_official'].sum())} from Kazakh official claimants. One mark per claim at the date stated; "
            "a date known only to the month or year sits at its first day, with a bar across the month or year. "
            "Arrows mark open bounds; hollow marks are words (“Dutzende”) at the floor the report reads into them.")
    if len(parts) == 2:
        text += f" Broken time axis: {_part_label(*parts[0])} at a larger scale than {_part_label(*parts[1])}."
    return text


def figure_alt(sel: Selection) -> str:
    df = sel.claims
    out = [f"Stacked charts, one per metric, of {_n(len(df), 'claim')} against the date stated."]
    for m in sel.metrics:
        sub = df[df["metric"] == m]
        if sub.empty:
            out.append(f"{metric_label(m)}: no claim.")
            continue
        q = _quantified(sub, m)
        s = f"{metric_label(m)}: {_n(len(sub), 'claim')}"
        if len(q) == 1:
            one = q.iloc[0]
            s += f"; one nation-wide number: {reading(one)} ({one['claimant']}, {fmt_date(one['reported_on'])})"
        elif len(q) > 1:
            low = lowest(q, m)
            high = max((h for h in (highest(q, m, True), highest(q, m, False)) if h is not None),
                       key=rank_value)
            s += (f"; nation-wide numbers from {reading(low)} ({low['claimant']}, {fmt_date(low['reported_on'])}) "
                  f"to {reading(high)} ({high['claimant']}, {fmt_date(high['reported_on'])})")
        words = sub[sub["is_vague"].astype(bool)]
        if not words.empty:
            s += "; words without a number: " + ", ".join(f"“{w}”" for w in words["value_text"])
        out.append(s + ".")
    return " ".join(out)


def figure_source(sel: Selection, sources: pd.DataFrame) -> str:
    from kzreport.report.figures import source_line

    ids = [s for s in sources["source_id"] if s in set(sel.claims["source_id"])]
    return source_line(ids, sources) if ids else "Source: none (no claim selected)."


def save_tolls_figure(sel: Selection, sources: pd.DataFrame, folder, zoom_to: str = "2022-01-31"):
    from kzreport.report.figures import save_figure

    fig, data = tolls_figure(sel, zoom_to)
    return save_figure(fig, name="03-1-tolls-by-claimant", number="3.1", caption=figure_caption(sel, zoom_to),
                       alt=figure_alt(sel), source=figure_source(sel, sources), data=data, folder=folder)


def other_metrics_html(sel: Selection, sources: pd.DataFrame, skip: tuple = ("killed",)) -> str:
    """One paragraph per selected metric other than deaths (injured, detained, …), in the order of ``metrics``."""
    shown = [m for m in sel.metrics if m not in skip]
    if not shown:
        return "<p>The parameters select no metric besides deaths.</p>"
    return "".join(sequence_html(sel, sources, m) for m in shown)
