"""Methods and limitations (notebooks/05-methods.ipynb): how the claims were made and what stays uncertain.

The description follows the code: :mod:`kzreport.evidence.parse` (figures become values and bounds, dates are
read), :mod:`kzreport.evidence.quotes` (quotes are found in their sources after named normalisation steps) and
:mod:`kzreport.evidence` (the checks run on every build). Every count is computed here from the
processed tables; every value from the data is escaped.
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch

from kzreport.evidence import parse, quotes
from kzreport.chapter_appendices import short_producer
from kzreport.evidence import Evidence
from kzreport.report.present import esc, fmt_date, html_table
from kzreport.report.style import CLAIMANT_COLORS, CLAIMANT_MARKERS
from kzreport.report.format import bounds as bound_text
from kzreport.evidence.vocab import CLAIMANT_TYPE_LABELS, CLAIMANT_TYPES, DATE_PRECISIONS

# What each normalisation step of kzreport.evidence.quotes.STEPS removes, in words for readers.
STEP_TEXT = {
    "pipes": "the taz article's table framing („| … | |“) at the start and end of each line",
    "whitespace": "line breaks, page-break blank lines and runs of spaces (also no-break and thin spaces) become one space",
    "hyphenation": "a word hyphenated across a line break is joined again („Perso- nen“ → „Personen“)",
    "footnotes": "footnote markers glued to a word („Kasachstan1“, „Soldaten¹“, „[1]“) are removed",
    "gender": "gender marks before -innen („Expert·innen“ → „Expertinnen“) are removed",
    "quotes": "typographic quote marks („ “ ” « » ‚ ‘ ’) become plain ones",
}

# Words read as each qualifier of kzreport.evidence.parse.QUALIFIERS, and the bounds they give.
QUALIFIER_RULES = {
    "exact": ("no qualifier (also a range: „zwei bis siebeneinhalb Jahre“)",
              "lower = upper = the value; a range sets the two bounds as printed"),
    "at_least": ("mindestens, wenigstens, at least; vague amounts", "lower bound = the value"),
    "more_than": ("mehr als, über, more than, over", "lower bound = the value + 1 for whole numbers"),
    "about": ("rund, etwa, ca., schätzungsweise, about, IISS's ε", "no bound: an estimate"),
    "almost": ("fast, nahezu, knapp, nearly, almost", "upper bound = the value − 1 for whole numbers"),
    "up_to": ("bis zu, up to, possibly up to, höchstens", "upper bound = the value"),
}

_WEEKDAY = re.compile(r"\b(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|monday|tuesday|"
                      r"wednesday|thursday|friday|saturday|sunday)\b", re.I)
_SAME_AS = re.compile(r"\bsame (?:figure )?as ([a-z0-9_]+-c\d{3})\b")

# The curators' judgement calls, recognised from their notes (and, for one, from the parser):
# (key, what it is, regular expression over the note or None).
JUDGEMENT_CALLS = (
    ("outside", "The figure is not about the January 2022 unrest (kept, and the note says so)",
     re.compile(r"\bnot (?:the |a |of )?(?:January )?2022\b|\bNOT the January\b|\bpre-unrest\b", re.I)),
    ("date", "The text does not say when the figure was stated: the document's date or the context's is used",
     re.compile(r"date (?:of [^;]*? )?not (?:given|printed)|reported_on\s*[:=]|document date used", re.I)),
    ("attribution", "The claimant is unnamed in the text, or named only in a neighbouring sentence",
     re.compile(r"unattributed|carried over|source unnamed|attributed only to", re.I)),
    ("not_qualifier", "A word that looks like a qualifier is not one here (e.g. „über“ in „verfügen über“)",
     re.compile(r"\bbelongs to\b|NOT a qualifier", re.I)),
    ("part", "The figure is part of another figure printed nearby (a subset or a share of it)",
     re.compile(r"\bsubset of\b|\bincluded in the\b|\b\d+ of (?:the )?\d+\b|\bshare of\b", re.I)),
    ("not_count", "The figure is not a count of people or cases (a victim's age)",
     re.compile(r"\bnot a count\b", re.I)),
    ("unclear", "The source is garbled, misspelt or ambiguous, or the claimant fits no type well",
     re.compile(r"garbled|\[sic\]|misspel|stray|\bunclear\b|for want of", re.I)),
    ("by_hand", "The parser cannot read the figure as printed; the curators read it by hand", None),
)


# ---------------------------------------------------------------------------- helpers
def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def _and(items: list[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _v(count: int, one: str, many: str) -> str:
    """The verb that agrees with ``count``: _v(1, "is", "are") -> "is"."""
    return one if count == 1 else many


def _or(items: list[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


LANGUAGE_NAMES = {"de": "German", "en": "English", "ru": "Russian", "kk": "Kazakh", "fr": "French"}


def _kinds_text(sources: pd.DataFrame) -> str:
    """'1 activist, 1 NGO and 1 research' for the producers' kinds, largest first."""
    kinds = sources["kind"].value_counts()
    return _and([f"{n:,} {CLAIMANT_TYPE_LABELS.get(k, k.replace('_', ' '))}"
                 for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))])


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def _ids(ids, list_ids: bool, limit: int = 0, kind: str = "claim") -> str:
    """' (a, b, c)' with each id linked to its row in the appendices (#claim-… or #event-…, by ``kind``); '' when not listed."""
    ids = list(ids)
    if not list_ids or not ids:
        return ""
    links = [f'<a href="#{kind}-{esc(i)}">{esc(i)}</a>' for i in ids]
    if limit and len(ids) > limit:
        links = links[:limit] + [esc(f"and {len(ids) - limit:,} more")]
    return " (" + ", ".join(links) + ")"


def _producers(sources: pd.DataFrame) -> dict[str, str]:
    return {s: short_producer(p) for s, p in zip(sources["source_id"], sources["producer"])}


def own_voice(claims: pd.DataFrame, sources: pd.DataFrame) -> pd.Series:
    """True where the claimant is the document's own producer (its short name), False where the document relays."""
    producers = _producers(sources)
    return pd.Series([c == producers.get(s) for c, s in zip(claims["claimant"], claims["source_id"])],
                     index=claims.index, dtype=bool)


def steps_of(match: str) -> list[str]:
    """'pipes;whitespace' -> ['pipes', 'whitespace']; 'verbatim' -> []."""
    return [] if match in ("", "verbatim") else str(match).split(";")


def precision_of(iso: str) -> str:
    """'2022-01-09' -> 'day', '2022-01' -> 'month', '2022' -> 'year'."""
    return {10: "day", 7: "month", 4: "year"}.get(len(str(iso)), "unknown")


def readable(value_text: str) -> bool:
    """Whether kzreport.evidence.parse can read the figure as printed (else the curators read it by hand)."""
    try:
        parse.parse_quantity(value_text)
    except parse.ParseError:
        return False
    return True


def intro_html(ev: Evidence) -> str:
    return (f"<p>The evidence is {esc(_n(len(ev.claims), 'claim'))} and {esc(_n(len(ev.events), 'dated event'))} "
            f"from {esc(_n(len(ev.sources), 'document'))}. The checks described here run on every build, and the build "
            "stops on any problem, so every claim and event in this report has passed all of them. Every number in this "
            "chapter is counted from the same tables as the rest of the report, at build time.</p>")


# ---------------------------------------------------------------------------- the documents
def documents_table(ev: Evidence) -> pd.DataFrame:
    """One row per document, in registry order: short producer, date, kind, language, claims, events."""
    s = ev.sources
    claims = ev.claims["source_id"].value_counts()
    events = ev.events["source_id"].value_counts()
    return pd.DataFrame({
        "source_id": s["source_id"], "producer": s["producer"].map(short_producer),
        "published": s["date_published"].map(fmt_date), "kind": s["kind"], "language": s["language"],
        "claims": [int(claims.get(i, 0)) for i in s["source_id"]], "events": [int(events.get(i, 0)) for i in s["source_id"]],
    }).reset_index(drop=True)


def documents_html(ev: Evidence, show_tables: bool = True) -> str:
    s = ev.sources
    langs = s["language"].value_counts()
    lang_text = _and([f"{n:,} in {LANGUAGE_NAMES.get(k, k)}" for k, n in sorted(langs.items())])
    kind_text = _kinds_text(s)
    text = (f"<p>The evidence comes from {esc(_n(len(s), 'document'))} ({esc(lang_text)}; by kind of producer: "
            f"{esc(kind_text)}). Each is a plain-text extraction of the published document, kept byte for byte as "
            "received: extraction artefacts such as line breaks inside sentences, hyphenated words and table framing "
            "stay in the files. The registry records each file's SHA-256 checksum; every build recomputes it and stops "
            "when a file no longer matches, so a quote can always be traced to the exact text it was checked against. "
            "The full citations and checksums are in Appendix A.</p>")
    if not show_tables:
        return text
    t = documents_table(ev)
    return text + html_table(t, list(t.columns), ["Id", "Producer", "Published", "Kind", "Language", "Claims", "Events"])


# ---------------------------------------------------------------------------- what a claim is
def claimant_types_table(claims: pd.DataFrame) -> pd.DataFrame:
    """Claimant types in vocabulary order (present ones only): label, who, claims, claimants, documents."""
    rows = []
    for t, who in CLAIMANT_TYPES.items():
        g = claims[claims["claimant_type"] == t]
        if g.empty:
            continue
        rows.append({"claimant_type": t, "label": CLAIMANT_TYPE_LABELS[t], "who": who, "claims": len(g),
                     "claimants": g["claimant"].nunique(), "documents": g["source_id"].nunique()})
    return pd.DataFrame(rows, columns=["claimant_type", "label", "who", "claims", "claimants", "documents"])


def claims_html(ev: Evidence, show_tables: bool = True) -> str:
    claims = ev.claims
    own = own_voice(claims, ev.sources)
    core = int(claims["is_core_metric"].sum())
    text = (f"<p>A <em>claim</em> is one figure as printed in one document: {esc(_n(len(claims), 'claim'))} in all. "
            "When two documents print the same figure, that is two claims; when one document prints it in two passages "
            "(ACCORD's German text and its English annex), that is two claims too, and a note links them. "
            "Each claim keeps the figure exactly as printed, with its qualifier words, the verbatim passage that prints it, "
            "and an English rendering. Figures are kept when they bear on the unrest, its casualties and detentions, "
            "trials, torture and accountability, the security forces and the internet shutdown; page, footnote and "
            "article numbers are not figures, and dates are recorded as events instead.</p>"
            f"<p>Each claim names two bodies. The <em>document</em> is the one that prints the figure. The <em>claimant</em> "
            "is the body that first stated it, as far as the document says; when the document gives no attribution, "
            f"the claimant is the document's producer. {esc(_n(int(own.sum()), 'claim'))} {_v(int(own.sum()), 'is', 'are')} stated by the document's own "
            f"producer; the other {esc(f'{int((~own).sum()):,}')} are relayed from {esc(_n(claims.loc[~own, 'claimant'].nunique(), 'other claimant'))}. "
            "Whether a figure is “official” or comes from an NGO is a property of the claimant, not of the document: "
            "the taz article prints the Kazakh health ministry's toll, ACCORD prints the UN Committee against Torture's counts. "
            f"Each claim also names what is counted (its <em>metric</em>): {esc(_n(claims['metric'].nunique(), 'metric'))} "
            f"in all, {esc(_n(core, 'claim'))} on the report's fixed core metrics (killed, injured, detained, …).</p>")
    if not show_tables:
        return text
    t = claimant_types_table(claims)
    return text + html_table(t, ["label", "who", "claims", "claimants", "documents"],
                             ["Claimant type", "Who", "Claims", "Claimants", "Documents printing them"])


# ---------------------------------------------------------------------------- values and bounds
def qualifier_table(claims: pd.DataFrame) -> pd.DataFrame:
    """Per qualifier (parse.QUALIFIERS order): the words, the bounds, claims, vague ones, a printed example."""
    rows = []
    for q in parse.QUALIFIERS:
        g = claims[claims["qualifier"] == q].sort_values("claim_id", kind="stable")
        words, rule = QUALIFIER_RULES[q]
        precise = g[~g["is_vague"].astype(bool)]
        example = precise.iloc[0] if len(precise) else None
        rows.append({
            "qualifier": q, "words": words, "rule": rule, "claims": len(g), "vague": int(g["is_vague"].astype(bool).sum()),
            "example": "" if example is None else
            f"„{example['value_text']}“ → {bound_text(example['value_low'], example['value_high'])} ({example['claim_id']})",
        })
    return pd.DataFrame(rows, columns=["qualifier", "words", "rule", "claims", "vague", "example"])


def vague_table(claims: pd.DataFrame) -> pd.DataFrame:
    """Vague amounts by the lower bound they are given: the forms printed and how many claims."""
    v = claims[claims["is_vague"].astype(bool)]
    rows = []
    for low, g in v.groupby("value_low", sort=True):
        forms = list(dict.fromkeys(g.sort_values("claim_id", kind="stable")["value_text"]))
        rows.append({"bound": bound_text(low, None), "printed": ", ".join(f"„{f}“" for f in forms), "claims": len(g),
                     "claim_ids": ", ".join(g.sort_values("claim_id", kind="stable")["claim_id"])})
    return pd.DataFrame(rows, columns=["bound", "printed", "claims", "claim_ids"])


def by_hand(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims whose printed figure the parser cannot read (the curators gave value and qualifier by hand)."""
    mask = [not readable(t) for t in claims["value_text"]]
    return claims.loc[mask].sort_values("claim_id", kind="stable").reset_index(drop=True)


def ranges(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims printed as a range: qualifier exact, no single value, both bounds, not vague."""
    m = (claims["qualifier"] == "exact") & claims["value"].isna() & claims["value_low"].notna() & claims["value_high"].notna()
    return claims[m & ~claims["is_vague"].astype(bool)].sort_values("claim_id", kind="stable")


def bounds_html(ev: Evidence, show_tables: bool = True, list_ids: bool = True) -> str:
    claims = ev.claims
    q = qualifier_table(claims)
    counts = _and([f"{r.claims:,} {r.qualifier.replace('_', ' ')}" for r in q.itertuples() if r.claims])
    vague = claims[claims["is_vague"].astype(bool)]
    rng = ranges(claims)
    hand = by_hand(claims)
    hand_text = "; ".join(f"„{t}“" for t in hand["value_text"])
    more = claims[(claims["qualifier"] == "more_than") & claims["value"].notna()].sort_values("claim_id", kind="stable")
    more_text = ""
    if len(more):
        m = more.iloc[0]
        more_text = (f": <em>{esc(m['value_text'])}</em> ({esc(m['claim_id'])}) is read as "
                     f"{esc(bound_text(m['value_low'], m['value_high']))}, not as {esc(bound_text(m['value'], m['value']))}")
    vt = vague_table(claims)
    vague_examples = _and([f"{r.printed.split(', ')[0]} {r.bound}" for r in vt.itertuples()])
    text = (
        "<p>Every figure is read from its printed form by the report's parser, never typed in. It reads digits with "
        "German or English thousands separators (space, dot or comma) and decimal commas, German and English number "
        "words (<em>zwölf</em>, <em>siebeneinhalb</em>, <em>twelve</em>), and the words in front of them. Each figure "
        "becomes a <em>value</em> (the number as printed) and two <em>inclusive bounds</em>, either of which can be open. "
        f"Qualifiers are never rounded away{more_text}. Hedges that bound nothing (<em>insgesamt</em>, <em>angeblich</em>, "
        f"<em>possibly</em>) are dropped from the reading; the quote keeps them. By qualifier: {esc(counts)}.</p>"
        f"<p>{esc(_n(len(vague), 'claim'))} {_v(len(vague), 'prints', 'print')} no number at all. By convention a plural of N means at least twice N"
        + (f" ({esc(vague_examples)})" if vague_examples else "")
        + ". These claims get a lower bound and no value, and the chapters show them as unquantified rather than as "
        f"numbers. {esc(_n(len(rng), 'claim'))} {_v(len(rng), 'prints a range and gets', 'print a range and get')} its two ends as bounds{_ids(rng['claim_id'], list_ids)}. "
        f"{esc(_n(len(hand), 'figure'))} cannot be read by the parser"
        + (f" ({esc(hand_text)}); the curators gave value and qualifier by hand, and the note says why"
           f"{_ids(hand['claim_id'], list_ids)}" if len(hand) else "")
        + ". Where the curators also gave a reading for a figure the parser can read, the build checks that the two "
        "agree.</p>")
    if not show_tables:
        return text
    qt = html_table(q, ["qualifier", "words", "rule", "claims", "example"],
                    ["Qualifier", "Printed as", "Bounds", "Claims", "Example (claim)"])
    cols = ["bound", "printed", "claims"] + (["claim_ids"] if list_ids else [])
    heads = ["Lower bound", "Printed as", "Claims"] + (["Claim ids"] if list_ids else [])
    return text + qt + ("<p>Vague amounts and the lower bounds they were given:</p>" + html_table(vt, cols, heads) if len(vt) else "")


# ---------------------------------------------------------------------------- quotes
def quote_steps_table(claims: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Per normalisation step (quotes.STEPS order, then 'verbatim'): what it does, claims and events that needed it."""
    rows = [{"step": "verbatim", "what": "found character for character, no normalising",
             "claims": int((claims["quote_match"] == "verbatim").sum()), "events": int((events["quote_match"] == "verbatim").sum())}]
    for step in quotes.STEPS:
        rows.append({"step": step, "what": STEP_TEXT.get(step, ""),
                     "claims": sum(step in steps_of(m) for m in claims["quote_match"]),
                     "events": sum(step in steps_of(m) for m in events["quote_match"])})
    return pd.DataFrame(rows, columns=["step", "what", "claims", "events"])


def quotes_html(ev: Evidence, show_tables: bool = True) -> str:
    claims, events = ev.claims, ev.events
    total = len(claims) + len(events)
    verbatim = int((claims["quote_match"] == "verbatim").sum() + (events["quote_match"] == "verbatim").sum())
    combos = pd.concat([claims["quote_match"], events["quote_match"]]).value_counts()
    combo_text = "; ".join(f"{n:,} needed {'only ' if len(steps_of(k)) == 1 else ''}{_and(steps_of(k))}" for k, n in
                           sorted(combos.items(), key=lambda kv: (-kv[1], kv[0])) if k != "verbatim")
    t = quote_steps_table(claims, events)
    unused = [r.step for r in t.itertuples() if r.step != "verbatim" and r.claims + r.events == 0]
    text = (
        "<p>Every claim and every event carries a quote: a contiguous passage of its document, copied character for "
        "character, with no ellipses and no omissions. On every build each quote is searched for in its document. "
        "The search first tries the quote as it stands; if it is not found, it normalises quote and document alike, "
        f"adding these steps one at a time and in this order: {esc(_and(list(quotes.STEPS)))}. A step that the match turns "
        "out not to need is dropped again, so each quote records only the steps it really needed. A quote that is not "
        "found stops the build, and the message shows the passage of the document it most resembles. The check also "
        "requires each figure as printed to occur in its claim's quote, and each date as printed in its event's quote.</p>"
        f"<p>{esc(f'{verbatim:,}')} of {esc(f'{total:,}')} quotes ({esc(_pct(verbatim, total))}) are found verbatim. "
        + (f"Of the others, {esc(combo_text)}. " if combo_text else "")
        + (f"No quote needed {esc(_or(unused))}. " if unused else "")
        + "None of these steps changes a word or a number: they undo how the text was extracted, not what it says.</p>")
    if not show_tables:
        return text
    return text + html_table(t, list(t.columns), ["Step", "What it undoes", "Claims", "Events"])


# ---------------------------------------------------------------------------- dates
def date_precision_table(claims: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """How precise the dates are: claims' date stated (reported_on) and events' date, per day/month/year."""
    rp = claims["reported_on"].map(precision_of).value_counts()
    ep = events["date_precision"].value_counts()
    return pd.DataFrame([{"precision": p, "claims": int(rp.get(p, 0)), "events": int(ep.get(p, 0))} for p in DATE_PRECISIONS],
                        columns=["precision", "claims", "events"])


def hand_resolved(events: pd.DataFrame) -> pd.DataFrame:
    """Events whose printed date could not be read (weekdays, relative dates), with is_weekday."""
    h = events[~events["is_date_checked"].astype(bool)].sort_values("event_id", kind="stable")
    return h.assign(is_weekday=h["date_text"].map(lambda t: bool(_WEEKDAY.search(str(t))))).reset_index(drop=True)


def dates_html(ev: Evidence, show_tables: bool = True, list_ids: bool = True) -> str:
    claims, events = ev.claims, ev.events
    t = date_precision_table(claims, events)
    hand = hand_resolved(events)
    weekday = hand[hand["is_weekday"]]
    checked = int(events["is_date_checked"].astype(bool).sum())
    claim_weekday = claims[claims["note"].map(lambda n: bool(_WEEKDAY.search(str(n))))]
    prec_c = _and([f"{r.claims:,} to the {r.precision}" for r in t.itertuples() if r.claims])
    prec_e = _and([f"{r.events:,} to the {r.precision}" for r in t.itertuples() if r.events])
    with_period = int((claims["period_start"].notna() | claims["period_end"].notna()).sum())
    text = (
        "<p>Dates are written as ISO dates no more precise than the text: <code>2022-01-09</code> when the day is "
        "printed, <code>2022-01</code> when only the month is, <code>2022</code> when only the year is. A date known "
        "only to the month is never placed on a day.</p>"
        f"<p><strong>Claims.</strong> Each claim records when its figure was stated: {esc(prec_c)}. When the text does "
        f"not say, the document's date is used. {esc(_n(with_period, 'claim'))} also {_v(with_period, 'records', 'record')} the period the figure covers; "
        f"the others leave it open. {esc(_n(len(claim_weekday), 'claim'))} {_v(len(claim_weekday), 'takes its', 'take their')} date from a printed weekday "
        f"(„am Sonntag“), resolved against the document's date{_ids(claim_weekday['claim_id'], list_ids)}.</p>"
        f"<p><strong>Events.</strong> Dated {esc(prec_e)}. The build reads each printed date itself (German and Austrian "
        "month names such as „Jänner“, English dates such as „June 7“) and fails when it disagrees with the curated date: "
        f"{esc(f'{checked:,}')} of {esc(_n(len(events), 'event'))} were checked this way. The other {esc(f'{len(hand):,}')} "
        f"are printed as a weekday ({esc(f'{len(weekday):,}')}) or as a relative date such as „am nächsten Morgen“ or "
        f"„vor einem Jahr“ ({esc(f'{len(hand) - len(weekday):,}')}); they were resolved by hand from the document's date "
        "or a date printed nearby, and each note says how. Appendix C marks them.</p>")
    if not show_tables:
        return text
    out = text + html_table(t, list(t.columns), ["Precision", "Claims (date stated)", "Events"])
    if len(hand):
        out += html_table(hand, ["event_id", "date_text", "date", "note"], ["Event", "As printed", "Resolved to", "How"])
    return out


# ---------------------------------------------------------------------------- limitations: one-sided sources
def relay_table(claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Per claimant type: claims stated in the claimant's own document and claims relayed by another document.

    Sorted by total (largest first), ties in vocabulary order: the rows the chart draws, top to bottom.
    """
    own = own_voice(claims, sources)
    rows = []
    for i, t in enumerate(CLAIMANT_TYPES):
        m = claims["claimant_type"] == t
        if not m.any():
            continue
        rows.append({"claimant_type": t, "label": CLAIMANT_TYPE_LABELS[t], "own_document": int((m & own).sum()),
                     "relayed": int((m & ~own).sum()), "total": int(m.sum()), "_order": i})
    df = pd.DataFrame(rows, columns=["claimant_type", "label", "own_document", "relayed", "total", "_order"])
    df = df.sort_values(["total", "_order"], ascending=[False, True], kind="stable")
    return df.drop(columns="_order").reset_index(drop=True)


def relay_title(table: pd.DataFrame) -> str:
    off = table[table["claimant_type"] == "official"]
    if len(off) and int(off["own_document"].iloc[0]) == 0:
        return "Every Kazakh official figure reaches us through someone else's document"
    return "Claims by claimant type: stated in the claimant's own document or relayed"


def relay_figure(table: pd.DataFrame):
    """Horizontal bars, one per claimant type: solid = own document, hatched = relayed; counts labelled."""
    fig, ax = plt.subplots(figsize=(7.5, 0.34 * len(table) + 1.1))
    y = list(range(len(table)))[::-1]
    xmax = max(int(table["total"].max()) if len(table) else 1, 1)
    for yi, r in zip(y, table.itertuples()):
        color = CLAIMANT_COLORS[r.claimant_type]
        ax.barh(yi, r.own_document, color=color, edgecolor=color, height=0.62)
        ax.barh(yi, r.relayed, left=r.own_document, color="white", edgecolor=color, hatch="////", height=0.62, linewidth=1)
        ax.plot([r.total + xmax * 0.025], [yi], marker=CLAIMANT_MARKERS[r.claimant_type], color=color, markersize=7,
                linestyle="none", markeredgecolor=color)
        label = f"{r.total}: {r.own_document} own, {r.relayed} relayed" if r.own_document and r.relayed else \
            (f"{r.total}, all relayed" if not r.own_document else f"{r.total}, all in own document")
        ax.text(r.total + xmax * 0.055, yi, label, va="center", fontsize=8.5)
    ax.set_yticks(y, [f"{r.label}" for r in table.itertuples()])
    ax.set_xlim(0, xmax * 1.55)
    ax.set_xlabel("claims")
    ax.grid(axis="y", visible=False)
    ax.set_axisbelow(True)
    ax.set_title(relay_title(table), loc="left", fontweight="bold")
    ax.legend(handles=[Patch(facecolor="#777777", edgecolor="#777777", label="stated in the claimant's own document"),
                       Patch(facecolor="white", edgecolor="#777777", hatch="////", label="relayed by another document")],
              loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig


def relay_caption_alt(table: pd.DataFrame) -> tuple[str, str]:
    total = int(table["total"].sum())
    relayed = int(table["relayed"].sum())
    caption = (f"Claims per claimant type ({total:,} in all): stated by the document's own producer (solid) or relayed by a "
               f"document of someone else (hatched); {relayed:,} are relayed. The claimant is the body that first stated a figure.")
    alt = ("Horizontal bar chart of claims per claimant type. "
           + "; ".join(f"{r.label}: {r.total:,} claims, {r.own_document:,} in the claimant's own document and "
                       f"{r.relayed:,} relayed" for r in table.itertuples()) + ".")
    return caption, alt


def one_sided_html(ev: Evidence, list_ids: bool = True) -> str:
    claims, sources = ev.claims, ev.sources
    by_type = claims["claimant_type"].value_counts()
    parts = _and([f"{int(by_type[t]):,} {CLAIMANT_TYPE_LABELS[t]}" for t in sorted(by_type.index, key=lambda t: (-by_type[t], list(CLAIMANT_TYPES).index(t)))])
    official = claims[claims["claimant_type"] == "official"]
    off_docs = official["source_id"].value_counts()
    producers = _producers(sources)
    off_doc_text = _and([f"{producers.get(s, s)} ({n:,})" for s, n in sorted(off_docs.items(), key=lambda kv: (-kv[1], kv[0]))])
    off_claimants = sorted(official["claimant"].unique())
    official_docs = int((sources["kind"] == "official").sum())
    kind_text = _kinds_text(sources)
    own = own_voice(claims, sources)
    text = (
        f"<p>The claims by claimant type: {esc(parts)}. The documents were not chosen to balance voices: by their producers "
        f"they are {esc(kind_text)}, and {'none of them' if official_docs == 0 else esc(f'{official_docs:,}')} "
        f"{'is' if official_docs <= 1 else 'are'} published by a Kazakh state body. "
        f"So the {esc(_n(len(official), 'official claim'))} from {esc(_n(len(off_claimants), 'state claimant'))} "
        f"reach us second-hand, printed in {esc(_n(len(off_docs), 'document'))} by others: {esc(off_doc_text)}. "
        "Each is only as exact as its relay: a document may round, shorten, translate or date a state figure differently "
        "from the original statement, and we cannot check that original. The same holds for every relayed claim, "
        f"{esc(f'{int((~own).sum()):,}')} of {esc(_n(len(claims), 'claim'))} in all.</p>")
    if len(off_claimants):
        text += f"<p>The state claimants: {esc(_and(off_claimants))}.</p>"
    return text


# ---------------------------------------------------------------------------- limitations: translations
def same_as_pairs(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims whose note says they print the same figure as an earlier claim, with both readings side by side."""
    by_id = claims.set_index("claim_id")
    rows = []
    for _, c in claims.sort_values("claim_id", kind="stable").iterrows():
        m = _SAME_AS.search(str(c["note"]))
        if not m:
            continue
        ref = m.group(1)
        r = by_id.loc[ref] if ref in by_id.index else None
        rows.append({
            "claim_id": c["claim_id"], "same_as": ref, "same_document": r is not None and r["source_id"] == c["source_id"],
            "value_text": c["value_text"], "bounds": bound_text(c["value_low"], c["value_high"]), "qualifier": c["qualifier"],
            "same_as_value_text": "" if r is None else r["value_text"],
            "same_as_bounds": "" if r is None else bound_text(r["value_low"], r["value_high"]),
            "same_as_qualifier": "" if r is None else r["qualifier"],
        })
    cols = ["claim_id", "same_as", "same_document", "value_text", "bounds", "qualifier", "same_as_value_text",
            "same_as_bounds", "same_as_qualifier"]
    df = pd.DataFrame(rows, columns=cols)
    df["readings_differ"] = (df["bounds"] != df["same_as_bounds"]) | (df["qualifier"] != df["same_as_qualifier"])
    return df


def translations_html(ev: Evidence, list_ids: bool = True) -> str:
    claims, events, sources = ev.claims, ev.events, ev.sources
    langs = sources["language"].value_counts()
    lang_text = _and([LANGUAGE_NAMES.get(k, k) for k in sorted(langs.index)])
    en_c_mask = claims["quote"] == claims["quote_en"]
    en_e_mask = events["quote"] == events["quote_en"]
    en_c, en_e = int(en_c_mask.sum()), int(en_e_mask.sum())
    producers = _producers(sources)
    en_docs = sorted(set(claims.loc[en_c_mask, "source_id"]) | set(events.loc[en_e_mask, "source_id"]))
    en_docs_text = _and([producers.get(d, d) for d in en_docs])
    own = own_voice(claims, sources)
    de_relayed = int(((claims["quote"] != claims["quote_en"]) & ~own).sum())
    pairs = same_as_pairs(claims)
    differ = pairs[pairs["readings_differ"]]
    differ_text = "; ".join(f"„{r.same_as_value_text}“ ({r.same_as}) and „{r.value_text}“ ({r.claim_id})" for r in differ.itertuples())
    text = (
        f"<p>{'All ' if len(langs) == 1 else ''}{esc(_n(len(sources), 'document'))} "
        f"{'are' if len(sources) != 1 else 'is'} in {esc(lang_text)}. "
        f"{esc(_n(en_c, 'claim'))} and {esc(_n(en_e, 'event'))} quote passages that are printed in English"
        + (f" (in {esc(en_docs_text)}, which reproduces English sources)" if en_docs_text else "")
        + "; every other quote is German, and its English rendering in this report "
        "is the curators' own, not an official translation. The report reasons from the quote as printed and its parsed "
        "figure, never from the rendering. "
        f"{esc(_n(de_relayed, 'German quote'))} {_v(de_relayed, 'relays', 'relay')} another body's figure: the wording is the document's, often its "
        "translation of a Kazakh, Russian or English statement, and the original wording is not in the evidence.</p>")
    if len(differ):
        text += (f"<p>Translation can change a figure's qualifier. Where one document prints the same figure twice, in "
                 f"German and in an English original, the two readings differ in {esc(_n(len(differ), 'pair'))}: "
                 f"{esc(differ_text)}. Both rows are kept, each with its own reading, and Appendix B shows both.</p>")
    return text


# ---------------------------------------------------------------------------- limitations: dates, repeats, sample
def undated_html(ev: Evidence, list_ids: bool = True) -> str:
    claims, events = ev.claims, ev.events
    prec = claims["reported_on"].map(precision_of)
    coarse = claims[prec.isin(["month", "year"])].sort_values("claim_id", kind="stable")
    by_doc = coarse["source_id"].value_counts()
    doc_text = _and([f"{n:,} in {s}" for s, n in sorted(by_doc.items(), key=lambda kv: (-kv[1], kv[0]))])
    date_rx = dict((k, rx) for k, _, rx in JUDGEMENT_CALLS)["date"]
    not_printed = claims[claims["note"].map(lambda n: bool(date_rx.search(str(n))))]
    open_period = int((claims["period_start"].isna() & claims["period_end"].isna()).sum())
    ev_coarse = int(events["date_precision"].isin(["month", "year"]).sum())
    n_month, n_year = int((prec == "month").sum()), int((prec == "year").sum())
    return (
        f"<p>{esc(_n(len(coarse), 'claim'))} of {esc(f'{len(claims):,}')} {_v(len(coarse), 'is', 'are')} dated only to a month or a year "
        f"({esc(f'{n_month:,}')} to the month, {esc(f'{n_year:,}')} to the year"
        f"{'; by document: ' + esc(doc_text) if doc_text else ''}). "
        f"For {esc(_n(len(not_printed), 'claim'))} the note says that the text does not give the date of the statement, "
        f"so the date used is the document's or the context's{_ids(not_printed['claim_id'], list_ids)}. Such a figure may "
        "be older than its date suggests, which matters for tolls that grew over the first weeks. "
        f"{esc(_n(open_period, 'claim'))} {_v(open_period, 'does', 'do')} not say what period they cover. Among the events, "
        f"{esc(f'{ev_coarse:,}')} of {esc(f'{len(events):,}')} {_v(ev_coarse, 'is', 'are')} dated only to a month or a year; the timeline draws "
        "them across the whole month or year rather than on a day.</p>")


def repeats_html(ev: Evidence, list_ids: bool = True) -> str:
    claims = ev.claims
    pairs = same_as_pairs(claims)
    same_doc = int(pairs["same_document"].sum())
    return (
        f"<p>{esc(_n(len(pairs), 'claim'))} {_v(len(pairs), 'repeats', 'repeat')} a figure that another claim already prints; the note of each names "
        f"the other, as „same figure as …“{_ids(pairs['claim_id'], list_ids, limit=12)}. "
        f"{'All of them' if same_doc == len(pairs) and same_doc > 1 else esc(f'{same_doc:,}') + ' of them'} {_v(same_doc, 'repeats', 'repeat')} it "
        "within the same document, as when a document prints a figure in its text and again in an annex. A count of "
        "claims is therefore not a count of distinct figures: without the repeats there are "
        f"{esc(f'{len(claims) - len(pairs):,}')}. Two documents printing the same "
        "number is not independent confirmation either: the later may have taken it from the earlier, and only some "
        "documents say where a figure comes from.</p>")


def registered_cases(claims: pd.DataFrame) -> dict | None:
    """The first torture-case count (by claim id) and the closed cases the same claimant states with it, if any."""
    tc = claims[claims["metric"] == "torture_cases"].sort_values("claim_id", kind="stable")
    if tc.empty or pd.isna(tc["value"].iloc[0]):
        return None
    c = tc.iloc[0]
    closed = claims[(claims["metric"] == "torture_cases_closed") & (claims["claimant"] == c["claimant"])
                    & (claims["source_id"] == c["source_id"]) & (claims["reported_on"] == c["reported_on"])]
    closed = closed.sort_values("claim_id", kind="stable")
    x = None if closed.empty or pd.isna(closed["value"].iloc[0]) else int(closed["value"].iloc[0])
    return {"claim_id": c["claim_id"], "claimant": c["claimant"], "n": int(c["value"]), "reported_on": c["reported_on"],
            "note": c["note"], "closed": x, "closed_id": None if closed.empty else closed["claim_id"].iloc[0],
            "closed_note": "" if closed.empty else closed["note"].iloc[0]}


def sample_html(ev: Evidence) -> str:
    r = registered_cases(ev.claims)
    if r is None:
        return "<p>The evidence holds no count of torture cases, so no share of closed cases is computed.</p>"
    n = r["n"]
    text = (f"<p>The {esc(r['claimant'])}'s count of {esc(f'{n:,}')} cases ({esc(r['claim_id'])}, stated "
            f"{esc(fmt_date(r['reported_on']))}) covers the cases that reached it: complaints that were made and registered. "
            "They are not a random "
            "sample of the abuses in and after January 2022. Victims who did not complain, or whose complaint was not "
            "registered, are not among them, and nothing in the evidence says how many there are.")
    if r["closed"] is not None:
        x = r["closed"]
        text += (f" The {esc(f'{x:,}')} closed cases ({esc(r['closed_id'])}, {esc(_pct(x, n))}) describe these cases only. "
                 "A confidence interval around that share, as the accountability chapter gives, says how much the share "
                 "could move by chance if the cases had been drawn at random; it says nothing about the cases that were "
                 "never registered.")
    notes = [(r["claim_id"], r["note"]), (r["closed_id"], r["closed_note"])]
    notes = [(i, n) for i, n in notes if i and n]
    if notes:
        text += " The curators' notes: " + "; ".join(f"{esc(i)}: „{esc(n)}“" for i, n in notes) + "."
    return text + "</p>"


# ---------------------------------------------------------------------------- limitations: judgement calls
def judgement_calls(claims: pd.DataFrame) -> pd.DataFrame:
    """The curators' judgement calls, recognised from the notes (and the parser): key, what, claims, claim ids.

    A claim can carry more than one call. Rows in JUDGEMENT_CALLS order; calls no claim carries are left out.
    """
    ordered = claims.sort_values("claim_id", kind="stable")
    rows = []
    for key, what, rx in JUDGEMENT_CALLS:
        if rx is None:
            hit = ordered[[not readable(t) for t in ordered["value_text"]]]
        elif key == "attribution":
            hit = ordered[[bool(rx.search(str(n))) or "(unnamed)" in str(c) for n, c in zip(ordered["note"], ordered["claimant"])]]
        else:
            hit = ordered[[bool(rx.search(str(n))) for n in ordered["note"]]]
        if len(hit):
            rows.append({"call": key, "what": what, "claims": len(hit), "claim_ids": ", ".join(hit["claim_id"])})
    return pd.DataFrame(rows, columns=["call", "what", "claims", "claim_ids"])


def judgement_html(ev: Evidence, show_tables: bool = True, list_ids: bool = True) -> str:
    claims, events = ev.claims, ev.events
    noted_c = int((claims["note"].astype(str) != "").sum())
    noted_e = int((events["note"].astype(str) != "").sum())
    t = judgement_calls(claims)
    text = (
        f"<p>Reading a figure is not mechanical. The curators recorded their reasoning in a note: "
        f"{esc(f'{noted_c:,}')} of {esc(_n(len(claims), 'claim'))} and {esc(f'{noted_e:,}')} of "
        f"{esc(_n(len(events), 'event'))} carry one, and Appendices B and C print every note. The table sorts the claims' "
        "notes into the kinds of call they record (a claim can carry several); it is recognised from the wording of the "
        "notes, so it shows the calls the notes name, not every call made. Another curator could decide some of these "
        "differently: the choice of claimant type, the metric a figure counts, and whether a figure belongs to the "
        "unrest at all. Each such decision is visible in the data and can be changed there; the report is then rebuilt "
        "from it.</p>")
    if not show_tables or t.empty:
        return text
    cols = ["what", "claims"] + (["claim_ids"] if list_ids else [])
    heads = ["Judgement call", "Claims"] + (["Claim ids"] if list_ids else [])
    return text + html_table(t, cols, heads)
