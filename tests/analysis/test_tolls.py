"""analysis.tolls: which claims the tolls chapter shows, how each is drawn and ranked, and the figures its prose
picks by rule (values and selections, on hand-made evidence)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kzreport.analysis import tolls
from tolls_sample import EV, claim
from tolls_sample import select as _select


def _id(record) -> str | None:
    return None if record is None else record["claim_id"]


# ------------------------------------------------------------------ one claim
@pytest.mark.parametrize(("iso", "last"), [("2022-01-09", "2022-01-09"), ("2024-02", "2024-02-29"),
                                           ("2023-02", "2023-02-28"), ("2022", "2022-12-31")])
def test_last_day_of_a_coarse_date(iso, last):
    assert tolls.last_day(iso) == last


@pytest.mark.parametrize(("claim_id", "kind", "y", "rank", "figure"), [
    ("taz_2022-c003", "exact", 164, 164, 164),
    ("cri_2022-c005", "lower", 150, 150, 150),
    ("acc_2024-c067", "upper", 260, 260, 260),
    ("taz_2022-c006", "about", 5800, 5800, 5800),
    ("ep_2022-c004", "upper", 9999, 9999, 10000),
    ("acc_2024-c001", "lower", 10001, 10001, 10000),
    ("cri_2022-c023", "vague", 2000, 2000, 2000),
])
def test_how_each_qualifier_is_drawn_ranked_and_stated(claim_id, kind, y, rank, figure):
    row = claim(claim_id)
    assert tolls.mark_kind(row) == kind
    assert tolls.mark_value(row) == y
    assert tolls.rank_value(row) == rank
    assert tolls.figure_value(row) == figure


def test_a_range_is_drawn_as_a_range_at_its_middle_and_ranked_at_its_top():
    row = pd.Series({"is_vague": False, "qualifier": "exact", "value": math.nan, "value_low": 2.0, "value_high": 7.5,
                     "reported_on": "2023", "claimant_type": "ngo"})
    assert tolls.mark_kind(row) == "range"
    assert tolls.mark_value(row) == 4.75
    assert tolls.rank_value(row) == tolls.figure_value(row) == 7.5
    described = tolls.described(row)
    assert (described["mark"], described["date_precision"], described["type_label"]) == ("range", "year", "NGO")


def test_vague_words_are_read_at_the_parsers_floor():
    assert tolls.vague_floors() == (("Dutzende", 24.0), ("Hunderte", 200.0), ("Tausende", 2000.0))


# ------------------------------------------------------------------ names from the curation
def test_metric_labels_come_from_chart_label_else_from_the_name():
    sel = _select()
    assert sel.label("killed_and_injured") == "Killed and injured together"
    assert sel.label("detained") == "Detained"  # empty chart_label: the name in words
    assert sel.label("injured") == "Injured"  # not curated
    assert tolls.metric_label("killed_security_forces") == "Killed security forces"


def test_short_claimant_names_come_from_the_curation_else_the_name():
    claims = _select().claims.set_index("claim_id")["claimant_short"]
    assert claims["taz_2022-c003"] == "Health Ministry"
    assert claims["acc_2024-c001"] == "BTI"
    assert claims["acc_2024-c062"] == "US State Department"


# ------------------------------------------------------------------ selection
def test_default_selection_keeps_the_metrics_and_drops_earlier_events():
    sel = _select()
    ids = list(sel.claims["claim_id"])
    assert "taz_2022-c009" not in ids  # csto_troops: not a selected metric
    assert "cri_2022-c009" not in ids  # Zhanaozen, December 2011
    assert list(sel.excluded_before_period["claim_id"]) == ["cri_2022-c009"]
    assert "ep_2022-c004" in ids  # no period_end: an open period is kept
    assert len(ids) == 12


def test_selection_is_sorted_by_metric_order_then_latest_possible_date():
    sel = _select()
    killed = list(sel.claims.loc[sel.claims["metric"] == "killed", "claim_id"])
    # "2022" can mean any day of 2022, so it follows the days of January 2022 and precedes 2023
    assert killed == ["cri_2022-c005", "taz_2022-c004", "taz_2022-c003", "acc_2024-c065", "acc_2024-c062",
                      "acc_2024-c067"]
    assert list(dict.fromkeys(sel.claims["metric"])) == ["killed", "killed_and_injured", "detained"]


def test_period_from_earlier_keeps_zhanaozen():
    sel = _select(period_from="2011-01-01")
    assert "cri_2022-c009" in set(sel.claims["claim_id"])
    assert sel.excluded_before_period.empty


def test_reported_window_counts_a_coarse_date_from_its_first_day():
    sel = _select(reported_from="2022-01-06", reported_to="2022-12-31")
    ids = set(sel.claims["claim_id"])
    assert "cri_2022-c005" not in ids  # 5 January
    assert "acc_2024-c065" not in ids  # "2022" starts on 1 January
    assert "taz_2022-c003" in ids and "ep_2022-c004" in ids
    assert "acc_2024-c067" not in ids  # 2024


def test_claimant_types_and_nationwide_only_filter():
    sel = _select(claimant_types=["official"], nationwide_only=True)
    assert set(sel.claims["claimant_type"]) == {"official"}
    assert set(sel.claims["claim_id"]) == {"cri_2022-c005", "taz_2022-c003", "acc_2024-c065", "taz_2022-c006"}


def test_drawing_columns_are_added():
    row = _select().claims.set_index("claim_id").loc["acc_2024-c065"]
    assert (row["reported_first"], row["reported_last"], row["date_precision"]) == ("2022-01-01", "2022-12-31", "year")
    assert (row["mark"], row["y"], row["is_official"], row["is_nationwide"]) == ("exact", 238, True, True)


def test_bad_parameters_are_refused_with_the_builds_rules():
    with pytest.raises(ValueError, match="claimant_types: 'government' is not allowed; allowed: one or more of official"):
        _select(claimant_types=["official", "government"])
    with pytest.raises(ValueError, match="reported_from: '2022-13-01' is not allowed; allowed: a date as YYYY-MM-DD"):
        _select(reported_from="2022-13-01")
    with pytest.raises(ValueError, match="reported_from '2023-01-01' is after reported_to '2022-12-31'"):
        _select(reported_from="2023-01-01", reported_to="2022-12-31")


def test_sources_used_in_registry_order():
    assert tolls.sources_used(_select(), EV.sources) == ["taz_2022", "acc_2024", "cri_2022", "ep_2022"]
    assert tolls.sources_used(_select(metrics=["detained"], claimant_types=["research"]), EV.sources) == ["acc_2024"]


# ------------------------------------------------------------------ figures picked by rule
def test_first_official_prefers_an_unqualified_nationwide_figure_dated_for_certain():
    # 150 is earlier but "mindestens"; 103 is Almaty only; "2022" could be December
    assert tolls.first_official(_select().claims, "killed")["claim_id"] == "taz_2022-c003"


def test_first_official_works_on_claims_not_selected():
    """The summary picks from all claims, without the selection's columns."""
    assert tolls.first_official(EV.claims, "killed")["claim_id"] == "taz_2022-c003"
    assert tolls.highest(EV.claims, "killed", official=True)["claim_id"] == "acc_2024-c065"


def test_highest_lowest_and_floors():
    df = _select().claims
    assert tolls.highest(df, "killed", official=True)["claim_id"] == "acc_2024-c065"
    assert tolls.highest(df, "killed", official=False)["claim_id"] == "acc_2024-c067"
    assert tolls.highest_floor(df, "killed", official=False)["claim_id"] == "acc_2024-c062"
    # "mehr als 10.000" (at least 10,001) beats "fast 10 000" (at most 9,999); the earlier of the two copies wins
    assert tolls.highest(df, "detained", official=False)["claim_id"] == "acc_2024-c001"
    assert tolls.highest_any(df, "detained")["claim_id"] == "acc_2024-c001"
    assert tolls.lowest(df, "detained")["claim_id"] == "taz_2022-c006"
    assert tolls.highest(df, "injured", official=True) is None
    assert tolls.highest_any(df, "injured") is None


def test_official_sequence_is_in_the_order_stated():
    df = _select().claims
    assert list(tolls.official_sequence(df, "killed")["claim_id"]) == ["cri_2022-c005", "taz_2022-c003",
                                                                        "acc_2024-c065"]


def test_same_figure_in_two_passages_is_one_group():
    sel = _select()
    groups = tolls.same_figure_groups(sel.claims[sel.claims["metric"] == "detained"])
    assert [list(g["claim_id"]) for g in groups] == [["taz_2022-c006"], ["ep_2022-c004"],
                                                     ["acc_2024-c001", "acc_2024-c035"], ["acc_2024-c026"]]


# ------------------------------------------------------------------ what the chapter states
def test_counts_official_versus_non_official():
    c = tolls.counts(_select())
    assert (c.claims, c.documents, c.official, c.non_official) == (12, 4, 5, 7)
    assert c.by_type == (("foreign government", 1), ("intergovernmental", 1), ("NGO", 2), ("research", 2),
                         ("activist", 1))
    assert c.by_metric == (("Killed", 6, 4), ("Injured", 0, 0), ("Killed and injured together", 1, 0),
                           ("Detained", 5, 1))
    assert (c.local, c.places) == (1, ("Almaty",))
    assert [e["claim_id"] for e in c.excluded] == ["cri_2022-c009"]
    assert c.excluded[0]["label"] == "Killed" and c.period_from == "2022-01-01"


def test_death_toll_from_first_official_to_highest_estimates():
    k = tolls.death_toll(_select())
    assert k.selected and k.label == "Killed"
    assert _id(k.first) == "taz_2022-c003" and _id(k.top_official) == "acc_2024-c065"
    assert not k.top_official_is_first
    assert k.rise == 74 and k.rise_share == pytest.approx(74 / 164)
    assert [c["claim_id"] for c in k.sequence] == ["cri_2022-c005", "taz_2022-c003", "acc_2024-c065"]
    assert _id(k.top_non_official) == "acc_2024-c067" and k.top_non_official["mark"] == "upper"
    assert _id(k.floor_non_official) == "acc_2024-c062"
    assert (k.nationwide, k.lowest_number, k.highest_number) == (5, 150, 260)  # Almaty left out
    assert [(c["claim_id"], c["label"]) for c in k.words] == [("cri_2022-c023", "Killed and injured together")]


def test_death_toll_follows_the_claimant_types_and_metrics():
    k = tolls.death_toll(_select(claimant_types=["ngo", "activist"]))
    assert k.first is None and k.top_official is None and k.rise is None and k.sequence == ()
    assert _id(k.top_non_official) == "acc_2024-c067"
    assert not tolls.death_toll(_select(metrics=["detained"])).selected


def test_a_single_official_toll_is_first_and_highest():
    k = tolls.death_toll(_select(claimant_types=["official", "ngo"], reported_from="2022-01-09",
                                 reported_to="2022-01-09"))
    assert _id(k.first) == _id(k.top_official) == "taz_2022-c003" and k.top_official_is_first
    assert k.top_non_official is None and k.floor_non_official is None


def test_detention_sequence_in_order_with_duplicates_merged():
    s = tolls.sequence(_select(), "detained")
    assert [g.ids for g in s.groups] == [("taz_2022-c006",), ("ep_2022-c004",), ("acc_2024-c001", "acc_2024-c035")]
    assert s.groups[2].printed == ("mehr als 10.000", "over 10,000")
    assert _id(s.top_official) == "taz_2022-c006" and _id(s.top_non_official) == "acc_2024-c001"
    assert s.words == 1  # "hunderter" is not part of the sequence of numbers
    assert not tolls.sequence(_select(metrics=["killed"]), "detained").selected
    words_only = tolls.sequence(_select(), "killed_and_injured")
    assert words_only.groups == () and words_only.words == 1


def test_vague_claims_list_every_word_with_its_label():
    assert [(c["claim_id"], c["label"], c["value_low"]) for c in tolls.vague_claims(_select())] == [
        ("cri_2022-c023", "Killed and injured together", 2000), ("acc_2024-c026", "Detained", 200)]


def test_panels_give_the_range_of_nationwide_numbers_per_metric():
    killed, injured, both, detained = tolls.panels(_select())
    assert (killed.claims, _id(killed.lowest), _id(killed.highest), killed.only) == (6, "cri_2022-c005",
                                                                                    "acc_2024-c067", None)
    assert (injured.claims, injured.lowest, injured.only, injured.words) == (0, None, None, ())
    assert both.words == ("höchstwahrscheinlich in die Tausende",)
    assert (_id(detained.lowest), _id(detained.highest), detained.words) == ("taz_2022-c006", "acc_2024-c001",
                                                                             ("hunderter",))
    (only,) = tolls.panels(_select(metrics=["detained"], claimant_types=["official"]))
    assert _id(only.only) == "taz_2022-c006"
