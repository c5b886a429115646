"""Methods and limitations: the counts behind each section, escaping, the figure, the notebook end to end."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from kzreport import chapter_methods as ch  # noqa: E402
from kzreport import config  # noqa: E402
from kzreport.evidence import parse, quotes
from kzreport.evidence import CLAIM_COLUMNS, EVENT_COLUMNS, SOURCE_COLUMNS, Evidence  # noqa: E402

NOTEBOOK = config.NOTEBOOKS_DIR / "05-methods.ipynb"
NaN = float("nan")


# ---------------------------------------------------------------------------- hand-made evidence
def source(sid, producer, kind, date="2022-01-09", language="de"):
    return {"source_id": sid, "producer": producer, "title": "T", "date_published": date, "url": "https://example.org/",
            "language": language, "kind": kind, "file": f"sources/{sid}.txt", "sha256": "0" * 64, "citation_full": "C."}


def claim(cid, sid, claimant, ctype, metric="killed", value_text="164", value=164.0, qualifier="exact", low="same",
          high="same", vague=False, reported_on="2022-01-09", quote=None, quote_en=None, note="", match="verbatim",
          period_start=None, period_end=None):
    low = value if low == "same" else low
    high = value if high == "same" else high
    quote = quote if quote is not None else f"Es gab {value_text} Tote."
    return {"claim_id": cid, "source_id": sid, "claimant": claimant, "claimant_type": ctype, "metric": metric,
            "value": value, "qualifier": qualifier, "value_low": low, "value_high": high, "is_vague": vague,
            "unit": "people", "reported_on": reported_on, "period_start": period_start, "period_end": period_end,
            "location": "Kazakhstan", "quote": quote, "quote_en": quote_en if quote_en is not None else f"There were {value_text} dead.",
            "value_text": value_text, "location_as_printed": "Kasachstan", "is_core_metric": True, "quote_match": match,
            "note": note}


def event(eid, sid, date, date_text, precision, checked=True, match="verbatim", quote_en="E.", quote="Q.", note=""):
    return {"event_id": eid, "date": date, "date_precision": precision, "title": "T", "category": "protest",
            "location": "", "source_id": sid, "quote": quote, "quote_en": quote_en, "date_text": date_text,
            "is_date_checked": checked, "location_as_printed": "", "quote_match": match, "note": note}


MOH = "Kazakh Ministry of Health (via Sputnik)"
CAT = "UN Committee against Torture"


def evidence() -> Evidence:
    sources = pd.DataFrame([
        source("taz_2022", "taz, die tageszeitung (Tigran Petrosyan)", "media"),
        source("acc_2024", "ACC – Research Centre (Red Cross)", "research", date="2024-04"),
        source("ngo_2022", "Watch <NGO>", "ngo", date="2022-03"),
    ], columns=SOURCE_COLUMNS)
    claims = pd.DataFrame([
        claim("taz_2022-c001", "taz_2022", MOH, "official", match="pipes;whitespace",
              note='"Am Sonntag" = 2022-01-09'),
        claim("taz_2022-c002", "taz_2022", "taz", "media", "csto_troops", "2.700", 2700.0, match="whitespace"),
        claim("taz_2022-c003", "taz_2022", "taz", "media", "injured", "Mehr als 2.200", 2200.0, "more_than", 2201.0, None,
              note="attribution carried over from the previous sentence"),
        claim("acc_2024-c001", "acc_2024", CAT, "intergovernmental", "torture_cases", "329", 329.0, reported_on="2023-06-08",
              note="cases concerning torture"),
        claim("acc_2024-c002", "acc_2024", CAT, "intergovernmental", "torture_cases_closed", "236", 236.0,
              reported_on="2023-06-08", note="not limited to January 2022"),
        claim("acc_2024-c003", "acc_2024", "IISS", "research", "guard", "20.000", 20000.0, reported_on="2023-02",
              note="English original marks it as estimate"),
        claim("acc_2024-c004", "acc_2024", "IISS", "research", "guard", "ε20,000", NaN, "about", NaN, NaN,
              reported_on="2023-02", quote="ε20,000", quote_en="ε20,000", note="same figure as acc_2024-c003"),
        claim("acc_2024-c005", "acc_2024", CAT, "intergovernmental", "torture_cases", "329", 329.0, reported_on="2023-06-08",
              quote="329 cases", quote_en="329 cases", note="same figure as acc_2024-c001"),
        claim("acc_2024-c006", "acc_2024", "HRW", "ngo", "killed", "dozens", NaN, "at_least", 24.0, None, vague=True,
              reported_on="2024", quote="dozens", quote_en="dozens", note="NOT the January 2022 unrest"),
        claim("acc_2024-c007", "acc_2024", "US State Department", "foreign_government", "sentence_length_years",
              "zwei bis siebeneinhalb Jahren", NaN, "exact", 2.0, 7.5, reported_on="2024-04-23",
              note="statement date not given; document date used"),
        claim("ngo_2022-c001", "ngo_2022", "Watch", "ngo", "gas_price_increase_factor", "verdoppelte", 2.0,
              reported_on="2022-03", note="subset of the 230 (x); price doubling", period_start="2022-01-01"),
        claim("ngo_2022-c002", "ngo_2022", "<script>alert(1)</script>", "official", "detained", "Tausende", NaN,
              "at_least", 2000.0, None, vague=True, reported_on="2022-03"),
    ], columns=CLAIM_COLUMNS)
    events = pd.DataFrame([
        event("taz_2022-e001", "taz_2022", "2022-01-09", "Am Sonntag", "day", checked=False, match="pipes;whitespace"),
        event("taz_2022-e002", "taz_2022", "2022-01-03", "Am nächsten Morgen", "day", checked=False),
        event("acc_2024-e001", "acc_2024", "2023-06", "June 2023", "month", quote="June 2023", quote_en="June 2023"),
        event("acc_2024-e002", "acc_2024", "2011", "2011", "year", match="whitespace"),
    ], columns=EVENT_COLUMNS)
    return Evidence(sources, claims, events)


# ---------------------------------------------------------------------------- the description matches the code
def test_every_normalisation_step_is_described():
    assert list(ch.STEP_TEXT) == list(quotes.STEPS)


def test_every_qualifier_is_described():
    assert list(ch.QUALIFIER_RULES) == list(parse.QUALIFIERS)


# ---------------------------------------------------------------------------- helpers
def test_steps_and_precision():
    assert ch.steps_of("pipes;whitespace") == ["pipes", "whitespace"]
    assert ch.steps_of("verbatim") == []
    assert [ch.precision_of(d) for d in ("2022-01-09", "2022-01", "2022")] == ["day", "month", "year"]


def test_readable():
    assert ch.readable("mehr als 2.200") and ch.readable("Dutzende")
    assert not ch.readable("verdoppelte")


def test_own_voice_compares_claimant_with_the_producers_short_name():
    ev = evidence()
    own = ch.own_voice(ev.claims, ev.sources)
    assert list(ev.claims.loc[own, "claim_id"]) == ["taz_2022-c002", "taz_2022-c003"]


# ---------------------------------------------------------------------------- sections
def test_documents_table():
    t = ch.documents_table(evidence())
    assert list(t["source_id"]) == ["taz_2022", "acc_2024", "ngo_2022"]
    assert list(t["producer"]) == ["taz", "ACC", "Watch <NGO>"]
    assert list(t["claims"]) == [3, 7, 2] and list(t["events"]) == [2, 2, 0]
    assert list(t["published"]) == ["9 January 2022", "April 2024", "March 2022"]


def test_documents_html_escapes_and_follows_show_tables():
    ev = evidence()
    html = ch.documents_html(ev)
    assert "Watch &lt;NGO&gt;" in html and "<NGO>" not in html
    assert "3 documents (3 in German; by kind of producer: 1 media, 1 NGO and 1 research)" in html
    assert "<table" not in ch.documents_html(ev, show_tables=False)


def test_claimant_types_table():
    t = ch.claimant_types_table(evidence().claims)
    assert list(t["claimant_type"]) == ["official", "foreign_government", "intergovernmental", "ngo", "research", "media"]
    assert list(t["claims"]) == [2, 1, 3, 2, 2, 2]
    assert list(t["documents"]) == [2, 1, 1, 2, 1, 1]
    assert list(t["claimants"]) == [2, 1, 1, 2, 1, 1]


def test_claims_html():
    html = ch.claims_html(evidence())
    assert "12 claims in all" in html
    assert "2 claims are stated by the document's own producer; the other 10 are relayed from 7 other claimants" in html
    assert "&lt;script&gt;" not in html  # claimant names are not listed here; counts only
    assert "<script>" not in html


def test_qualifier_table():
    t = ch.qualifier_table(evidence().claims).set_index("qualifier")
    assert list(t.index) == ["exact", "at_least", "more_than", "about", "almost", "up_to"]
    assert t["claims"].to_dict() == {"exact": 8, "at_least": 2, "more_than": 1, "about": 1, "almost": 0, "up_to": 0}
    assert t.loc["at_least", "vague"] == 2 and t.loc["at_least", "example"] == ""  # vague ones are no example
    assert t.loc["more_than", "example"] == "„Mehr als 2.200“ → ≥ 2201 (taz_2022-c003)"


def test_vague_table():
    t = ch.vague_table(evidence().claims)
    assert list(t["bound"]) == ["≥ 24", "≥ 2000"]
    assert list(t["printed"]) == ["„dozens“", "„Tausende“"]
    assert list(t["claim_ids"]) == ["acc_2024-c006", "ngo_2022-c002"]


def test_by_hand_and_ranges():
    ev = evidence()
    assert list(ch.by_hand(ev.claims)["claim_id"]) == ["ngo_2022-c001"]
    assert list(ch.ranges(ev.claims)["claim_id"]) == ["acc_2024-c007"]


def test_bounds_html():
    ev = evidence()
    html = ch.bounds_html(ev)
    assert "By qualifier: 8 exact, 2 at least, 1 more than and 1 about." in html
    assert "<em>Mehr als 2.200</em> (taz_2022-c003) is read as ≥ 2201, not as 2200" in html
    assert "(„dozens“ ≥ 24 and „Tausende“ ≥ 2000)" in html
    assert "1 figure cannot be read by the parser („verdoppelte“)" in html
    assert 'href="#claim-ngo_2022-c001"' in html
    short = ch.bounds_html(ev, show_tables=False, list_ids=False)
    assert "<table" not in short and "#claim-" not in short


def test_quote_steps_table():
    ev = evidence()
    t = ch.quote_steps_table(ev.claims, ev.events).set_index("step")
    assert list(t.index) == ["verbatim", *quotes.STEPS]
    assert t.loc["verbatim"].to_dict()["claims"] == 10 and t.loc["verbatim", "events"] == 2
    assert t.loc["pipes", "claims"] == 1 and t.loc["pipes", "events"] == 1
    assert t.loc["whitespace", "claims"] == 2 and t.loc["whitespace", "events"] == 2
    assert t.loc["footnotes", "claims"] == 0


def test_quotes_html():
    html = ch.quotes_html(evidence())
    assert "12 of 16 quotes (75%) are found verbatim" in html
    assert "2 needed pipes and whitespace; 2 needed only whitespace" in html
    assert "No quote needed hyphenation, footnotes, gender or quotes." in html


def test_date_precision_and_hand_resolved():
    ev = evidence()
    t = ch.date_precision_table(ev.claims, ev.events).set_index("precision")
    assert t["claims"].to_dict() == {"day": 7, "month": 4, "year": 1}
    assert t["events"].to_dict() == {"day": 2, "month": 1, "year": 1}
    h = ch.hand_resolved(ev.events)
    assert list(h["event_id"]) == ["taz_2022-e001", "taz_2022-e002"] and list(h["is_weekday"]) == [True, False]


def test_dates_html():
    html = ch.dates_html(evidence())
    assert "2 of 4 events were checked this way. The other 2 are printed as a weekday (1) or as a relative date" in html
    assert "1 claim takes its date from a printed weekday" in html and 'href="#claim-taz_2022-c001"' in html
    assert "1 claim also records the period" in html


def test_relay_table_and_title():
    ev = evidence()
    t = ch.relay_table(ev.claims, ev.sources)
    assert list(t["claimant_type"]) == ["intergovernmental", "official", "ngo", "research", "media", "foreign_government"]
    assert list(t["own_document"]) == [0, 0, 0, 0, 2, 0] and list(t["relayed"]) == [3, 2, 2, 2, 0, 1]
    assert ch.relay_title(t).startswith("Every Kazakh official figure")
    own = t.copy()
    own.loc[own["claimant_type"] == "official", "own_document"] = 1
    assert ch.relay_title(own).startswith("Claims by claimant type")


def test_relay_figure_and_texts():
    t = ch.relay_table(evidence().claims, evidence().sources)
    fig = ch.relay_figure(t)
    ax = fig.axes[0]
    assert len(ax.patches) == 2 * len(t)  # own and relayed segment per type
    assert [lbl.get_text() for lbl in ax.get_yticklabels()] == list(t["label"])
    texts = [x.get_text() for x in ax.texts]
    assert "3, all relayed" in texts and "2, all in own document" in texts
    plt.close(fig)
    caption, alt = ch.relay_caption_alt(t)
    assert "(12 in all)" in caption and "10 are relayed" in caption
    assert "media: 2 claims, 2 in the claimant's own document and 0 relayed" in alt


def test_one_sided_html_escapes_claimants():
    html = ch.one_sided_html(evidence())
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "none of them is published by a Kazakh state body" in html
    assert "the 2 official claims from 2 state claimants reach us second-hand, printed in 2 documents by others: Watch &lt;NGO&gt; (1) and taz (1)" in html
    assert "10 of 12 claims in all" in html


def test_same_as_pairs():
    p = ch.same_as_pairs(evidence().claims)
    assert list(p["claim_id"]) == ["acc_2024-c004", "acc_2024-c005"]
    assert list(p["same_as"]) == ["acc_2024-c003", "acc_2024-c001"]
    assert list(p["readings_differ"]) == [True, False]
    assert p["same_document"].all()


def test_translations_html():
    html = ch.translations_html(evidence())
    assert "All 3 documents are in German." in html
    assert "3 claims and 1 event quote passages that are printed in English (in ACC, which reproduces" in html
    assert "differ in 1 pair: „20.000“ (acc_2024-c003) and „ε20,000“ (acc_2024-c004)" in html


def test_undated_and_repeats():
    ev = evidence()
    html = ch.undated_html(ev)
    assert "5 claims of 12 are dated only to a month or a year (4 to the month, 1 to the year; by document: 3 in acc_2024 and 2 in ngo_2022)" in html
    assert "For 1 claim the note says" in html and "11 claims do not say what period" in html
    assert "2 of 4 are dated only to a month or a year" in html
    rep = ch.repeats_html(ev)
    assert "2 claims repeat a figure" in rep and "All of them repeat it within the same document" in rep
    assert "without the repeats there are 10" in rep


def test_registered_cases_and_sample_html():
    ev = evidence()
    r = ch.registered_cases(ev.claims)
    assert (r["claim_id"], r["n"], r["closed"], r["closed_id"]) == ("acc_2024-c001", 329, 236, "acc_2024-c002")
    html = ch.sample_html(ev)
    assert "count of 329 cases (acc_2024-c001, stated 8 June 2023)" in html and "(acc_2024-c002, 72%)" in html
    assert "not a random sample" in html and "not limited to January 2022" in html
    none = Evidence(ev.sources, ev.claims[ev.claims["metric"] != "torture_cases"], ev.events)
    assert ch.registered_cases(none.claims) is None and "no count of torture cases" in ch.sample_html(none)


def test_judgement_calls():
    t = ch.judgement_calls(evidence().claims).set_index("call")
    assert t["claim_ids"].to_dict() == {
        "outside": "acc_2024-c006",
        "date": "acc_2024-c007",
        "attribution": "taz_2022-c003",
        "part": "ngo_2022-c001",
        "by_hand": "ngo_2022-c001",
    }


def test_judgement_html():
    ev = evidence()
    html = ch.judgement_html(ev)
    assert "10 of 12 claims and 0 of 4 events carry one" in html
    assert "<table" in html and "Claim ids" in html
    assert "Claim ids" not in ch.judgement_html(ev, list_ids=False)
    assert "<table" not in ch.judgement_html(ev, show_tables=False)


# ---------------------------------------------------------------------------- the notebook end to end
def _run(tmp_path, processed, **params):
    import nbformat
    import papermill

    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK), str(out),
        parameters={"data_dir": str(config.DATA_DIR), "processed_dir": str(processed["folder"]),
                    "figures_dir": str(tmp_path / "figures"), **params},
        kernel_name="python3", cwd=str(config.NOTEBOOKS_DIR), progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    return "".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)


@pytest.mark.slow
def test_notebook_with_defaults(tmp_path, processed):
    ev = processed["evidence"]
    html = _run(tmp_path, processed)
    figs = tmp_path / "figures"
    data = pd.read_csv(figs / "05-1-claims-own-or-relayed.csv")
    assert data["total"].sum() == len(ev.claims)
    assert set(data["claimant_type"]) == set(ev.claims["claimant_type"])
    assert data.loc[data["claimant_type"] == "official", "own_document"].item() == 0
    assert (figs / "05-1-claims-own-or-relayed.png").is_file() and (figs / "05-1-claims-own-or-relayed.svg").is_file()
    assert "Figure 5.1." in html
    assert f"{len(ev.claims):,} claims" in html
    assert html.count("<table") >= 7
    assert 'href="#claim-' in html and "Claim ids" in html
    assert "not a random sample" in html


@pytest.mark.slow
def test_notebook_follows_non_default_parameters(tmp_path, processed):
    html = _run(tmp_path, processed, show_tables=False, list_ids=False)
    assert "<table" not in html
    assert 'href="#claim-' not in html and "Claim ids" not in html
    assert "Figure 5.1." in html


def test_claim_ids_link_to_claim_rows_whatever_their_shape():
    # bench/make_synthetic.py ids end in -s001: the link kind comes from the caller, not from the id's shape.
    html = ch._ids(["acc_2024-c001", "acc_2024-c001-s003"], list_ids=True)
    assert 'href="#claim-acc_2024-c001"' in html and 'href="#claim-acc_2024-c001-s003"' in html
    assert 'href="#event-' not in html
    assert ch._ids(["acc_2024-e001"], list_ids=True, kind="event") == ' (<a href="#event-acc_2024-e001">acc_2024-e001</a>)'
