"""analysis.claims: the claim predicates the chapters share (where a figure is about, the curators' judgements)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from conftest import make_claim, make_evidence
from kzreport.analysis import claims as cl


@pytest.mark.parametrize(("location", "place"), [("Kazakhstan", ""), ("", ""), (None, ""), (math.nan, ""),
                                                 ("Almaty", "Almaty"), ("Taraz; Shymkent", "Taraz; Shymkent")])
def test_a_nationwide_figure_names_no_place(location, place):
    assert cl.place(location) == place


def test_has_judgement_reads_whole_codes_among_several_and_empty_judgements():
    df = pd.DataFrame({"judgements": ["outside_january;date_assumed", "date_assumed", "", None, " no_prison ; part"]})
    assert list(cl.has_judgement(df, "outside_january")) == [True, False, False, False, False]
    assert list(cl.has_judgement(df, "date_assumed")) == [True, True, False, False, False]
    assert list(cl.has_judgement(df, "no_prison")) == [False, False, False, False, True]
    assert not cl.has_judgement(df, "date").any()  # whole codes only


def test_has_judgement_reads_the_codes_not_the_note():
    claims = make_evidence([
        make_claim("acc_2024-c002", note="not limited to January 2022"),
        make_claim("acc_2024-c007", judgements="date_assumed;no_prison", note="the text gives no date"),
    ]).claims
    assert list(claims.loc[cl.has_judgement(claims, "date_assumed"), "claim_id"]) == ["acc_2024-c007"]
    assert not cl.has_judgement(claims, "outside_january").any()  # the note of c002 says so: no code, no call
