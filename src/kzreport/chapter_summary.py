"""The executive summary (notebooks/00-summary.ipynb): one page for readers who read nothing else.

Three parts, all computed from the processed tables: a paragraph on what happened (dates from
events.csv), a table of key figures (each as printed, with its qualifier, who stated it, in which
document, and the claim id under which the appendix gives the verbatim quote) and a paragraph on
accountability. Every value from the data is escaped here.

Selection rules (documented in the chapter):

* Key figures are picked per metric by fixed rules (:data:`RULES`) built on the casualties and
  accountability chapters' own pickers, so the summary never disagrees with them: the *first
  official* figure is the earliest nation-wide figure of a Kazakh state body (an unqualified one if
  there is any); the *highest* compares the bound a figure sets ("more than 10,000" beats "almost
  10,000"); *words* are activists' figures printed as words ("in die Tausende"), shown unquantified;
  the closure rate is the first "x of n cases closed" pair printed in one passage, with its interval;
  counts of convicted officers are those of the chosen claimants about January 2022.
* Only nation-wide figures are compared (a city's toll is not a national toll), except the counts
  of convicted officers, which name their place when they have one.
* Dates of the opening paragraph come from events of the categories in :data:`EVENT_RULES` whose
  title matches the rule, with the date known to the day, in the month the unrest began; the earliest
  wins (the latest for the unrest's end). Each date links to the first such event in the appendix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from kzreport import chapter_accountability as acc
from kzreport import chapter_casualties as cas
from kzreport.evidence import Evidence
from kzreport.report.present import check_max_rows, esc, first_day, fmt_date, html_table, listed_count
from kzreport.evidence.vocab import CLAIMANT_TYPE_LABELS, CORE_METRICS

NATIONWIDE = cas.NATIONWIDE

# ---------------------------------------------------------------------------- key figures: rules and labels
# How each metric's rows are picked, in the order shown. A metric not listed here gets DEFAULT_RULES.
RULES: dict[str, tuple[str, ...]] = {
    "killed": ("first_official", "highest_official", "highest_non_official", "words"),
    "detained": ("first_official", "highest"),
    "torture_cases_closed": ("closure",),
    "officers_convicted": ("by_claimant",),
    "csto_troops": ("first_stated",),
}
DEFAULT_RULES = ("first_official", "highest")

# The metrics whose activists' words are shown with the 'words' rule: deaths, and deaths and injuries together.
WORD_METRICS = ("killed", "killed_and_injured")

METRIC_WHAT = {
    "killed": "Killed",
    "killed_and_injured": "Killed and injured",
    "injured": "Injured",
    "detained": "Detained",
    "protesters_convicted": "Protesters and others convicted",
    "torture_cases_closed": "Torture or abuse-of-office cases closed",
    "officers_investigated": "Police and security officers investigated",
    "officers_convicted": "Officers convicted",
    "posthumous_prosecutions": "People prosecuted posthumously",
    "child_torture_cases": "Cases of torture and ill-treatment of children",
    "csto_troops": "CSTO troops",
    "internet_shutdown_days": "Internet shutdown",
}

RULE_WHAT = {
    "first_official": "first official figure",
    "highest_official": "highest official figure",
    "highest_non_official": "highest non-official figure",
    "highest": "highest figure",
    "first_stated": "first figure stated",
    "words": "activists' estimate",
}

# Units worth repeating next to the number (a count of people, cases or officers is named by the row).
TIME_UNITS = ("days", "weeks", "months", "years")

TABLE_COLUMNS = ["what", "figure", "who", "claim_cell"]
TABLE_HEADERS = ["Key figure", "As printed", "Stated by (type), when", "Claim (printed in)"]
TABLE_WIDTHS = (20, 23, 33, 24)  # percent of the page width per column
TABLE_CAPTION = ("Key figures as printed, qualifiers (“at least”, “more than”, “up to”) kept; the appendix quotes "
                 "each claim verbatim under its id.")


def what_label(metric: str) -> str:
    return METRIC_WHAT.get(metric, cas.metric_label(metric))


def check_params(claims: pd.DataFrame, metrics, max_rows: int, confidence: float, ci_method: str) -> None:
    """Refuse parameters that cannot be meant, with a message naming the choices."""
    check_max_rows(max_rows)
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1 (e.g. 0.95), got {confidence!r}")
    if ci_method not in acc.CI_METHODS:
        raise ValueError(f"ci_method must be one of {', '.join(acc.CI_METHODS)}, got {ci_method!r}")
    known = set(claims["metric"]) | set(CORE_METRICS)
    unknown = [m for m in metrics if m not in known]
    if unknown:
        raise ValueError(f"unknown metric(s) {unknown}; known: {', '.join(sorted(known))}")


# ---------------------------------------------------------------------------- reading one claim
def prepared(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims with the first and last day their ``reported_on`` can mean, as the casualties pickers need."""
    return claims.assign(reported_first=claims["reported_on"].map(first_day),
                         reported_last=claims["reported_on"].map(cas.last_day))


def _norm(text: str) -> str:
    """'Mehr als 2.200' -> 'mehr als 2,200'; 'over 1,200' -> 'more than 1,200': for comparing with the reading."""
    t = str(text).strip().lower()
    t = re.sub(r"(?<=\d)[. ](?=\d{3}\b)", ",", t)
    return re.sub(r"^over\b", "more than", t)


def figure_text(row) -> str:
    """The figure in English with its qualifier, and the printed words when they differ:
    'more than 2,200 (“Mehr als 2.200”)', '5 days (“fünftägige”)', 'at least 23', '“in die Tausende” (no number)'."""
    if bool(row["is_vague"]):
        return f"“{row['value_text']}” (no number)"
    reading = cas.reading(row)
    unit = f" {row['unit']}" if row["unit"] in TIME_UNITS else ""
    text = reading + unit
    if _norm(row["value_text"]) not in (_norm(reading), _norm(text)):
        text += f" (“{row['value_text']}”)"
    return text


# ---------------------------------------------------------------------------- picking rows by rule
def _nationwide_quantified(df: pd.DataFrame, metric: str) -> pd.DataFrame:
    return df[(df["metric"] == metric) & ~df["is_vague"].astype(bool) & (df["location"] == NATIONWIDE)]


def first_stated(df: pd.DataFrame, metric: str):
    """The earliest nation-wide figure stated; on the same date the largest (a total before its parts)."""
    cand = _nationwide_quantified(df, metric)
    if cand.empty:
        return None
    cand = cand.assign(_v=[cas.rank_value(r) for _, r in cand.iterrows()])
    return cand.sort_values(["reported_last", "reported_first", "_v", "claim_id"],
                            ascending=[True, True, False, True], kind="stable").iloc[0]


def highest_any(df: pd.DataFrame, metric: str):
    """The highest nation-wide figure from anyone; on a tie the official one, then as :func:`cas.highest` orders."""
    found = [h for h in (cas.highest(df, metric, True), cas.highest(df, metric, False)) if h is not None]
    if not found:
        return None
    return max(found, key=cas.rank_value)  # max keeps the first (official) on a tie


def words(df: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Activists' nation-wide figures printed as words (no number), for deaths and deaths-and-injuries together;
    the same words by the same claimant are shown once (the earliest stated)."""
    metrics = WORD_METRICS if metric in WORD_METRICS else (metric,)
    hit = df[df["metric"].isin(metrics) & df["is_vague"].astype(bool) & (df["claimant_type"] == "activist")
             & (df["location"] == NATIONWIDE)]
    hit = hit.sort_values(["reported_last", "claim_id"], kind="stable")
    return hit.drop_duplicates(["metric", "claimant", "value_text"])  # the same words printed again: shown once


@dataclass(frozen=True)
class Closure:
    closed: pd.Series
    total: pd.Series
    low: float
    high: float
    confidence: float
    method: str


def find_closure(claims: pd.DataFrame, confidence: float = 0.95, method: str = "wilson") -> Closure | None:
    """The first 'x of n cases closed' pair in document order (see :func:`acc.closure_pair`), with its interval."""
    closed = claims[(claims["metric"] == "torture_cases_closed") & claims["value"].notna()]
    for claimant in dict.fromkeys(closed.sort_values(["source_id", "claim_id"], kind="stable")["claimant"]):
        try:
            pair = acc.closure_pair(claims, claimant)
        except ValueError:
            continue
        x, n = int(pair.closed["value"]), int(pair.total["value"])
        if not 0 <= x <= n or n == 0:
            continue
        low, high = acc.proportion_interval(x, n, confidence, method)
        return Closure(pair.closed, pair.total, low, high, confidence, method)
    return None


def closure_text(c: Closure) -> str:
    """'236 of 329 (71.7%; 95% interval 66.6–76.3%)': the share closed and its interval (method as chosen)."""
    x, n = int(c.closed["value"]), int(c.total["value"])
    return f"{x:,} of {n:,} ({acc.pct(x / n)}; {100 * c.confidence:g}% interval {100 * c.low:.1f}–{acc.pct(c.high)})"


def _row(metric: str, rule: str, claim: pd.Series, what: str, figure: str, ids: list[str] | None = None) -> dict:
    return {"metric": metric, "rule": rule, "what": what, "figure": figure,
            "claim_id": claim["claim_id"], "claims": ", ".join(ids or [claim["claim_id"]]),
            **{c: claim[c] for c in ("source_id", "claimant", "claimant_type", "value_text", "value", "qualifier",
                                     "value_low", "value_high", "is_vague", "reported_on", "location")}}


def _with_place(what: str, claim: pd.Series) -> str:
    place = str(claim["location"] or "")
    return what if place in ("", NATIONWIDE) else f"{what} ({place.replace('; ', ', ')})"


def rows_for(claims: pd.DataFrame, metric: str, conviction_claimants, confidence: float = 0.95,
             ci_method: str = "wilson") -> list[dict]:
    """The key-figure rows of one metric, by its rules (:data:`RULES`); a claim is shown once."""
    df = prepared(claims)
    rules = RULES.get(metric, DEFAULT_RULES)
    out: list[dict] = []
    for rule in rules:
        if rule == "closure":
            c = find_closure(df, confidence, ci_method)
            if c is None:
                out += rows_for_generic(df, metric)
                continue
            what = what_label(metric) + ("" if isinstance(c.closed["period_start"], str) and c.closed["period_start"]
                                         else " (period not stated)")
            out.append(_row(metric, rule, c.closed, what, closure_text(c),
                            [c.closed["claim_id"], c.total["claim_id"]]))
        elif rule == "by_claimant":
            for name in dict.fromkeys(conviction_claimants):
                r = acc.conviction_for(df, name)
                out.append(_row(metric, rule, r, _with_place(what_label(metric), r), figure_text(r)))
        elif rule == "words":
            for _, r in words(df, metric).iterrows():
                label = what_label(r["metric"])
                out.append(_row(metric, rule, r, f"{label}: {RULE_WHAT[rule]}", figure_text(r)))
        else:
            r = _pick(df, metric, rule)
            if r is not None:
                out.append(_row(metric, rule, r, what_label(metric), figure_text(r)))
    return _label_and_dedupe(out)


def rows_for_generic(df: pd.DataFrame, metric: str) -> list[dict]:
    out = []
    for rule in DEFAULT_RULES:
        r = _pick(df, metric, rule)
        if r is not None:
            out.append(_row(metric, rule, r, what_label(metric), figure_text(r)))
    return out


def _pick(df: pd.DataFrame, metric: str, rule: str):
    if rule == "first_official":
        return cas.first_official(df, metric)
    if rule == "highest_official":
        return cas.highest(df, metric, True)
    if rule == "highest_non_official":
        return cas.highest(df, metric, False)
    if rule == "highest":
        return highest_any(df, metric)
    if rule == "first_stated":
        return first_stated(df, metric)
    raise ValueError(f"unknown rule {rule!r}")


def _label_and_dedupe(rows: list[dict]) -> list[dict]:
    """Drop a claim already shown; when a metric keeps several picked rows, say which pick each is."""
    seen, out = set(), []
    for r in rows:
        if r["claim_id"] in seen:
            continue
        seen.add(r["claim_id"])
        out.append(r)
    picked = [r for r in out if r["rule"] in ("first_official", "highest_official", "highest_non_official",
                                               "highest", "first_stated")]
    if len(picked) > 1:
        for r in picked:
            r["what"] = f"{r['what']}: {RULE_WHAT[r['rule']]}"
    return out


def key_figures(ev: Evidence, metrics, conviction_claimants, confidence: float = 0.95,
                ci_method: str = "wilson") -> pd.DataFrame:
    """All key-figure rows, in the order of ``metrics`` then of each metric's rules, with the table cells
    ``who`` (claimant, type, date stated) and ``document`` (producer, date published)."""
    rows = []
    for metric in dict.fromkeys(metrics):
        rows += rows_for(ev.claims, metric, conviction_claimants, confidence, ci_method)
    cols = ["metric", "rule", "what", "figure", "claim_id", "claims", "source_id", "claimant", "claimant_type",
            "value_text", "value", "qualifier", "value_low", "value_high", "is_vague", "reported_on", "location"]
    table = pd.DataFrame(rows, columns=cols)
    document = [cas.document_name(sid, ev.sources) for sid in table["source_id"]]
    return table.assign(who=acc.claimant_cells(table), document=document,
                        claim_cell=[f"{c} ({d})" for c, d in zip(table["claims"], document)])


def _with_widths(table_html: str) -> str:
    """The table with column widths (:data:`TABLE_WIDTHS`), so that most rows take two lines on A4."""
    cols = "".join(f'<col style="width: {w}%">' for w in TABLE_WIDTHS)
    return table_html.replace("<thead>", f"<colgroup>{cols}</colgroup><thead>", 1)


def key_figures_html(table: pd.DataFrame, metrics, max_rows: int) -> str:
    """The table (at most ``max_rows`` rows, 0: all), then what the row limit left out and which metrics have no figure."""
    n = listed_count(len(table), max_rows)
    shown, rest = table.iloc[:n], table.iloc[n:]
    missing = [m for m in dict.fromkeys(metrics) if m not in set(table["metric"])]
    html = _with_widths(html_table(shown, TABLE_COLUMNS, TABLE_HEADERS, caption=TABLE_CAPTION)) if not shown.empty else ""
    notes = []
    if not rest.empty:
        notes.append(f"Left out by the limit of {esc(max_rows)} rows: "
                     + "; ".join(f"{esc(w)} ({esc(f)})" for w, f in zip(rest["what"], rest["figure"])) + ".")
    if missing:
        notes.append("No figure in the data (nation-wide, or by the chosen claimants) for: "
                     + ", ".join(esc(what_label(m).lower()) for m in missing) + ".")
    if shown.empty and not notes:
        notes.append("No key figure is selected.")
    return html + ("<p class=\"table-note\">" + " ".join(notes) + "</p>" if notes else "")


# ---------------------------------------------------------------------------- opening paragraph
@dataclass(frozen=True)
class EventRule:
    role: str
    categories: tuple[str, ...]
    title: str  # regular expression, case-insensitive, searched in the event's title
    placed: bool = False  # only events with a place (not the whole country): where something began
    latest: bool = False  # the latest date instead of the earliest (the end of a period)


EVENT_RULES = (
    EventRule("unrest_start", ("protest",), r"bloody january"),
    EventRule("unrest_end", ("protest",), r"bloody january", latest=True),
    EventRule("price", ("state_measure",), r"\bprice"),
    EventRule("first_protest", ("protest",), r"", placed=True),
    EventRule("emergency", ("state_measure",), r"state of emergency"),
    EventRule("csto", ("security_operation",), r"\bCSTO\b.*\b(?:deploy|arriv)|\b(?:deploy|arriv)\w*\b.*\bCSTO\b"),
    EventRule("shoot", ("state_measure",), r"\border\w*\b.*\b(?:shoot|fire|live ammunition)"),
)


def day_range(start: str, end: str) -> str:
    """'From 2 to 11 January 2022'; 'From 30 December 2021 to 11 January 2022' across months; 'On 2 January 2022'."""
    if start == end:
        return f"On {fmt_date(start)}"
    a, b = fmt_date(start), fmt_date(end)
    if start[:7] == end[:7]:
        return f"From {a.split(' ')[0]} to {b}"
    if start[:4] == end[:4]:
        return f"From {a.rsplit(' ', 1)[0]} to {b}"
    return f"From {a} to {b}"


MAX_REFS = 3  # ids cited per statement; more are counted, not listed


@dataclass(frozen=True)
class KeyEvent:
    date: str
    ids: list[str]
    location: str


def key_event(events: pd.DataFrame, rule: EventRule) -> KeyEvent | None:
    """The earliest (or latest) day-precise event matching the rule, citing one match per document on that day."""
    df = events[events["category"].isin(rule.categories) & (events["date_precision"] == "day")]
    if rule.title:
        df = df[df["title"].str.contains(rule.title, case=False, regex=True)]
    if rule.placed:
        df = df[(df["location"] != "") & (df["location"] != NATIONWIDE)]
    if df.empty:
        return None
    day = df["date"].max() if rule.latest else df["date"].min()
    same = df[df["date"] == day].sort_values("event_id", kind="stable").drop_duplicates("source_id")
    return KeyEvent(day, list(same["event_id"]), str(same["location"].iloc[0] or ""))


def key_events(events: pd.DataFrame) -> dict[str, KeyEvent]:
    """Each rule's event; once the unrest's start is known, the other events are looked for in its month only."""
    out = {}
    for rule in EVENT_RULES:
        pool = events
        if rule.role != "unrest_start" and "unrest_start" in out:
            pool = events[events["date"].str.startswith(out["unrest_start"].date[:7])]
        hit = key_event(pool, rule)
        if hit is not None:
            out[rule.role] = hit
    return out


def refs(ids, kind: str = "event") -> str:
    """'[id, id]' linking to the appendix rows (``event-<id>`` / ``claim-<id>``); more than MAX_REFS are counted."""
    ids = list(dict.fromkeys(ids))
    shown = [f'<a href="#{esc(kind)}-{esc(i)}"><code>{esc(i)}</code></a>' for i in ids[:MAX_REFS]]
    more = f" and {len(ids) - MAX_REFS:,} more" if len(ids) > MAX_REFS else ""
    return f'<span class="claim-ref">[{", ".join(shown)}{more}]</span>'


def opening_html(events: pd.DataFrame) -> str:
    """What happened, with the dates read from the events table; a statement whose event is missing is left out.

    Each date links to the first matching event in the appendix (``#event-<id>``, also named in the link's
    title); a date in the unrest's own year is given without the year.
    """
    k = key_events(events)
    year = k["unrest_end"].date[:4] if "unrest_end" in k else ""

    def on(role: str) -> str:
        e = k[role]
        text = fmt_date(e.date)
        if e.date[:4] == year:
            text = text.rsplit(" ", 1)[0]
        return f'<a href="#event-{esc(e.ids[0])}" title="{esc(", ".join(e.ids))}">{esc(text)}</a>'

    s = []
    if "unrest_start" in k and "unrest_end" in k:
        start, end = k["unrest_start"], k["unrest_end"]
        s.append(f'<a href="#event-{esc(start.ids[0])}" title="{esc(", ".join(start.ids + end.ids))}">'
                 f"{esc(day_range(start.date, end.date))}</a>, Kazakhstan went through “Bloody January”.")
    if "first_protest" in k:
        t = f"Protests began in {esc(k['first_protest'].location)} on {on('first_protest')}"
        if "price" in k:
            t += f" after the price of liquefied gas rose steeply on {on('price')}"
        s.append(t + " and spread across the country.")
    measures = []
    if "emergency" in k:
        measures.append(f"President Tokayev declared a state of emergency on {on('emergency')}")
    if "csto" in k:
        measures.append(f"troops of the Collective Security Treaty Organisation (CSTO) arrived at his request on {on('csto')}")
    if "shoot" in k:
        measures.append(f"on {on('shoot')} he ordered the security forces to shoot without warning")
    if measures:
        text = "; ".join(measures[:-1]) + (", and " if len(measures) > 1 else "") + measures[-1]
        s.append(text[0].upper() + text[1:] + ".")
    if not s:
        return "<p>The events table holds none of the dated events this summary opens with.</p>"
    return "<p>" + " ".join(s) + "</p>"


# ---------------------------------------------------------------------------- closing paragraph
def ratio_text(prot: pd.Series, officers: pd.Series) -> tuple[str, str]:
    """Protester convictions per convicted officer, from the bounds of both figures, qualifier kept:
    ('more than 240', ''), ('at most 52', ''), ('between 10 and 12', ''); when the bounds give neither end
    (both figures open-ended), the ratio of the printed figures with a caveat: ('about 52', 'both figures ...')."""
    low, high = acc.ratio_bounds(prot["value_low"], prot["value_high"], officers["value_low"], officers["value_high"])
    if low is not None and high is not None:
        core = f"exactly {_num(low)}" if low == high else f"between {_num(low)} and {_num(high)}"
        return core, ""
    if low is not None:
        return acc.ratio_low_text(low), ""
    if high is not None:
        return acc.ratio_high_text(high), ""
    face = float(prot["value"]) / float(officers["value"])
    return f"about {face:,.0f}", "both figures open-ended, so no bound"


def _num(v: float) -> str:
    """1200 -> '1,200'; 240.25 -> '240.2' (one decimal for a ratio that is not whole)."""
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.1f}"


def _place(row) -> str:
    place = str(row["location"] or "")
    return "" if place in ("", NATIONWIDE) else f", in {place.replace('; ', ', ')}"


def accountability_html(ev: Evidence, conviction_claimants) -> str:
    """Convictions of protesters set against each count of convicted officers: the ratio with its qualifier."""
    claims = prepared(ev.claims)
    prot = highest_any(claims, "protesters_convicted")
    officers = [acc.conviction_for(claims, name) for name in dict.fromkeys(conviction_claimants)]
    lead = "<strong>Accountability.</strong> "
    if prot is None:
        counts = "; ".join(f"{esc(figure_text(o))}{esc(_place(o))} ({esc(o['claimant'])}) {refs([o['claim_id']], 'claim')}"
                           for o in officers)
        return (f"<p>{lead}" + (f"Officers convicted: {counts}. " if officers else "")
                + "The data hold no count of convicted protesters to set the officers against.</p>")
    figure = esc(figure_text(prot))
    when = esc(fmt_date(prot["reported_on"]))
    if prot["claimant_type"] == "official":
        count = f"the state's own count of {figure} convictions of protesters and others {refs([prot['claim_id']], 'claim')}"
    else:
        kind = esc(CLAIMANT_TYPE_LABELS.get(prot["claimant_type"], prot["claimant_type"]))
        count = (f"the count of {figure} convictions of protesters and others by {esc(prot['claimant'])} "
                 f"({kind}, {when}) {refs([prot['claim_id']], 'claim')}")
    if not officers:
        return f"<p>{lead}{count[:1].upper()}{count[1:]}. The parameters name no count of convicted officers.</p>"
    parts = []
    for i, o in enumerate(officers):
        core, caveat = ratio_text(prot, o)
        unit = " protester convictions per convicted officer" if i == 0 else ""
        parts.append(f"<strong>{esc(core)}</strong>{unit} (officers counted by {esc(o['claimant'])}"
                     + (f"; {esc(caveat)})" if caveat else ")"))
    joined = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    s = f"Against {count}, that is {joined}: an order of magnitude, not a precise rate, as the figures differ in date and scope."
    return f"<p>{lead}{s}</p>"
