"""The accountability gap (notebooks/04-accountability.ipynb): who was held to account, by whose count.

The chapter follows one chain: torture and abuse cases -> cases closed -> officers investigated ->
officers convicted, set against the convictions of protesters. Every number is read from the
processed claims; every sentence that carries a number is built here, every value escaped.

Statistics: the closure rate gets a confidence interval computed here (Wilson score or
Clopper-Pearson exact); ratios of two printed figures are computed from their bounds, so that
"over" and "at least" are never rounded away.
"""

from __future__ import annotations

import math
import re
import textwrap
from dataclasses import dataclass

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from scipy.stats import beta, norm

from kzreport.evidence import Evidence
from kzreport.report.present import capped_table, esc, fmt_date, html_table, processed_csv
from kzreport.report.style import CLAIMANT_COLORS, CLAIMANT_MARKERS, OKABE_ITO
from kzreport.report.format import bounds as bound_text
from kzreport.evidence.vocab import CLAIMANT_TYPE_LABELS

CI_METHODS = ("wilson", "clopper-pearson")

# The metrics this chapter reads, in the order the chain runs (also the order of the claims table).
METRICS = (
    "torture_cases", "torture_cases_closed", "officers_investigated", "officers_prosecuted", "officers_convicted",
    "torture_victims", "protesters_convicted", "posthumous_prosecutions", "child_torture_cases", "torture_deaths_in_custody",
)

STAGE_LABELS = {
    "torture_cases": "Torture or abuse-of-authority cases",
    "torture_cases_closed": "… of which closed",
    "officers_investigated": "Officers investigated",
    "officers_convicted": "Officers convicted",
    "protesters_convicted": "Convictions of protesters and others",
}

# Short names for chart labels only; tables and prose use the claimant as recorded.
SHORT_CLAIMANT = {
    "UN Committee against Torture": "UN CAT",
    "Human Rights Watch": "HRW",
    "US State Department": "US State Dept.",
    "Kazakh Prosecutor General's Office": "Kazakh Prosecutor General",
    "Media (unnamed)": "media (via US State Dept.)",
}

_OUTSIDE_JANUARY = re.compile(r"\bnot (?:the |a |of )?January 2022\b", re.I)
_SAME_AS = re.compile(r"\bsame (?:figure )?as ([a-z0-9_]+-c\d{3})\b")
_NO_PRISON = re.compile(r"not require prison time|without prison|no prison|ohne Haft", re.I)


# ---------------------------------------------------------------------------- statistics
def _check_counts(x: int, n: int, confidence: float) -> None:
    if not (isinstance(n, (int,)) and n > 0 and 0 <= x <= n):
        raise ValueError(f"need 0 <= x <= n and n > 0, got x={x!r}, n={n!r}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1 (e.g. 0.95), got {confidence!r}")


def wilson_interval(x: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for x successes in n trials.

    centre = (p + z²/2n) / (1 + z²/n), half-width = z/(1 + z²/n) · sqrt(p(1−p)/n + z²/4n²),
    with p = x/n and z the two-sided normal quantile of ``confidence``.
    """
    _check_counts(x, n, confidence)
    z = float(norm.ppf(1 - (1 - confidence) / 2))
    p = x / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def clopper_pearson_interval(x: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Clopper–Pearson exact interval: beta quantiles B(α/2; x, n−x+1) and B(1−α/2; x+1, n−x)."""
    _check_counts(x, n, confidence)
    alpha = 1 - confidence
    low = 0.0 if x == 0 else float(beta.ppf(alpha / 2, x, n - x + 1))
    high = 1.0 if x == n else float(beta.ppf(1 - alpha / 2, x + 1, n - x))
    return low, high


def proportion_interval(x: int, n: int, confidence: float = 0.95, method: str = "wilson") -> tuple[float, float]:
    """The interval of the chosen method (``wilson`` or ``clopper-pearson``)."""
    if method == "wilson":
        return wilson_interval(x, n, confidence)
    if method == "clopper-pearson":
        return clopper_pearson_interval(x, n, confidence)
    raise ValueError(f"ci_method must be one of {', '.join(CI_METHODS)}, got {method!r}")


def _none(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def ratio_bounds(num_low, num_high, den_low, den_high) -> tuple[float | None, float | None]:
    """Inclusive bounds of num/den from the bounds of each (None or NaN = unbounded; counts are ≥ 0).

    The lowest ratio is the smallest numerator over the largest denominator, the highest the
    largest numerator over the smallest denominator. A lower bound of 0 (an unbounded denominator)
    is reported as None: it says nothing.
    """
    nl, nh, dl, dh = (_none(v) for v in (num_low, num_high, den_low, den_high))
    if (dl is not None and dl <= 0) or (dh is not None and dh <= 0):
        raise ValueError("the denominator must be a positive count")
    low = None if (nl is None or dh is None) else nl / dh
    high = None if (nh is None or dl is None) else nh / dl
    if low == 0:
        low = None
    return low, high


def _int(v: float) -> str:
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.1f}"


def ratio_low_text(low: float) -> str:
    """'at least 240' for a whole bound, 'more than 240' for 240.2 (the ratio is above the whole number)."""
    if float(low).is_integer():
        return f"at least {int(low):,}"
    return f"more than {math.floor(low):,}"


def ratio_high_text(high: float) -> str:
    """'at most 52' for a whole bound, 'fewer than 53' for 52.2."""
    if float(high).is_integer():
        return f"at most {int(high):,}"
    return f"fewer than {math.ceil(high):,}"


def pct(p: float) -> str:
    return f"{100 * p:.1f}%"


# ---------------------------------------------------------------------------- reading the claims
def outside_january(note) -> bool:
    """True when the curator's note says the figure is not about the January 2022 unrest."""
    return bool(_OUTSIDE_JANUARY.search(str(note or "")))


def same_as(note) -> str | None:
    """The claim id a note says this claim repeats ('same figure as accord_2024-c030'), or None."""
    m = _SAME_AS.search(str(note or ""))
    return m.group(1) if m else None


def without_prison(quote) -> bool:
    """True when the quote says the conviction carried no prison time."""
    return bool(_NO_PRISON.search(str(quote or "")))


def _ordered(df: pd.DataFrame) -> pd.DataFrame:
    """Claims in document order (claim ids sort in order of appearance within a document)."""
    return df.sort_values(["source_id", "claim_id"], kind="stable")


@dataclass(frozen=True)
class ClosurePair:
    closed: pd.Series
    total: pd.Series
    repeats: list[tuple[str, str]]  # other (closed, total) claim-id pairs printing the same two figures


def closure_pair(claims: pd.DataFrame, claimant: str) -> ClosurePair:
    """The claimant's 'x of n cases closed' figures: a torture_cases_closed and a torture_cases claim printed
    in the same passage (same document, same quote). The first pair in document order is used;
    the others that print the same two numbers are listed as repeats."""
    own = _ordered(claims[claims["claimant"] == claimant])
    closed = own[(own["metric"] == "torture_cases_closed") & own["value"].notna()]
    total = own[(own["metric"] == "torture_cases") & own["value"].notna()]
    pairs = []
    for _, c in closed.iterrows():
        match = total[(total["source_id"] == c["source_id"]) & (total["quote"] == c["quote"])]
        if not match.empty:
            pairs.append((c, match.iloc[0]))
    if not pairs:
        have = sorted(claims.loc[claims["metric"] == "torture_cases_closed", "claimant"].unique())
        raise ValueError(f"no closed-of-total case figures printed in one passage by {claimant!r} "
                         f"(claimants with torture_cases_closed: {', '.join(have) or 'none'})")
    first_c, first_t = pairs[0]
    repeats = [(c["claim_id"], t["claim_id"]) for c, t in pairs[1:]
               if (c["value"], t["value"]) == (first_c["value"], first_t["value"])]
    return ClosurePair(first_c, first_t, repeats)


def officer_conviction_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """Every officers_convicted claim, in document order, with the reading the chapter needs:
    ``repeats`` (the claim it repeats, from the note), ``january`` (False when the note says it is
    not about January 2022) and ``prison`` (False when the quote says no prison time)."""
    df = _ordered(claims[claims["metric"] == "officers_convicted"]).copy()
    df["repeats"] = df["note"].map(same_as)
    df["january"] = ~df["note"].map(outside_january)
    df["prison"] = ~df["quote"].map(without_prison)
    return df.reset_index(drop=True)


def conviction_for(claims: pd.DataFrame, claimant: str) -> pd.Series:
    """A claimant's count of convicted officers: its first officers_convicted claim about January 2022."""
    oc = officer_conviction_claims(claims)
    hit = oc[(oc["claimant"] == claimant) & oc["january"] & oc["repeats"].isna()]
    if hit.empty:
        have = sorted(oc.loc[oc["january"], "claimant"].unique())
        raise ValueError(f"no count of convicted officers by {claimant!r} about January 2022 "
                         f"(claimants with one: {', '.join(have)})")
    return hit.iloc[0]


@dataclass(frozen=True)
class Itemised:
    summary: pd.Series
    items: pd.DataFrame  # the individual counts the same document states on the same date


def itemised_counts(claims: pd.DataFrame) -> list[Itemised]:
    """Where one document prints several distinct counts of convicted officers (about January 2022) stated on
    the same date, the first (in document order) is read as the summary and the rest as its items."""
    oc = officer_conviction_claims(claims)
    oc = oc[oc["january"] & oc["repeats"].isna()]
    out = []
    for _, group in oc.groupby(["source_id", "reported_on"], sort=True):
        if len(group) > 1:
            out.append(Itemised(group.iloc[0], group.iloc[1:].reset_index(drop=True)))
    return out


def sum_bounds(rows: pd.DataFrame) -> tuple[float | None, float | None]:
    """Bounds of a sum of counts: lows add up; the high is unbounded when any high is."""
    low = float(rows["value_low"].sum()) if rows["value_low"].notna().all() else None
    high = float(rows["value_high"].sum()) if rows["value_high"].notna().all() else None
    return low, high


def claims_used(claims: pd.DataFrame) -> pd.DataFrame:
    """Every claim the chapter reads, by chain stage (METRICS order), then in document order."""
    df = claims[claims["metric"].isin(METRICS)].copy()
    df["_stage"] = df["metric"].map({m: i for i, m in enumerate(METRICS)})
    return df.sort_values(["_stage", "source_id", "claim_id"], kind="stable").drop(columns="_stage").reset_index(drop=True)


def _first(claims: pd.DataFrame, metric: str, claimant: str | None = None) -> pd.Series | None:
    df = claims[claims["metric"] == metric]
    if claimant is not None:
        df = df[df["claimant"] == claimant]
    df = _ordered(df)
    return None if df.empty else df.iloc[0]


# ---------------------------------------------------------------------------- prose helpers
def _who(row: pd.Series) -> str:
    """'Human Rights Watch (NGO; 11 January 2024)'."""
    label = CLAIMANT_TYPE_LABELS.get(row["claimant_type"], row["claimant_type"])
    return f"{esc(row['claimant'])} ({esc(label)}; {esc(fmt_date(row['reported_on']))})"


def _cite(*ids: str) -> str:
    return "<span class=\"claim-ref\">[" + ", ".join(f"<code>{esc(i)}</code>" for i in ids) + "]</span>"


def _printed(row: pd.Series) -> str:
    """'<q>Fünf</q> (5)', '<q>mindestens zwölf</q> (≥ 12)'; just '<q>At least 23</q>' when the text has the number."""
    text = str(row["value_text"])
    if pd.isna(row["value"]):
        return f"<q>{esc(text)}</q> (no number printed)"
    if re.search(r"\d", text):
        return f"<q>{esc(text)}</q>"
    return f"<q>{esc(text)}</q> ({esc(bound_text(row['value_low'], row['value_high']))})"


def _bounds(row: pd.Series) -> str:
    return bound_text(row["value_low"], row["value_high"])


# ---------------------------------------------------------------------------- sections
def summary_html(ev: Evidence, rate_claimant: str, conviction_claimants: list[str]) -> str:
    claims = ev.claims
    pair = closure_pair(claims, rate_claimant)
    x, n = int(pair.closed["value"]), int(pair.total["value"])
    inv = _first(claims, "officers_investigated", rate_claimant)
    prot = _first(claims, "protesters_convicted")
    convs = [conviction_for(claims, c) for c in conviction_claimants]
    parts = [f"{esc(c['claimant'])} ({esc(fmt_date(c['reported_on']))}) {_printed(c)} {_cite(c['claim_id'])}"
             for c in convs]
    conv_text = "; ".join(parts)
    s = (f"<p>By the count of the {esc(rate_claimant)}, {esc(x)} of {esc(n)} cases of torture or abuse of authority "
         f"({esc(pct(x / n))}) were closed by prosecutors and the Anti-Corruption Agency as unfounded or for lack of "
         f"evidence {_cite(pair.closed['claim_id'], pair.total['claim_id'])}. ")
    if inv is not None:
        s += (f"It counted {esc(_int(inv['value']))} police and security officers investigated in connection with the "
              f"January 2022 unrest {_cite(inv['claim_id'])}. ")
    s += f"Convicted officers, by claimant: {conv_text}."
    if prot is not None:
        s += (f" Against this stand {_printed(prot)} convictions of protesters and others: the state's own figure, "
              f"from the {esc(prot['claimant'])} ({esc(CLAIMANT_TYPE_LABELS.get(prot['claimant_type'], ''))}), "
              f"as reported on {esc(fmt_date(prot['reported_on']))} {_cite(prot['claim_id'])}."
              if prot["claimant_type"] == "official" else
              f" Against this stand {_printed(prot)} convictions of protesters and others, by the count of "
              f"{_who(prot)} {_cite(prot['claim_id'])}.")
    return s + "</p>"


def closure_html(ev: Evidence, claimant: str, confidence: float, method: str) -> str:
    """The closure rate with its confidence interval, the method and what the interval means here."""
    pair = closure_pair(ev.claims, claimant)
    c, t = pair.closed, pair.total
    x, n = int(c["value"]), int(t["value"])
    low, high = proportion_interval(x, n, confidence, method)
    other_method = CI_METHODS[1 - CI_METHODS.index(method)]
    o_low, o_high = proportion_interval(x, n, confidence, other_method)
    level = f"{100 * confidence:g}%"
    names = {"wilson": "Wilson score interval", "clopper-pearson": "Clopper–Pearson exact interval"}
    why = {
        "wilson": ("The Wilson score interval is used because it stays inside 0–100%, is not centred on the observed "
                   "share (it is pulled slightly towards one half) and keeps close to the stated coverage for shares "
                   "far from one half, where the textbook Wald interval (share ± z·standard error) does not "
                   "(Brown, Cai and DasGupta, <em>Statistical Science</em> 2001)."),
        "clopper-pearson": ("The Clopper–Pearson exact interval is used: it inverts the binomial test, so its coverage "
                            "is never below the stated level; the price is that it is somewhat wider than needed."),
    }[method]
    repeat_ids = [i for pair_ in pair.repeats for i in pair_]
    where = (f"The figures come from {_cite(c['claim_id'], t['claim_id'])} in <code>{esc(c['source_id'])}</code>"
             + (f"; the same two numbers are printed again in another passage of the same document "
                f"{_cite(*repeat_ids)}, so both passages state the same count, used once here."
                if repeat_ids else "."))
    quote = f"<blockquote lang=\"de\">{esc(c['quote'])}</blockquote>"
    if c["quote_en"] != c["quote"]:
        quote += f"<blockquote lang=\"en\">{esc(c['quote_en'])}</blockquote>"
    period = ("The passage gives no period for these cases"
              if pd.isna(c["period_start"]) and pd.isna(t["period_start"]) else
              f"The cases cover {esc(c['period_start'] or '')}–{esc(c['period_end'] or '')}")
    note = f" (curator's note: <em>{esc(c['note'])}</em>)" if c["note"] else ""
    others = ev.claims[(ev.claims["metric"] == "torture_cases_closed") & (ev.claims["claimant"] != claimant)]
    other_txt = ""
    for _, o in _ordered(others).iterrows():
        if o["is_vague"]:
            floor = (f"; by the report's convention for plurals, at least {esc(_int(o['value_low']))}"
                     if pd.notna(o["value_low"]) else "")
            other_txt += (f" {_who(o)} adds that <q>{esc(o['value_text'])}</q> of other torture investigations were "
                          f"closed as unsubstantiated (no number printed{floor}) {_cite(o['claim_id'])}.")
        else:
            other_txt += (f" {_who(o)} counts {_printed(o)} torture cases closed (bounds {esc(_bounds(o))}) "
                          f"{_cite(o['claim_id'])}.")
    return (
        f"<p>{_who(c)}: <strong>{esc(x)} of {esc(n)}</strong> cases concerning torture or abuse of authority were closed "
        f"by the Prosecutor's Office and the Anti-Corruption Agency as unfounded, for lack of evidence or because "
        f"suspects could not be identified. That is a closure rate of <strong>{esc(pct(x / n))}</strong>, "
        f"with a {esc(level)} {esc(names[method])} of <strong>{esc(pct(low))} to {esc(pct(high))}</strong>. {where}</p>"
        + quote +
        f"<p><strong>Method.</strong> {why} For comparison, the {esc(names[other_method])} at the same level is "
        f"{esc(pct(o_low))} to {esc(pct(o_high))}.</p>"
        f"<p><strong>What the interval means here.</strong> The {esc(n)} cases are not a random sample: they are "
        f"the cases the committee was told about, and {esc(x)} is a count, not an estimate. The interval does not say "
        f"the count might be wrong by this much. It answers a narrower question: if each case had been closed "
        f"independently with the same probability, which probabilities are consistent with {esc(x)} closures in "
        f"{esc(n)} cases? It describes the uncertainty of a closure <em>rate</em> under that binomial model, not of "
        f"the count, and it cannot capture how the cases were selected or recorded. {period}{note}; the rate is "
        f"therefore not a rate for the January 2022 cases alone.{other_txt}</p>"
    )


def chain_table(claims: pd.DataFrame, rate_claimant: str, conviction_claimants: list[str]) -> pd.DataFrame:
    """The rows of Figure 4.1: the rate claimant's cases, closed cases and officers investigated, each
    conviction claimant's count of convicted officers, and the convictions of protesters."""
    pair = closure_pair(claims, rate_claimant)
    rows = [("torture_cases", pair.total), ("torture_cases_closed", pair.closed)]
    inv = _first(claims, "officers_investigated", rate_claimant)
    if inv is not None:
        rows.append(("officers_investigated", inv))
    for name in dict.fromkeys(conviction_claimants):
        rows.append(("officers_convicted", conviction_for(claims, name)))
    prot = _first(claims, "protesters_convicted")
    if prot is not None:
        rows.append(("protesters_convicted", prot))
    out = pd.DataFrame([{
        "stage": STAGE_LABELS[m], "metric": m, "claim_id": r["claim_id"], "source_id": r["source_id"],
        "claimant": r["claimant"], "claimant_type": r["claimant_type"], "value_text": r["value_text"],
        "value": r["value"], "qualifier": r["qualifier"], "value_low": r["value_low"], "value_high": r["value_high"],
        "reported_on": r["reported_on"],
        "open_above": bool(pd.isna(r["value_high"])),
    } for m, r in rows])
    return out


QUALIFIER_WORDS = {"exact": "", "at_least": "at least ", "more_than": "over ", "about": "about ", "almost": "almost ",
                   "up_to": "up to "}


def qual_text(row) -> str:
    """The figure in English words from its qualifier and value: '5', 'at least 23', 'over 1,200'."""
    if pd.isna(row["value"]):
        return f"“{row['value_text']}” (no number)"
    return QUALIFIER_WORDS.get(row["qualifier"], "") + _int(row["value"])


def printed_label(row) -> str:
    """The figure as printed, with its number when the printed text has none: 'Fünf (= 5)', 'At least 23'."""
    text = str(row["value_text"])
    if re.search(r"\d", text) or pd.isna(row["value"]):
        return text
    if row["qualifier"] == "exact":
        return f"{text} (= {_int(row['value'])})"
    return f"{text} ({bound_text(row['value_low'], row['value_high'])})"


def _who_short(row) -> str:
    return f"{SHORT_CLAIMANT.get(row['claimant'], row['claimant'])} · {fmt_date(row['reported_on'])}"


def chain_title(chain: pd.DataFrame) -> str:
    conv = chain[chain["metric"] == "officers_convicted"]
    prot = chain[chain["metric"] == "protesters_convicted"]
    cases = chain[chain["metric"] == "torture_cases"].iloc[0]
    inv = chain[chain["metric"] == "officers_investigated"]
    by = " or ".join(f"{qual_text(r)} ({SHORT_CLAIMANT.get(r['claimant'], r['claimant'])})" for _, r in conv.iterrows())
    t = f"{qual_text(cases)} torture cases"
    if not inv.empty:
        t += f", {qual_text(inv.iloc[0])} officers investigated"
    t += f", {by} convicted"
    lines = textwrap.wrap(t, 92)
    if not prot.empty:
        lines[-1] += " —"
        lines.append(f"against {qual_text(prot.iloc[0])} convictions of protesters and others")
    return "\n".join(lines)


def _marker(ax, x, y, ctype, color=None):
    ax.plot([x], [y], marker=CLAIMANT_MARKERS[ctype], markerfacecolor=color or CLAIMANT_COLORS[ctype],
            markeredgecolor="white", markersize=8, markeredgewidth=1.3, linestyle="none", zorder=5)


def _open_arrow(ax, start, tip, y, color):
    ax.annotate("", xy=(tip, y), xytext=(start, y), zorder=3,
                arrowprops=dict(arrowstyle="-|>", linestyle=(0, (2.5, 1.5)), color=color, lw=1.6,
                                shrinkA=0, shrinkB=0, mutation_scale=13))


def _legend_handles(types, extra=()):
    handles = [Line2D([], [], marker=CLAIMANT_MARKERS[t], color=CLAIMANT_COLORS[t], markerfacecolor=CLAIMANT_COLORS[t],
                      markeredgecolor=CLAIMANT_COLORS[t], markersize=9, lw=0, label=CLAIMANT_TYPE_LABELS[t]) for t in types]
    return handles + list(extra)


_OPEN_HANDLE_LABEL = "open-ended: printed as “over” or “at least”"


def chain_figure(chain: pd.DataFrame, log_scale: bool = True):
    """Horizontal bars, one per row of ``chain``, top to bottom; an open bound continues as a dashed arrow."""
    n = len(chain)
    fig, ax = plt.subplots(figsize=(7.5, 0.55 * n + 1.9))
    vmax = float(chain["value"].max())
    gap = 0.6  # extra space before the protester row: it is set against the chain, not part of it
    ys = [-(i + (gap if m == "protesters_convicted" else 0)) for i, m in enumerate(chain["metric"])]
    left = 1 if log_scale else 0
    for y, (_, r) in zip(ys, chain.iterrows()):
        color = CLAIMANT_COLORS[r["claimant_type"]]
        v = float(r["value"])
        ax.barh(y, v - left, left=left, height=0.62, color=color, zorder=2)
        end = v
        if r["open_above"]:
            end = v * 2.6 if log_scale else v + vmax * 0.07
            _open_arrow(ax, v, end, y, color)
        _marker(ax, v, y, r["claimant_type"])
        ax.annotate(printed_label(r), (end, y), xytext=(8, 0), textcoords="offset points", va="center", ha="left",
                    fontsize=9, fontweight="bold")
    labels = [f"{r['stage']}\n{_who_short(r)}" for _, r in chain.iterrows()]
    ax.set_yticks(ys, labels, fontsize=8.5)
    ax.tick_params(axis="y", length=0)
    if "protesters_convicted" in set(chain["metric"]) and n > 1:
        ax.axhline(ys[-1] + 0.5 + gap / 2, color="#777777", lw=0.8, linestyle=":")
    if log_scale:
        ax.set_xscale("log")
        ax.set_xlim(1, vmax * 12)
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda x, _: f"{x:,.0f}"))
        ax.set_xlabel("Count (log scale: each gridline is ten times the one before)")
    else:
        ax.set_xlim(0, vmax * 1.4)
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda x, _: f"{x:,.0f}"))
        ax.set_xlabel("Count")
    ax.grid(axis="y", visible=False)
    ax.spines["left"].set_visible(False)
    fig.suptitle(chain_title(chain), x=0.01, ha="left", fontweight="bold", fontsize=9.5)
    extra = [Line2D([], [], color="#555555", linestyle=(0, (2.5, 1.5)), lw=1.6, label=_OPEN_HANDLE_LABEL)] \
        if chain["open_above"].any() else []
    ax.legend(handles=_legend_handles(list(dict.fromkeys(chain["claimant_type"])), extra), loc="upper center",
              bbox_to_anchor=(0.4, -0.2 if n < 6 else -0.16), ncol=2, fontsize=8, handlelength=2.4)
    fig.tight_layout()
    return fig


def chain_caption(chain: pd.DataFrame) -> str:
    conv = chain[chain["metric"] == "officers_convicted"]
    names = list(dict.fromkeys(conv["claimant"]))
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return (f"The path from torture complaints to convicted officers, with the counts of convicted officers by {who}, "
            f"set against the convictions of protesters and others. Bars end at the printed figure; a dashed arrow marks "
            f"a figure printed as a lower bound (“over”, “at least”). Each label gives the figure as printed, who stated it "
            f"and when.")


def chain_alt(chain: pd.DataFrame, log_scale: bool) -> str:
    parts = [f"{r['stage']}: {qual_text(r)}{' (open-ended)' if r['open_above'] else ''}, "
             f"{r['claimant']}, {fmt_date(r['reported_on'])}" for _, r in chain.iterrows()]
    return (f"Horizontal bar chart on a {'logarithmic' if log_scale else 'linear'} scale, {len(chain)} bars. "
            + "; ".join(parts) + ".")


def ratio_html(chain: pd.DataFrame) -> str:
    """Protester convictions per convicted officer, computed from the bounds, for each conviction claimant."""
    prot = chain[chain["metric"] == "protesters_convicted"]
    if prot.empty:
        return "<p>The data hold no count of convicted protesters to set the officers against.</p>"
    p = prot.iloc[0]
    sentences = []
    for _, o in chain[chain["metric"] == "officers_convicted"].iterrows():
        low, high = ratio_bounds(p["value_low"], p["value_high"], o["value_low"], o["value_high"])
        who = esc(o["claimant"])
        head = f"Set against {who}'s count, {_printed(o)} {_cite(o['claim_id'])}: "
        if low is not None and high is not None:
            body = (f"exactly {esc(_int(low))}" if low == high else f"between {esc(_int(low))} and {esc(_int(high))}")
            body += " protester convictions per convicted officer."
        elif low is not None:
            body = (f"<strong>{esc(ratio_low_text(low))}</strong> protester convictions per convicted officer "
                    f"(at the lowest, {esc(_int(p['value_low']))} ÷ {esc(_int(o['value_high']))} = {esc(f'{low:,.1f}')}); "
                    f"there is no upper bound, as <q>{esc(p['value_text'])}</q> has none.")
        elif high is not None:
            body = f"<strong>{esc(ratio_high_text(high))}</strong> protester convictions per convicted officer."
        else:
            face = p["value"] / o["value"]
            body = (f"at the printed figures, {esc(_int(p['value']))} ÷ {esc(_int(o['value']))} ≈ "
                    f"<strong>{esc(f'{face:,.0f}')}</strong> protester convictions per convicted officer. "
                    f"But both figures are open-ended: <q>{esc(o['value_text'])}</q> pulls the ratio down, "
                    f"<q>{esc(p['value_text'])}</q> pushes it up, so the data bound it in neither direction.")
            c_low, c_high = ratio_bounds(p["value"], p["value"], o["value_low"], o["value_high"])
            if c_high is not None and c_low is None:
                cap = (f"{esc(_int(c_high))}" if float(c_high).is_integer() else
                       f"about {esc(f'{c_high:,.0f}')} ({esc(ratio_high_text(c_high))})")
                body += f" Were the {esc(_int(p['value']))} exact, the officer count would cap the ratio at {cap}."
        sentences.append(head + body)
    dates = [fmt_date(d) for d in sorted(set(chain.loc[chain["metric"].isin(["officers_convicted", "protesters_convicted"]),
                                                       "reported_on"]))]
    return (f"<p>Protester convictions per convicted officer, computed from the bounds of each figure "
            f"(the protester figure {_printed(p)} means at least {esc(_int(p['value_low']))}; {_who(p)} "
            f"{_cite(p['claim_id'])}" + (f", curator's note: <em>{esc(p['note'])}</em>" if p.get("note") else "")
            + "):</p><ul>"
            + "".join(f"<li>{s}</li>" for s in sentences) +
            f"</ul><p>The figures were stated on different dates ({esc(', '.join(dates))}) and count different things "
            f"(<q>protesters and others</q>; officers convicted in particular trials), so the ratios show an order of "
            f"magnitude, not a precise rate.</p>")


def chain_html(ev: Evidence, chain: pd.DataFrame, rate_claimant: str) -> str:
    """The chain in words: each step with its claim, and the state's own count of officers prosecuted."""
    items = []
    for _, r in chain.iterrows():
        items.append(f"<li>{esc(r['stage'])}: {_printed(r)}, bounds {esc(_bounds(r))}, {_who(r)} "
                     f"{_cite(r['claim_id'])}</li>")
    s = "<ul>" + "".join(items) + "</ul>"
    notes = []
    inv = chain[chain["metric"] == "officers_investigated"]
    conv = chain[chain["metric"] == "officers_convicted"]
    cat_conv = conv[conv["claimant"] == rate_claimant]
    if not inv.empty and not cat_conv.empty:
        i, k = inv.iloc[0], cat_conv.iloc[0]
        notes.append(f"Of the {esc(_int(i['value']))} officers the {esc(rate_claimant)} counted as investigated, "
                     f"{esc(_int(k['value']))} had been convicted ({esc(pct(k['value'] / i['value']))}) when it reported "
                     f"on {esc(fmt_date(k['reported_on']))}.")
    pros = _first(ev.claims, "officers_prosecuted")
    if pros is not None:
        amount = "no number printed" if pros["is_vague"] else f"bounds {esc(_bounds(pros))}"
        notes.append(f"The state's own count of officers <q>brought to criminal responsibility</q> is "
                     f"<q>{esc(pros['value_text'])}</q> ({amount}), according to the {esc(pros['claimant'])} "
                     f"{_cite(pros['claim_id'])}; it says prosecuted, not convicted, and is not charted.")
    first_cases = chain[chain["metric"] == "torture_cases"]
    if not first_cases.empty and pd.isna(ev.claims.set_index("claim_id").loc[first_cases.iloc[0]["claim_id"], "period_start"]):
        notes.append("The first two steps are not limited to January 2022 (see above); from the officers investigated "
                     "onwards the counts concern the January 2022 events.")
    return s + "<p>" + " ".join(notes) + "</p>"


# ---------------------------------------------------------------------------- why the officer counts differ
# A count of convicted officers that several documents print: the same claimant, date stated, reading and place.
SAME_FIGURE = ("claimant", "reported_on", "qualifier", "value_low", "value_high", "january", "prison", "location")


def first_printings(oc: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``oc`` (officer_conviction_claims) that print a count for the first time, in their order, with
    ``n_documents``: how many documents print that same count (see SAME_FIGURE). A report built on many documents
    relaying one claimant says each of its counts once."""
    key = pd.Series([repr(tuple(None if pd.isna(v) else v for v in t))
                     for t in oc[list(SAME_FIGURE)].itertuples(index=False, name=None)], index=oc.index, dtype=object)
    n_documents = oc.groupby(key, sort=False)["source_id"].transform("nunique") if len(oc) else pd.Series(dtype=int)
    return oc.assign(n_documents=n_documents.astype(int))[~key.duplicated()]


def officer_counts_table(claims: pd.DataFrame) -> pd.DataFrame:
    oc = officer_conviction_claims(claims)
    scope = []
    for _, r in oc.iterrows():
        bits = []
        if pd.notna(r["repeats"]):
            bits.append(f"repeats {r['repeats']}")
        bits.append("January 2022" if r["january"] else "not January 2022")
        if not r["prison"]:
            bits.append("no prison time")
        scope.append("; ".join(bits))
    court = [fmt_date(s) if isinstance(s, str) and len(s) == 10 else "" for s in oc["period_start"]]
    return oc.assign(
        bounds=[bound_text(a, b) for a, b in zip(oc["value_low"], oc["value_high"])],
        stated=oc["reported_on"].map(fmt_date),
        court_date=court,
        place=oc["location"].fillna(""),
        scope=scope,
        printed=printed_cells(oc),
        who=claimant_cells(oc),
        where=[", ".join(x for x in (pl, c) if x) for pl, c in zip(oc["location"].fillna(""), court)],
    )


def officer_counts_html(ev: Evidence) -> str:
    claims = ev.claims
    table = officer_counts_table(claims)
    distinct = table[table["repeats"].isna()]
    n_relayed = len(distinct) - len(first_printings(distinct))
    distinct = first_printings(distinct)
    jan = distinct[distinct["january"]]
    by_claimant = jan.groupby("claimant", sort=False)
    n_out = int((~distinct["january"]).sum())
    lines = []
    for name, g in by_claimant:
        first = g.iloc[0]
        lines.append(f"{esc(name)}: {', '.join(_printed(r) for _, r in g.iterrows())} "
                     f"(stated {esc(fmt_date(first['reported_on']))})")
    n_repeat = len(table) - len(distinct) - n_relayed
    relayed = (f"{esc(f'{n_relayed:,}')} {'prints' if n_relayed == 1 else 'print'} again a count another document has "
               "already printed (each count is said once below, and the chart says how many documents print it), "
               if n_relayed else "")
    intro = (f"<p>The data hold {len(table):,} figures for convicted officers. "
             f"{n_repeat:,} of them repeat another passage of the same document, {relayed}and "
             f"{esc(n_out)} of the rest {'concerns' if n_out == 1 else 'concern'} a case outside the January 2022 unrest "
             f"(the curator's note says so). That leaves {esc(len(jan))} figures about January 2022 from "
             f"{esc(jan['claimant'].nunique())} claimants: " + "; ".join(lines) + ".</p>")
    reasons = []
    groups = itemised_counts(claims)
    groups = [g for g in groups if g.summary["claim_id"] in set(jan["claim_id"])]  # a relayed summary: said once
    grouped = {g.summary["claim_id"] for g in groups} | {i for g in groups for i in g.items["claim_id"]}
    for _, r in jan[~jan["claim_id"].isin(grouped)].iterrows():
        what = f": <em>{esc(r['note'])}</em>" if r["note"] else ""
        reasons.append(f"{esc(r['claimant'])} ({esc(fmt_date(r['reported_on']))}), {_printed(r)} "
                       f"{_cite(r['claim_id'])}{what}.")
        victims = claims[(claims["metric"] == "torture_victims") & (claims["quote"] == r["quote"])
                         & (claims["source_id"] == r["source_id"])]  # the same sentence of the same document
        for _, v in victims.iterrows():
            same = jan[(jan["value"] == v["value"]) & (jan["claim_id"] != r["claim_id"])]
            for _, o in same.iterrows():
                reasons.append(f"The {esc(_int(v['value']))} in the same sentence counts detainees tortured "
                               f"{_cite(v['claim_id'])}, not officers: {esc(o['claimant'])}'s {_printed(o)} "
                               f"{_cite(o['claim_id'])} is the same number by coincidence, not the same figure.")
    for it in groups:
        s_, items = it.summary, it.items
        jailed, free = items[items["prison"]], items[~items["prison"]]
        lo, hi = sum_bounds(jailed)
        parts = " + ".join(f"{esc(qual_text(r))} " + (f"({esc(r['location'])})" if r["location"] not in ("", "Kazakhstan")
                                                        else f"(reported by {esc(r['claimant'])})")
                           for _, r in jailed.iterrows())
        adds = lo is not None and lo == s_["value_low"] and (hi is None) == pd.isna(s_["value_high"])
        txt = (f"{esc(s_['claimant'])} ({esc(fmt_date(s_['reported_on']))}), {_printed(s_)} {_cite(s_['claim_id'])}, is "
               f"{'the sum' if adds else 'not simply the sum'} of the prison sentences the same document itemises: "
               f"{parts} = {esc(bound_text(lo, hi))} {_cite(*jailed['claim_id'])}.")
        if not free.empty:
            flo, fhi = sum_bounds(free)
            tlo, thi = sum_bounds(items)
            txt += (f" A further {esc(bound_text(flo, fhi))} officers were convicted without prison time "
                    f"({esc(', '.join(free['location']))}) {_cite(*free['claim_id'])}, so the itemised convictions "
                    f"add up to {esc(bound_text(tlo, thi))}.")
        reasons.append(txt)
    outside = distinct[~distinct["january"]]
    if not outside.empty:
        for _, r in outside.iterrows():
            reasons.append(f"{esc(r['claimant'])} ({esc(fmt_date(r['reported_on']))}), {_printed(r)} "
                           f"{_cite(r['claim_id'])}, concerns a different case (curator's note: <em>{esc(r['note'])}</em>).")
    in_short = ("In short, the counts differ because they were stated at different times, count different trials "
                "and different outcomes (any conviction, or prison sentences only), and come from different claimants.")
    earliest = jan.sort_values(["reported_on", "claim_id"], kind="stable").iloc[0]
    later = jan[jan["period_start"].map(lambda d: isinstance(d, str) and len(d) == 10 and d > earliest["reported_on"])]
    if not later.empty:
        reasons.append(f"Some verdicts were handed down after the earliest count ({esc(earliest['claimant'])}, "
                       f"{esc(fmt_date(earliest['reported_on']))}): "
                       + ", ".join(f"{esc(r['location'])} on {esc(fmt_date(r['period_start']))} {_cite(r['claim_id'])}"
                                   for _, r in later.sort_values(['period_start', 'claim_id'], kind='stable').iterrows())
                       + ".")
    return intro + "<ul>" + "".join(f"<li>{r}</li>" for r in reasons) + f"</ul><p>{in_short}</p>"


def quote_cells(df: pd.DataFrame) -> list[str]:
    """The quote, then its English rendering when the quote is not English: one table cell."""
    return [q if q == en else f"{q} — English: {en}" for q, en in zip(df["quote"], df["quote_en"])]


def printed_cells(df: pd.DataFrame) -> list[str]:
    """'mindestens zwölf (≥ 12)', '236 (236)': the figure as printed, then its bounds."""
    return [f"{t} ({bound_text(lo, hi)})" for t, lo, hi in zip(df["value_text"], df["value_low"], df["value_high"])]


def claimant_cells(df: pd.DataFrame) -> list[str]:
    """'Human Rights Watch (NGO), 11 January 2024': who stated the figure, of which kind, and when."""
    return [f"{c} ({CLAIMANT_TYPE_LABELS.get(t, t)}), {fmt_date(d)}"
            for c, t, d in zip(df["claimant"], df["claimant_type"], df["reported_on"])]


def officer_counts_table_html(ev: Evidence, max_rows: int = 0) -> str:
    """Every officers_convicted claim: about January 2022 first, then in document order; at most ``max_rows`` rows (0: all)."""
    table = officer_counts_table(ev.claims)
    show = table.sort_values(["january", "source_id", "claim_id"], ascending=[False, True, True], kind="stable")
    return capped_table(show, max_rows, processed_csv("claims.csv"), ["claim_id", "who", "printed", "where", "scope", "note"],
                        ["Claim", "Claimant, date stated", "As printed (bounds)", "Place, court date", "Scope",
                         "Curator's note"],
                        caption="Every figure for convicted officers in the data (quotes: see the last table of this chapter)")


def officer_counts_rows(claims: pd.DataFrame) -> pd.DataFrame:
    """The rows of Figure 4.2: one bar per distinct count, a document's itemised counts as one stacked bar right
    under its summary; counts about January 2022 first, by the date stated.

    Each row names its bar in ``bar`` (the claim id of the bar's first segment): two bars can share a label, and
    are never stacked into one because they do. A passage repeating another of the same document is left out;
    so is a count that another document has already printed (same claimant, date stated, bounds and reading),
    which is counted in ``n_documents`` of the bar that shows it.
    """
    oc = officer_conviction_claims(claims)
    oc = oc[oc["repeats"].isna()]
    groups = {it.summary["claim_id"]: it.items for it in itemised_counts(claims)}
    item_ids = {i for items in groups.values() for i in items["claim_id"]}
    heads = oc[~oc["claim_id"].isin(item_ids)].assign(_out=lambda d: ~d["january"])
    heads = heads.sort_values(["_out", "reported_on", "source_id", "claim_id"], kind="stable")
    heads = first_printings(heads)
    rows = []
    for _, r in heads.iterrows():
        row_label = f"{SHORT_CLAIMANT.get(r['claimant'], r['claimant'])}, {fmt_date(r['reported_on'])}"
        if not r["january"]:
            row_label += " (not January 2022)"
        rows.append({"bar": r["claim_id"], "row": row_label, "segment": "", "n_documents": int(r["n_documents"]), **_seg(r)})
        if r["claim_id"] in groups:
            for _, i in groups[r["claim_id"]].iterrows():
                rows.append({"bar": r["claim_id"] + "+items", "row": "… the court cases it itemises",
                             "segment": _segment_name(i), "n_documents": 1, **_seg(i)})
    return pd.DataFrame(rows)


def _seg(r) -> dict:
    return {"claim_id": r["claim_id"], "source_id": r["source_id"], "claimant": r["claimant"], "claimant_type": r["claimant_type"],
            "value_text": r["value_text"], "value": r["value"], "qualifier": r["qualifier"],
            "value_low": r["value_low"], "value_high": r["value_high"], "reported_on": r["reported_on"],
            "january": bool(r["january"]), "prison": bool(r["prison"]), "open_above": bool(pd.isna(r["value_high"]))}


SEGMENT_NAMES = {"Media (unnamed)": "media reports"}


def _segment_name(r) -> str:
    """A part of an itemised count: its place, or who reported it when it has none."""
    return r["location"] if r["location"] not in ("", "Kazakhstan") else SEGMENT_NAMES.get(r["claimant"], r["claimant"])


def officer_counts_title(rows: pd.DataFrame) -> str:
    heads = rows[rows["january"] & (rows["segment"] == "")]
    parts = ", ".join(f"{qual_text(r)} ({SHORT_CLAIMANT.get(r['claimant'], r['claimant'])})" for _, r in heads.iterrows())
    return f"Officers convicted over January 2022, by whose count:\n{parts}"


def _two_lines(label: str) -> str:
    """'HRW, 11 January 2024' -> 'HRW' over '11 January 2024'; other labels wrapped to a narrow column."""
    return label.replace(", ", "\n", 1) if ", " in label else textwrap.fill(label, 18)


def officer_counts_figure(rows: pd.DataFrame):
    bars = list(dict.fromkeys(rows["bar"]))
    labels = [rows.loc[rows["bar"] == b, "row"].iloc[0] for b in bars]
    fig, ax = plt.subplots(figsize=(7.5, 0.55 * len(bars) + 1.9))
    totals = rows.groupby("bar", sort=False)["value"].sum()
    vmax = float(totals.max())
    for yi, bar in enumerate(bars):
        y = -yi
        segs = rows[rows["bar"] == bar]
        stacked = len(segs) > 1
        left = 0.0
        for _, s in segs.iterrows():
            v = float(s["value"])
            color = CLAIMANT_COLORS[s["claimant_type"]] if s["january"] else OKABE_ITO["grey"]
            if s["prison"]:
                ax.barh(y, v, left=left, height=0.6, color=color, edgecolor="white", lw=1.2, zorder=2)
            else:
                ax.barh(y, v, left=left, height=0.6, color="white", edgecolor=color, hatch="////", lw=1.2, zorder=2)
            if stacked:
                ax.text(left + v / 2, y, _int(v), ha="center", va="center", fontsize=8, fontweight="bold",
                        color="white" if s["prison"] else "black", zorder=4,
                        bbox=None if s["prison"] else dict(facecolor="white", edgecolor="none", pad=0.5))
            left += v
        last = segs.iloc[-1]
        color = CLAIMANT_COLORS[last["claimant_type"]] if last["january"] else OKABE_ITO["grey"]
        end = left
        if segs["open_above"].iloc[-1]:
            end = left + vmax * 0.12
            _open_arrow(ax, left, end, y, color)
        if stacked:
            lo, hi = sum_bounds(segs)
            jailed = segs[segs["prison"]]
            with_prison = (f" ({bound_text(*sum_bounds(jailed))} with prison)"
                           if len(jailed) < len(segs) and not jailed.empty else "")
            text = (f"sum {bound_text(lo, hi)}{with_prison}:\n"
                    + " · ".join(f"{s['segment']} {bound_text(s['value_low'], s['value_high'])}"
                                 + ("" if s["prison"] else " (no prison)")
                                 for _, s in segs.iterrows()))
            weight = "normal"
        else:
            _marker(ax, left, y, last["claimant_type"], color)
            text = printed_label(last) + (f"\n(printed by {last['n_documents']:,} documents)" if last["n_documents"] > 1 else "")
            weight = "bold"
        ax.annotate(text, (end, y), xytext=(7, 0), textcoords="offset points", va="center", ha="left",
                    fontsize=8.5 if not stacked else 7.8, fontweight=weight, linespacing=1.3)
    ax.set_yticks([-i for i in range(len(labels))], [_two_lines(lab) for lab in labels], fontsize=8.5)
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(0, vmax * 2.0)
    ax.set_ylim(-len(labels) + 0.45, 0.55)
    ax.set_xlabel("Officers convicted (count)")
    ax.grid(axis="y", visible=False)
    ax.spines["left"].set_visible(False)
    fig.suptitle(officer_counts_title(rows), x=0.01, ha="left", fontweight="bold", fontsize=9.5)
    extra = []
    if (~rows["january"]).any():
        extra.append(Patch(facecolor=OKABE_ITO["grey"], label="not about January 2022"))
    if (~rows["prison"]).any():
        extra.append(Patch(facecolor="white", edgecolor="#555555", hatch="////", label="convicted, no prison time"))
    if rows["open_above"].any():
        extra.append(Line2D([], [], color="#555555", linestyle=(0, (2.5, 1.5)), lw=1.6, label="open-ended: “at least”"))
    handles = _legend_handles(list(dict.fromkeys(rows.loc[rows["january"], "claimant_type"])), extra)
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.4, -0.2), ncol=3, fontsize=8, handlelength=2.4)
    fig.tight_layout()
    return fig


def officer_counts_caption(rows: pd.DataFrame) -> str:
    relayed = ", and a count another document has already printed," if (rows["n_documents"] > 1).any() else ""
    return (f"Each figure for convicted officers in the data, once (passages repeating another{relayed} are left out). A stacked "
            "bar shows the individual court cases a document itemises under its summary count; a hatched segment is a "
            "conviction without prison time; grey marks a case the curator's note places outside the January 2022 unrest.")


def officer_counts_alt(rows: pd.DataFrame) -> str:
    parts = []
    for _, segs in rows.groupby("bar", sort=False):
        lab = segs["row"].iloc[0]
        if len(segs) > 1:
            lo, hi = sum_bounds(segs)
            parts.append(f"{lab}: " + " + ".join(f"{s['segment']} {qual_text(s)}" + ("" if s["prison"] else " (no prison time)")
                                                for _, s in segs.iterrows())
                         + f" = {bound_text(lo, hi)}")
        else:
            n = segs["n_documents"].iloc[0]
            parts.append(f"{lab}: {printed_label(segs.iloc[0])}" + (f" (printed by {n:,} documents)" if n > 1 else ""))
    return f"Horizontal bar chart of {len(parts)} bars. " + "; ".join(parts) + "."


# ---------------------------------------------------------------------------- other figures
OTHER_METRICS = ("posthumous_prosecutions", "child_torture_cases", "torture_deaths_in_custody")
OTHER_LABELS = {
    "posthumous_prosecutions": "people prosecuted posthumously",
    "child_torture_cases": "cases of torture and ill-treatment of children",
    "torture_deaths_in_custody": "deaths due to torture in detention",
}


def other_html(ev: Evidence) -> str:
    df = _ordered(ev.claims[ev.claims["metric"].isin(OTHER_METRICS)])
    if df.empty:
        return "<p>The data hold no figures on posthumous prosecutions, children or deaths under torture.</p>"
    df = df.assign(_o=df["metric"].map({m: i for i, m in enumerate(OTHER_METRICS)})).sort_values(["_o", "claim_id"], kind="stable")
    sents = []
    for _, r in df.iterrows():
        sents.append(f"{_who(r)}: {_printed(r)} {esc(OTHER_LABELS[r['metric']])} (bounds {esc(_bounds(r))}) "
                     f"{_cite(r['claim_id'])}" + (f" (curator's note: <em>{esc(r['note'])}</em>)" if r["note"] else "") + ".")
    view = df.assign(what=df["metric"].map(OTHER_LABELS), printed=printed_cells(df), who=claimant_cells(df),
                     quote_cell=quote_cells(df))
    return ("<p>" + " ".join(sents) + "</p>"
            + html_table(view, ["what", "printed", "who", "claim_id", "quote_cell"],
                         ["What", "As printed (bounds)", "Claimant, date stated", "Claim", "Quote"]))


def document_cells(df: pd.DataFrame, sources: pd.DataFrame) -> list[str]:
    """'ACCORD, 26 April 2024': the document's producer (short) and date, from the registry."""
    reg = sources.set_index("source_id")
    out = []
    for sid in df["source_id"]:
        if sid not in reg.index:
            out.append(sid)
            continue
        producer = str(reg.loc[sid, "producer"]).split(",")[0].split(" – ")[0].split(" (")[0]
        out.append(f"{producer}, {fmt_date(reg.loc[sid, 'date_published'])}")
    return out


def claims_used_html(ev: Evidence, max_rows: int = 0) -> str:
    """The claims behind this chapter's figures, in the order of the chain; at most ``max_rows`` rows printed (0: all)."""
    df = claims_used(ev.claims)
    view = df.assign(document=document_cells(df, ev.sources), who=claimant_cells(df), printed=printed_cells(df),
                     what=df["metric"].str.replace("_", " "), quote_cell=quote_cells(df))
    n_docs = df["source_id"].nunique()
    intro = (f"<p>{esc(len(df))} claims from {esc(n_docs)} document{'s' if n_docs != 1 else ''}, by "
             f"{esc(df['claimant'].nunique())} claimants, in the order of the chain above. A claim id starts with the "
             "id of the document that prints it. Bounds are inclusive; “≥” marks a figure printed as a lower bound. "
             "A German quote is followed by its English rendering.</p>")
    return intro + capped_table(
        view, max_rows, processed_csv("claims.csv"), ["claim_id", "document", "who", "what", "printed", "quote_cell"],
        ["Claim", "Document", "Claimant, date stated", "What is counted", "As printed (bounds)", "Quote"])
