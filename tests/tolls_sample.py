"""Hand-made evidence for the tolls chapter's tests (tests/analysis/test_tolls.py, tests/report/test_tolls_*.py):
tolls of the killed, the killed and injured together, and the detained, stated by every kind of claimant, with
every qualifier, a word instead of a number, a city's toll, a year-only date, a figure about 2011, a figure in
two passages of one document, and a metric the chapter does not show."""

from __future__ import annotations

import pandas as pd

from conftest import make_claim, make_evidence, make_source
from kzreport.analysis import tolls
from kzreport.evidence.curation import Curation

ALL_TYPES = ["official", "foreign_government", "intergovernmental", "ngo", "research", "media", "activist"]
HEALTH = "Kazakh Ministry of Health, as reported by Sputnik"
BTI = "Bertelsmann Stiftung (BTI)"


def _claims() -> list[dict]:
    jan = dict(period_start="2022-01-02", period_end="2022-01-11")
    return [
        make_claim("taz_2022-c003", "killed", "164", 164, claimant=HEALTH, claimant_type="official", **jan),
        make_claim("taz_2022-c004", "killed", "103", 103, claimant=HEALTH, claimant_type="official",
                   reported_on="2022-01-08", location="Almaty", **jan),
        make_claim("cri_2022-c005", "killed", "mindestens 150", 150, qualifier="at_least", high=None,
                   claimant="Kazakh Ministry of Internal Affairs", claimant_type="official", reported_on="2022-01-05",
                   **jan),
        make_claim("acc_2024-c065", "killed", "238", 238, claimant="Kazakh Government", claimant_type="official",
                   reported_on="2022", **jan),
        make_claim("acc_2024-c067", "killed", "possibly up to 260", 260, qualifier="up_to", low=None,
                   claimant="unnamed human rights organisations, as reported by the US State Department", claimant_type="ngo", reported_on="2024-04-23",
                   **jan),
        make_claim("acc_2024-c062", "killed", "At least 238", 238, qualifier="at_least", high=None,
                   claimant="US State Department", claimant_type="foreign_government", reported_on="2023-11-30", **jan),
        make_claim("cri_2022-c009", "killed", "Dutzende", None, qualifier="at_least", low=24, high=None,
                   claimant="CrimethInc.", claimant_type="activist", reported_on="2022-01-12",
                   period_start="2011-12", period_end="2011-12", location="Zhanaozen"),
        make_claim("cri_2022-c023", "killed_and_injured", "höchstwahrscheinlich in die Tausende", None,
                   qualifier="at_least", low=2000, high=None, claimant="CrimethInc.'s Almaty interviewees, not at the clashes",
                   claimant_type="activist", reported_on="2022-01-12", **jan),
        make_claim("taz_2022-c006", "detained", "rund 5.800", 5800, qualifier="about", low=None, high=None,
                   claimant="Kazakh Government", claimant_type="official", **jan),
        make_claim("ep_2022-c004", "detained", "fast 10 000", 10000, qualifier="almost", low=None, high=9999,
                   claimant="European Parliament", claimant_type="intergovernmental", reported_on="2022-01-20",
                   period_start="2022-01-02"),
        make_claim("acc_2024-c001", "detained", "mehr als 10.000", 10000, qualifier="more_than", low=10001, high=None,
                   claimant=BTI, claimant_type="research", reported_on="2024-03-19",
                   period_start="2022-01", period_end="2022-01"),
        make_claim("acc_2024-c035", "detained", "over 10,000", 10000, qualifier="more_than", low=10001, high=None,
                   claimant=BTI, claimant_type="research", reported_on="2024-03-19",
                   period_start="2022-01", period_end="2022-01"),
        make_claim("acc_2024-c026", "detained", "hunderter", None, qualifier="at_least", low=200, high=None,
                   claimant="Freedom House", claimant_type="ngo", reported_on="2024",
                   period_start="2022-01", period_end="2022-01"),
        make_claim("taz_2022-c009", "csto_troops", "2.500", 2500, claimant="taz", claimant_type="media"),
    ]


SOURCES = [make_source("taz_2022", "taz, die tageszeitung (Tigran Petrosyan)", "2022-01-09"),
           make_source("acc_2024", "ACCORD – Austrian Centre (Austrian Red Cross)", "2024-04-26"),
           make_source("cri_2022", "CrimethInc. (German edition, aufbau A)", "2022-01"),
           make_source("ep_2022", "European Parliament", "2022-01-20")]

CURATION = Curation(
    metrics=pd.DataFrame({"metric": ["killed", "killed_and_injured", "detained"],
                          "label": ["Killed", "Killed and injured", "Detained"],
                          "chart_label": ["Killed", "Killed and injured together", ""], "stage": "", "phrase": ""}),
    claimants=pd.DataFrame({"claimant": [HEALTH, BTI, "CrimethInc.'s Almaty interviewees, not at the clashes"],
                            "short": ["Health Ministry", "BTI", "Almaty interviewees"], "segment": ""}))



def evidence(**changes):
    """The sample as processed evidence; ``changes`` maps a claim id to the columns to change."""
    claims = _claims()
    for c in claims:
        c.update(changes.get(c["claim_id"], {}))
    return make_evidence(claims, sources=SOURCES, curation=CURATION)


EV = evidence()


def select(ev=EV, **kw) -> tolls.Selection:
    """The chapter's selection of ``ev`` with its default parameters, or those given."""
    args = dict(metrics=["killed", "injured", "killed_and_injured", "detained"], reported_from="2022-01-01",
                reported_to="2024-12-31", period_from="2022-01-01", claimant_types=ALL_TYPES, curation=ev.curation)
    args.update(kw)
    return tolls.select_claims(ev.claims, **args)


def claim(claim_id: str) -> pd.Series:
    """One claim of the sample."""
    return EV.claims[EV.claims["claim_id"] == claim_id].iloc[0]
