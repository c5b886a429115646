"""analysis.story: the story chapters' selections (curation/story.csv) resolved into records, the places and days,
the documents. Hand-made rows test the rules; the project's data tests what the chapters tell, with the expected
values read from the five documents (the quotes are cited beside each assertion)."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import make_claim, make_event, make_evidence, make_source
from kzreport.analysis import story


def _story(*rows) -> pd.DataFrame:
    return pd.DataFrame([dict(zip(["chapter", "section", "item", "label", "event_ids", "claim_ids"], r)) for r in rows])


EV = make_evidence(
    claims=[make_claim("a-c001", value_text="mindestens 164", value=164.0, qualifier="at_least", high=None,
                       judgements="date_assumed", reported_on="2022-01-12"),
            make_claim("b-c001", value_text="Dutzende", value=None, qualifier="at_least", low=24.0, high=None,
                       reported_on="2023-01")],
    events=[make_event("a-e001", "2022-01-05", location="Almaty"), make_event("a-e002", "2022-01", location="Almaty"),
            make_event("b-e001", "2022-01-02", location="Zhanaozen"), make_event("b-e002", "2022-01-04", location="Almaty"),
            make_event("b-e003", "2022-02-25", location="Almaty"), make_event("b-e004", "2022-01-06", location="Kazakhstan")],
)


# ---------------------------------------------------------------------------- sections and items
def test_sections_keep_the_files_order_and_resolve_each_row():
    cur = _story(("what_happened", "first", "x", "", "b-e001", ""), ("what_happened", "second", "y", "Name", "a-e001 a-e002", "a-c001"),
                 ("torture", "t", "z", "", "a-e001", ""), ("what_happened", "first", "w", "", "", "b-c001"))
    sec = story.sections(cur, EV.events, EV.claims, "what_happened")
    assert list(sec) == ["first", "second"]
    assert list(sec["first"].items) == ["x", "w"]
    y = sec["second"].items["y"]
    assert y.label == "Name" and [e.id for e in y.events] == ["a-e001", "a-e002"] and y.claim.id == "a-c001"
    assert y.day == "2022-01-05"  # the month-only event gives no day
    assert sec["second"].days == ("2022-01-05",) and sec["first"].first == sec["first"].last == "2022-01-02"
    assert y.sources == ("a",)


def test_a_claim_keeps_its_qualifier_its_bounds_and_whether_its_date_is_the_documents():
    sec = story.sections(_story(("torture", "s", "a", "", "", "a-c001 b-c001")), EV.events, EV.claims, "torture")
    a, b = sec["s"].items["a"].claims
    assert (a.value, a.qualifier, a.low, a.high, a.date_assumed, a.reported_precision) == (164.0, "at_least", 164.0, None, True, "day")
    assert (b.value, b.is_vague, b.low, b.date_assumed, b.reported_precision) == (None, True, 24.0, False, "month")


def test_an_id_the_data_does_not_hold_is_left_out_and_an_empty_item_dropped():
    sec = story.sections(_story(("torture", "s", "a", "", "a-e001 nope-e9", ""), ("torture", "s", "b", "", "nope-e8", "")),
                         EV.events, EV.claims, "torture")
    assert list(sec["s"].items) == ["a"] and [e.id for e in sec["s"].items["a"].events] == ["a-e001"]


def test_an_item_may_not_take_a_name_a_template_cannot_read_as_an_attribute():
    with pytest.raises(ValueError, match="'items' is a reserved name"):
        story.sections(_story(("torture", "s", "items", "", "a-e001", "")), EV.events, EV.claims, "torture")


def test_section_table_lists_every_row_an_item_rests_on():
    sec = story.sections(_story(("torture", "s", "a", "", "a-e001", "a-c001")), EV.events, EV.claims, "torture")
    t = story.section_table(sec["s"])
    assert list(t["id"]) == ["a-e001", "a-c001"] and list(t["kind"]) == ["event", "claim"]


# ---------------------------------------------------------------------------- places and days
def test_places_and_days_by_first_day_with_month_only_events_apart_and_the_country_left_out():
    places = story.places_and_days(EV.events, "2022-01-01", "2022-01-31", exclude=("Kazakhstan",))
    assert [p.place for p in places] == ["Zhanaozen", "Almaty"]
    almaty = places[1]
    assert [d for d, _ in almaty.days] == ["2022-01-04", "2022-01-05"]  # 25 February is outside the window
    assert [e.id for e in almaty.month_only] == ["a-e002"] and almaty.events == 3
    assert almaty.documents == ("b", "a")  # in order of first mention: 4 January (b) before 5 January (a)


def test_documents_in_the_registrys_order_with_the_items_that_show_how_they_know():
    sources = pd.DataFrame([make_source("b", "B"), make_source("a", "A")])
    sec = story.sections(_story(("caseworkers", "sources", "x", "interviews someone", "a-e001", "")), EV.events, EV.claims,
                         "caseworkers")
    docs = story.documents(sources, sec["sources"])
    assert [d.source_id for d in docs] == ["b", "a"]
    assert docs[0].basis == () and [i.label for i in docs[1].basis] == ["interviews someone"]


# ---------------------------------------------------------------------------- the project's data
@pytest.fixture(scope="module")
def project(processed):
    ev = processed["evidence"]
    return {ch: story.sections(ev.curation.story, ev.events, ev.claims, ch) for ch in ("what_happened", "torture", "caseworkers")}


def test_the_start_of_the_protests_is_told_with_both_crimethinc_dates(project):
    # CrimethInc.: "Was am 1. Januar als Protest gegen die steigenden Lebenshaltungskosten begann …" and
    # "Die Proteste begannen am 2. Januar in der Ölförderstadt Janaozen."; EP: "am 2. Januar 2022 … Jaŋaözen".
    i = project["what_happened"]["beginning"].items
    assert (i["began_first"].day, i["began_second"].day, i["began_ep"].day) == ("2022-01-01", "2022-01-02", "2022-01-02")
    assert i["began_first"].sources == i["began_second"].sources == ("crimethinc_2022",)
    assert i["began_taz"].event.precision == "month"  # taz: "Seit Anfang Januar"


def test_almaty_is_lost_on_5_january_in_crimethinc_and_on_no_day_in_accord(project):
    # CrimethInc.: "… am frühen Morgen des 5. Januar … Teile der Sicherheitskräfte der Regierung flohen aus Almaty";
    # ACCORD: "… vorübergehend die Kontrolle über die ehemalige Hauptstadt Almaty … verloren habe" (no day).
    i = project["what_happened"]["almaty_fifth"].items
    assert i["city_hall"].day == "2022-01-05"
    lost = i["lost_control_bti"]
    assert lost.event.precision == "month" and lost.event.date == "2022-01"
    assert [e.date for e in lost.events[1:]] == ["2022-01-02", "2022-01-11"]  # "vom 2. bis 11. Jänner 2022"


def test_the_csto_numbers_of_taz_and_crimethinc_are_both_told(project):
    # taz: "2.700 Soldaten …, Russland stellt mit 2.000 Soldaten …", "300 belarussische Soldaten", "Armenien, das 100
    # Soldaten entsandt hat"; CrimethInc.: "500 aus Belarus …" and "3000 Soldaten aus Russland".
    i = project["what_happened"]["almaty_sixth"].items
    assert [c.value for c in i["csto_taz"].claims] == [2700, 2000, 300, 100]
    assert [c.value for c in i["csto_crimethinc"].claims][:2] == [3000, 500]
    # "ein Kontingent von bis zu 200 Hundert Soldaten aus Armenien und Tadschikistan": garbled, told as printed
    assert i["csto_crimethinc"].claims[2].value_text == "bis zu 200 Hundert"


def test_the_end_of_the_fighting_is_the_day_media_reported_it(project):
    # CrimethInc.: "Seit dem 10. Januar haben Medienberichte … gezeigt, dass die Kämpfe in Almaty eingestellt wurden"
    i = project["what_happened"]["end"].items
    assert i["fighting_reported_over"].day == "2022-01-10"
    assert (i["withdrawal"].day, i["withdrawal_deadline"].day) == ("2022-01-11", "2022-01-23")


def test_the_health_and_interior_ministries_both_give_164(project):
    # taz: "… teilte das kasachische Gesundheitsministerium … mit, dass 164 Menschen getötet worden seien";
    # CrimethInc.: "Nach Angaben des kasachischen Innenministeriums … mindestens 164 Menschen getötet"
    i = project["what_happened"]["eighth_ninth"].items
    health, interior = i["toll_health"].claims[0], i["toll_interior"].claims[0]
    assert (health.value, health.qualifier, health.reported_on) == (164, "exact", "2022-01-09")
    assert (interior.value, interior.qualifier, interior.date_assumed) == (164, "at_least", True)
    assert "Health" in health.claimant and "Internal" in interior.claimant


def test_deaths_under_torture_are_at_least_six(project):
    # ACCORD (USDOS): "… 238 persons had been killed …, including at least six deaths due to torture in detention."
    toll, six = project["torture"]["deaths"].items["government_toll"].claims
    assert (toll.value, toll.qualifier) == (238, "exact")
    assert (six.value, six.qualifier) == (6, "at_least")


def test_mamai_is_arrested_on_25_february_and_held_by_the_court_order_of_14_march(project):
    # Amnesty: "Daraufhin wurde er am 25. Februar festgenommen und zu 15 Tagen „Verwaltungshaft“ verurteilt" and
    # "… verfügte ein Gericht am 14. März, dass er für weitere zwei Monate in Untersuchungshaft genommen werden soll."
    mamai = project["caseworkers"]["cases"].items["mamai"]
    days = {e.id: e.date for e in mamai.events}
    assert days["amnesty_2022-e014"] == "2022-02-25" and days["amnesty_2022-e001"] == "2022-03-14"
    assert [e.date for e in mamai.events] == sorted(e.date for e in mamai.events)  # told in order
    charges = project["caseworkers"]["charges"].items
    assert charges["mamai_administrative"].day == "2022-02-25" and charges["mamai_administrative"].claim.value == 15
    assert charges["mamai_criminal"].day == "2022-03-14"


def test_the_named_cases_include_those_the_documents_name(project):
    labels = " ".join(i.label for i in project["caseworkers"]["cases"].items.values())
    for name in ("Janbolat Mamai", "Vicram Ruzakhunov", "Makhambet Abjan", "Kuspan Kosshigulov", "Takhir Erdanov",
                 "Amin Eleusinov", "Karim Massimov", "Zhasulan Anafiyaev",
                 # European Parliament, recitals E, L and O; taz: "Asamat Abdymomunow"
                 "Nuraliya Aytkulova", "Aytbay Äliev", "Wassili Polonski", "Wassili Krestjaninow", "Saniya Toyken",
                 "Qasım Amanjol", "Darhan Ömirbek", "Raygül Sadırbaeva", "Aliya Isenova", "Abdymomunov"):
        assert name in labels
    # the European Parliament names Abjan and Akhmediyarov too (as Mahambet Abjan, Lukpan Ahmediyarov)
    items = project["caseworkers"]["cases"].items
    assert set(items["abjan"].sources) == set(items["akhmediyarov"].sources) == {"crimethinc_2022", "europarl_2022"}


def test_mamais_charges_are_amnestys_articles_378_and_274(project):
    # Amnesty: "wegen „Beleidigung eines Regierungsvertreters“ (Paragraf 378 des Strafgesetzbuchs) und
    # „Verbreitung falscher Informationen“ (Paragraf 274)"; "politisch motivierte Vergeltung"
    e = project["caseworkers"]["charges"].items["mamai_charges"].event
    assert "Paragraf 378" in e.quote and "Paragraf 274" in e.quote and "politisch motivierte Vergeltung" in e.quote
    assert e.precision == "year"  # "aktuell": the undated Urgent Action


def test_detainees_called_terrorists_face_life_imprisonment(project):
    # taz: "Den Beschuldigten, die offiziell als „Terroristen“ bezeichnet werden, könnte eine lebenslange
    # Freiheitsstrafe drohen." (after the government's announcement "am Sonntag", 9 January 2022)
    life = project["torture"]["terrorists"].items["life_sentence"]
    assert life.day == "2022-01-09" and life.sources == ("taz_2022",)


def test_places_of_january_start_in_zhanaozen_and_include_almaty_and_taldykorgan(processed):
    places = story.places_and_days(processed["evidence"].events, "2022-01-01", "2022-01-31", exclude=("Kazakhstan",))
    names = [p.place for p in places]
    assert names[0] == "Zhanaozen"  # "am 1. Januar 2022 … verdoppelte" the gas price there (CrimethInc.)
    almaty = places[names.index("Almaty")]
    assert {"2022-01-04", "2022-01-05", "2022-01-06", "2022-01-07"} <= {d for d, _ in almaty.days}
    assert [d for d, _ in places[names.index("Taldykorgan")].days] == ["2022-01-08"]  # EP: "am 8. Januar 2022"


def test_no_document_calls_the_1986_uprising_jeltoqsan(processed):
    # CrimethInc.: "1986, als die Regierung von Michail Gorbatschow einen Aufstand in Almaty niederschlug"; no
    # document uses the name "Jeltoqsan", so the curated words do not either
    key = processed["evidence"].curation.key_events.set_index("key")
    assert "Jeltoqsan" not in key.loc["jeltoqsan", "label"] + key.loc["jeltoqsan", "words"]
