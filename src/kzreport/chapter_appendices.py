"""The appendices (notebooks/06-appendices.ipynb): every source, every claim and every event, with its quote.

The tables are long and meant to be read on paper as well as on screen, so each keeps to three
columns and combines related fields into one cell, one field a line: the header row repeats on
every printed page and no cell is clipped on A4. Every claim row carries the HTML id
``claim-<claim_id>`` and every event row ``event-<event_id>``, so other chapters can link to them.
Every value from the data is escaped here.

A listing can be capped (``max_rows``): a report on thousands of claims would be thousands of
printed pages, which no reader turns and no PDF renderer lays out in minutes. A capped listing says
so in its introduction, how many rows it leaves out and where they are (the processed CSV, each row
with its checked quote); that paragraph carries the id ``claims-not-listed`` / ``events-not-listed``,
and the report's links to rows that are not listed point there (see ``render.resolve_row_links``).
"""

from __future__ import annotations

import pandas as pd

from kzreport.evidence import Evidence
from kzreport.report.present import check_max_rows, esc, first_day, fmt_date, fmt_period, listed_count
from kzreport.report.format import bounds as bound_text
from kzreport.evidence.vocab import CLAIMANT_TYPE_LABELS, CORE_METRICS

GROUP_BY = ("source_id", "metric")
EVENTS_ORDER = ("date", "source_id")
UNLISTED_ANCHOR = {"claim": "claims-not-listed", "event": "events-not-listed"}

QUALIFIER_WORDS = {
    "exact": "exact", "at_least": "at least", "more_than": "more than", "about": "about: an estimate",
    "almost": "almost", "up_to": "up to",
}


# ---------------------------------------------------------------------------- helpers
def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def short_producer(producer: str) -> str:
    """The producer's short name: 'ACCORD – Austrian Centre … (Austrian Red Cross)' -> 'ACCORD'."""
    return str(producer).split(",")[0].split(" – ")[0].split(" (")[0].strip()


def check_choice(value: str, allowed: tuple[str, ...], name: str) -> str:
    """``value`` if it is one of ``allowed``; else a ValueError that names the choices."""
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")
    return value


def unlisted_note(kind: str, total: int, shown: int, max_rows: int, csv_name: str) -> str:
    """The paragraph of a capped listing (id claims-not-listed / events-not-listed); '' when nothing is left out."""
    if shown >= total:
        return ""
    plural = kind + "s"
    return (f'<p id="{UNLISTED_ANCHOR[kind]}" class="not-listed"><strong>Not every {esc(kind)} is listed.</strong> '
            f"This listing stops after the first {esc(_n(shown, kind))} in the order below (parameter "
            f"<code>max_rows</code> = {max_rows:,}); the other {esc(_n(total - shown, kind))} "
            f"{'is' if total - shown == 1 else 'are'} not printed here. "
            f"Every one of the {total:,} {esc(plural)} is in <code>data/processed/{esc(csv_name)}</code>, with its "
            "verbatim quote checked against its document like the listed ones. A link in this report to a "
            f"{esc(kind)} that is not listed leads to this paragraph.</p>")


def lines(*parts: str) -> str:
    """Join already-escaped HTML fragments into one cell, one per line; empty fragments are left out."""
    return "<br>".join(p for p in parts if p)


def breakable(value) -> str:
    """An identifier escaped, with break opportunities after underscores ('party_founding_min_participants')."""
    return esc(value).replace("_", "_<wbr>")


def labelled(label: str, value) -> str:
    """'<span class="label">label:</span> value' with the value escaped; '' when the value is empty."""
    text = esc(value)
    return f'<span class="label" style="color: #5a5a5a">{esc(label)}:</span> {text}' if text else ""


def long_table(headers: list[str], widths: list[int], rows: list[tuple[str, list[str]]], caption: str = "") -> str:
    """A fixed-layout table for long appendices.

    ``rows`` are (row id, cells) with every cell already escaped HTML; ``widths`` are percentages.
    The fixed layout and the column widths keep every column on an A4 page; long words (checksums,
    addresses) break anywhere instead of widening the table. The header repeats on each printed page.
    """
    if len(headers) != len(widths):
        raise ValueError(f"{len(headers)} headers but {len(widths)} column widths")
    cols = "".join(f'<col style="width: {int(w)}%">' for w in widths)
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    body = []
    for row_id, cells in rows:
        if len(cells) != len(headers):
            raise ValueError(f"row {row_id!r} has {len(cells)} cells for {len(headers)} columns")
        attr = f' id="{esc(row_id)}"' if row_id else ""
        body.append(f"<tr{attr}>" + "".join(f'<td style="overflow-wrap: anywhere">{c}</td>' for c in cells) + "</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (f'<table class="data appendix" style="table-layout: fixed; width: 100%">{cap}<colgroup>{cols}</colgroup>'
            f'<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')


def quote_cell(quote: str, quote_en: str, note: str = "", show_note: bool = True) -> str:
    """The German quote and its English rendering (once, marked, when the source itself is English)."""
    if quote == quote_en:
        parts = [f'<span lang="en">„{esc(quote)}“</span>', '<em>(English in the source)</em>']
    else:
        parts = [f'<span lang="de">„{esc(quote)}“</span>', f'<em lang="en">{esc(quote_en)}</em>']
    if show_note and note:
        parts.append(labelled("Note", note))
    return lines(*parts)


# ---------------------------------------------------------------------------- Appendix A: sources
def sources_appendix_html(sources: pd.DataFrame) -> str:
    """Every source as its full citation, with checksum, address, date, kind and producer."""
    months = sorted(sources["date_published"].map(lambda d: first_day(str(d))[:7]))
    span = f", published between {fmt_date(months[0])} and {fmt_date(months[-1])}" if months else ""
    intro = (f"<p>The report rests on {esc(_n(len(sources), 'document'))}{esc(span)}. "
             "Each is kept byte for byte as received, as a plain-text extraction; its SHA-256 checksum below is checked "
             "on every build, which stops when a file no longer matches. The address is given as known: for some "
             "documents it is only the publisher's site.</p>")
    rows = []
    for _, s in sources.iterrows():
        url = str(s["url"])
        link = f'<a href="{esc(url)}">{esc(url)}</a>' if url.startswith(("https://", "http://")) else esc(url)
        doc = lines(f"<strong>{esc(s['source_id'])}</strong>", labelled("Producer", s["producer"]),
                    labelled("Published", fmt_date(s["date_published"])), labelled("Kind", s["kind"]),
                    labelled("Language", s["language"]))
        cite = lines(esc(s["citation_full"]), f'<span class="label" style="color: #5a5a5a">Address:</span> {link}' if url else "",
                     f'<span class="label" style="color: #5a5a5a">SHA-256:</span> <code style="word-break: break-all">{esc(s["sha256"])}</code>')
        rows.append((f"source-{s['source_id']}", [doc, cite]))
    return intro + long_table(["Document", "Full citation, address and checksum"], [30, 70], rows)


# ---------------------------------------------------------------------------- Appendix B: claims
def claim_cells(c: pd.Series, producers: dict[str, str], show_note: bool = True) -> list[str]:
    """The three cells of one claim row: who and where / the figure / the quote."""
    ctype = CLAIMANT_TYPE_LABELS.get(c["claimant_type"], c["claimant_type"])
    doc = producers.get(c["source_id"], "")
    who = lines(f"<strong>{esc(c['claim_id'])}</strong>",
                labelled("Document", f"{doc} ({c['source_id']})" if doc else c["source_id"]),
                labelled("Claimant", f"{c['claimant']} ({ctype})"))
    reading = QUALIFIER_WORDS.get(c["qualifier"], c["qualifier"])
    if bool(c["is_vague"]):
        reading += "; vague: no number printed"
    elif c["qualifier"] == "exact" and pd.isna(c["value"]):
        reading = "a range"
    bounds = f"{bound_text(c['value_low'], c['value_high'])} {c['unit']}".strip() + f" ({reading})"
    period = fmt_period(c["period_start"], c["period_end"]) if (_present(c["period_start"]) or _present(c["period_end"])) else ""
    place = c["location"] if c["location"] == c["location_as_printed"] else f"{c['location']} (printed {c['location_as_printed']})"
    metric = f'<span class="label" style="color: #5a5a5a">Metric:</span> {breakable(c["metric"])}'
    figure = lines(metric, labelled("As printed", f"„{c['value_text']}“"),
                   labelled("Bounds", bounds), labelled("Place", place),
                   labelled("Stated", fmt_date(c["reported_on"])), labelled("Period covered", period))
    return [who, figure, quote_cell(c["quote"], c["quote_en"], c["note"], show_note)]


def _present(v) -> bool:
    return v is not None and not (isinstance(v, float) and pd.isna(v)) and str(v) != ""


def metric_order(metrics) -> list[str]:
    """The report's core metrics in their fixed order, then every other metric alphabetically."""
    present = list(dict.fromkeys(metrics))
    core = [m for m in CORE_METRICS if m in present]
    return core + sorted(m for m in present if m not in CORE_METRICS)


def claim_groups(claims: pd.DataFrame, sources: pd.DataFrame, group_by: str = "source_id") -> list[tuple[str, pd.DataFrame]]:
    """(group key, claims) in reading order.

    By document: registry order, claims in order of appearance (claim id). By metric: the core
    metrics first, then the rest alphabetically; within a metric by the date stated, then claim id.
    """
    check_choice(group_by, GROUP_BY, "group_by")
    if group_by == "source_id":
        keys = [s for s in sources["source_id"] if s in set(claims["source_id"])]
        keys += sorted(set(claims["source_id"]) - set(keys))
        return [(k, claims[claims["source_id"] == k].sort_values("claim_id", kind="stable")) for k in keys]
    out = []
    for m in metric_order(claims["metric"]):
        g = claims[claims["metric"] == m]
        g = g.assign(_first=g["reported_on"].map(first_day)).sort_values(["_first", "claim_id"], kind="stable")
        out.append((m, g.drop(columns="_first")))
    return out


def claims_appendix_html(ev: Evidence, group_by: str = "source_id", show_notes: bool = True, max_rows: int = 0) -> str:
    """Every claim with its quote, grouped by document or by metric; each row has the id claim-<claim_id>.

    With ``max_rows`` (0: no cap) only the first that many claims in reading order are listed; every
    group keeps its heading and count and says how many of its claims are not listed.
    """
    check_max_rows(max_rows)
    claims, sources = ev.claims, ev.sources
    groups = claim_groups(claims, sources, group_by)
    budget = listed_count(len(claims), max_rows)
    producers = {s: short_producer(p) for s, p in zip(sources["source_id"], sources["producer"])}
    how = ("by the document that prints them, in order of appearance" if group_by == "source_id"
           else "by what they count (the report's core metrics first, then the others alphabetically), by the date stated")
    intro = (f"<p>All {esc(_n(len(claims), 'claim'))}, {esc(how)}: {esc(_n(len(groups), 'group'))}. "
             "Each row gives the claim's id, the document that prints the figure and the claimant who first stated it, "
             "the figure as printed with the bounds it allows, and the verbatim quote with an English rendering. "
             "A claim can be cited by its id; in the HTML report each row is also an anchor "
             f"(<code>#claim-{esc(claims['claim_id'].iloc[0]) if len(claims) else '&lt;id&gt;'}</code>).</p>")
    parts = [intro, unlisted_note("claim", len(claims), budget, max_rows, "claims.csv")]
    headers = ["Claim, document, claimant", "Figure", "Quote (de) and rendering (en)"]
    for key, g in groups:
        if group_by == "source_id":
            title = f"{producers.get(key, key)} ({key})"
            parts.append(f"<h3>{esc(title)}: {esc(_n(len(g), 'claim'))}</h3>")
        else:
            parts.append(f"<h4>{breakable(key)}: {esc(_n(len(g), 'claim'))}</h4>")
        shown = g.iloc[:budget]
        budget -= len(shown)
        if len(shown) < len(g):
            out = len(g) - len(shown)
            left = "None of them is" if shown.empty else f"{out:,} of them {'is' if out == 1 else 'are'} not"
            parts.append(f'<p class="not-listed">{esc(left)} listed here (<a href="#{UNLISTED_ANCHOR["claim"]}">why</a>).</p>')
        if not shown.empty:
            rows = [(f"claim-{c['claim_id']}", claim_cells(c, producers, show_notes)) for _, c in shown.iterrows()]
            parts.append(long_table(headers, [22, 24, 54], rows))
    return "".join(parts)


# ---------------------------------------------------------------------------- Appendix C: events
def ordered_events(events: pd.DataFrame, sources: pd.DataFrame, order: str = "date") -> pd.DataFrame:
    """Events by date (first possible day, then the less precise date first, then id) or by document."""
    check_choice(order, EVENTS_ORDER, "events_order")
    if order == "date":
        df = events.assign(_first=events["date"].map(first_day), _len=events["date"].str.len())
        return df.sort_values(["_first", "_len", "event_id"], kind="stable").drop(columns=["_first", "_len"]).reset_index(drop=True)
    rank = {s: i for i, s in enumerate(sources["source_id"])}
    df = events.assign(_rank=events["source_id"].map(lambda s: rank.get(s, len(rank))))
    return df.sort_values(["_rank", "event_id"], kind="stable").drop(columns="_rank").reset_index(drop=True)


def event_cells(e: pd.Series, producers: dict[str, str], show_note: bool = True) -> list[str]:
    doc = producers.get(e["source_id"], "")
    place = e["location"] if e["location"] == e["location_as_printed"] else f"{e['location']} (printed {e['location_as_printed']})"
    who = lines(f"<strong>{esc(e['event_id'])}</strong>",
                labelled("Document", f"{doc} ({e['source_id']})" if doc else e["source_id"]),
                labelled("Category", str(e["category"]).replace("_", " ")), labelled("Place", place))
    checked = "read from the printed date" if bool(e["is_date_checked"]) else "resolved by hand (see note)"
    when = lines(labelled("As printed", f"„{e['date_text']}“"), labelled("ISO date", e["date"]),
                 labelled("Precision", e["date_precision"]), labelled("Date", checked))
    what = lines(f"<strong>{esc(e['title'])}</strong>", quote_cell(e["quote"], e["quote_en"], e["note"], show_note))
    return [who, when, what]


def events_appendix_html(ev: Evidence, include: bool = True, order: str = "date", show_notes: bool = True,
                         max_rows: int = 0) -> str:
    """Appendix C (heading included, as it is optional): every event with its quote; rows have id event-<event_id>.

    With ``max_rows`` (0: no cap) only the first that many events in the chosen order are listed.
    """
    check_choice(order, EVENTS_ORDER, "events_order")
    check_max_rows(max_rows)
    if not include:
        return ""
    events = ordered_events(ev.events, ev.sources, order)
    producers = {s: short_producer(p) for s, p in zip(ev.sources["source_id"], ev.sources["producer"])}
    cats = events["category"].value_counts()
    cat_text = _and([f"{n:,} {k.replace('_', ' ')}" for k, n in sorted(cats.items(), key=lambda kv: (-kv[1], kv[0]))])
    hand = int((~events["is_date_checked"].astype(bool)).sum())
    how = "in date order (an event dated only to a month or year comes first in it)" if order == "date" else \
        "by the document that prints them, in order of appearance"
    intro = (f"<p>All {esc(_n(len(events), 'dated event'))} printed in the documents, {esc(how)}. "
             f"By category: {esc(cat_text)}. Every date is given as printed and as an ISO date no more precise than the "
             f"text; {esc(_n(hand, 'date'))} printed as a weekday or a relative date {'was' if hand == 1 else 'were'} "
             "resolved by hand, and the note says how.</p>")
    shown = events.iloc[:listed_count(len(events), max_rows)]
    intro += unlisted_note("event", len(events), len(shown), max_rows, "events.csv")
    rows = [(f"event-{e['event_id']}", event_cells(e, producers, show_notes)) for _, e in shown.iterrows()]
    return ("<h2>Appendix C: Events</h2>" + intro
            + long_table(["Event, document, category", "Date", "Title, quote (de) and rendering (en)"], [22, 20, 58], rows))
