"""HTML for the evidence chapter (notebooks/01-evidence.ipynb). All prose is computed."""

from __future__ import annotations

import pandas as pd

from kzreport.evidence import Evidence
from kzreport.report.present import capped_table, esc, first_day, fmt_date, fmt_period, html_table, processed_csv
from kzreport.analysis.claims import bound_text, bounds_differ, claims_by_source_and_type, normalised_quotes
from kzreport.evidence.vocab import CLAIMANT_TYPE_LABELS, CLAIMANT_TYPES


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def overview_html(ev: Evidence) -> str:
    claims, events = ev.claims, ev.events
    by_type = claims["claimant_type"].value_counts()
    parts = ", ".join(f"{esc(by_type[t])} {esc(CLAIMANT_TYPE_LABELS[t])}" for t in CLAIMANT_TYPES if t in by_type)
    ordered = events.assign(_first=events["date"].map(first_day)).sort_values(["_first", "date"], kind="stable")
    first, last = fmt_date(ordered["date"].iloc[0]), fmt_date(ordered["date"].iloc[-1])
    core = int(claims["is_core_metric"].sum())
    return (
        f"<p>The evidence base holds {esc(_n(len(claims), 'claim'))} from {esc(_n(len(ev.sources), 'document'))}, "
        f"stated by {esc(_n(claims['claimant'].nunique(), 'claimant'))} ({parts} claims by claimant type), "
        f"across {esc(_n(claims['metric'].nunique(), 'metric'))}, {esc(core)} of the claims on the report's core metrics. "
        f"It also holds {esc(_n(len(events), 'dated event'))} from {esc(first)} to {esc(last)}. "
        f"Every quote was found in its source document, every figure was read into a value and bounds, "
        f"and every place name was mapped to one English spelling.</p>"
    )


def sources_html(sources: pd.DataFrame) -> str:
    intro = f"<p>{esc(_n(len(sources), 'document'))}, each checked against its SHA-256 checksum on every build.</p>"
    return intro + html_table(sources, ["source_id", "producer", "title", "date_published", "kind"],
                              ["Id", "Producer", "Title", "Published", "Kind"])


def claims_by_source_html(ev: Evidence) -> str:
    table = claims_by_source_and_type(ev.claims, ev.sources).reset_index().rename(columns={"source_id": "source"})
    headers = ["Source"] + [CLAIMANT_TYPE_LABELS.get(c, c) for c in table.columns[1:]]
    official = int((ev.claims["claimant_type"] == "official").sum())
    docs_quoting_official = ev.claims.loc[ev.claims["claimant_type"] == "official", "source_id"].nunique()
    intro = (f"<p>The claimant is the body that first stated a figure, not the document that prints it: "
             f"{esc(_n(official, 'claim'))} come from Kazakh state bodies, printed in {esc(_n(docs_quoting_official, 'document'))}.</p>")
    return intro + html_table(table, list(table.columns), headers)


def bounds_differ_html(ev: Evidence, metrics: list[str], max_rows: int = 0) -> str:
    """The claims whose metric is printed with different bounds; at most ``max_rows`` rows (0: all)."""
    diff = bounds_differ(ev.claims, metrics)
    if diff.empty:
        return "<p>No metric among those selected is printed with different bounds by different sources.</p>"
    view = diff.assign(bounds=[bound_text(lo, hi) for lo, hi in zip(diff["value_low"], diff["value_high"])],
                       qualifier=diff["qualifier"].str.replace("_", " "),
                       period=[fmt_period(a, b) for a, b in zip(diff["period_start"], diff["period_end"])],
                       stated=diff["reported_on"].map(fmt_date))
    n_metrics = diff["metric"].nunique()
    intro = (f"<p>{esc(_n(n_metrics, 'metric'))} of those selected ({esc(', '.join(metrics))}) "
             f"{'is' if n_metrics == 1 else 'are'} printed with different bounds by different documents or claimants. "
             "Qualifiers become bounds: <em>mindestens</em> and <em>at least</em> give a lower bound, "
             "<em>fast</em> and <em>bis zu</em> an upper one; vague amounts such as <em>Dutzende</em> give a lower bound only.</p>")
    return intro + capped_table(view, max_rows, processed_csv("claims.csv"),
                                ["metric", "source_id", "claimant", "value_text", "qualifier", "bounds", "stated", "period"],
                                ["Metric", "Document", "Claimant", "As printed", "Qualifier", "Bounds", "Stated", "Period covered"])


def normalised_quotes_html(ev: Evidence, show: bool = True, max_rows: int = 0) -> str:
    """How many quotes matched only after normalising, and (``show``) which: at most ``max_rows`` rows (0: all)."""
    table = normalised_quotes(ev.claims, ev.events)
    total = len(ev.claims) + len(ev.events)
    counts = table["steps"].value_counts()
    detail = "; ".join(f"{esc(steps)}: {esc(n)}" for steps, n in counts.items())
    intro = (f"<p>{esc(total - len(table))} of {esc(total)} quotes are verbatim substrings of their source. "
             f"{esc(len(table))} matched only after normalising extraction artefacts ({detail}). "
             "Normalising is applied to quote and source alike: line breaks and runs of spaces, the taz article's table "
             "pipes, hyphenated line breaks, footnote markers glued to words, gender dots and typographic quote marks.</p>")
    if not show or table.empty:
        return intro
    return intro + capped_table(table, max_rows, processed_csv("claims.csv", "events.csv"),
                                ["id", "source_id", "steps", "quote"], ["Id", "Source", "Normalised", "Quote"])


def unchecked_dates_html(ev: Evidence, max_rows: int = 0) -> str:
    """How many event dates were resolved by hand, and how: at most ``max_rows`` rows (0: all)."""
    ev_ = ev.events
    hand = ev_[~ev_["is_date_checked"]]
    intro = (f"<p>{esc(len(ev_) - len(hand))} of {esc(len(ev_))} event dates were read from the printed date and agree with the curated date. "
             f"{esc(len(hand))} are printed as weekdays or relative dates (<em>am Sonntag</em>, <em>am nächsten Morgen</em>) and were resolved by hand; "
             "each row's note says how.</p>")
    if hand.empty:
        return intro
    return intro + capped_table(hand, max_rows, processed_csv("events.csv"), ["event_id", "date_text", "date", "note"],
                                ["Id", "As printed", "Date", "How it was resolved"])
