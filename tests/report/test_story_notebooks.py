"""notebooks/01-what-happened, 03-torture and 05-caseworkers end to end on the project's data: the chapter's title,
its sections, the day-by-day figure saved, and every link in the reader's text leading to an event or a claim."""

from __future__ import annotations

import re

import pytest

from conftest import report_text


def _links(text: str) -> list[str]:
    return re.findall(r"\]\(#((?:event|claim)-[^)\s]+)\)", text)


@pytest.mark.slow
def test_what_happened_tells_the_days_with_the_day_figure(built_notebook, processed):
    nb, figures = built_notebook("01-what-happened.ipynb")
    text = report_text(nb)
    assert text.startswith("# What happened, 1–11 January")
    for heading in ("## 1–2 January 2022", "## 3–4 January 2022", "## 5 January 2022", "## 6 January 2022",
                    "## 7 January 2022", "## 8–9 January 2022", "## 10–11 January 2022", "## The power struggle"):
        assert heading in text
    assert (figures / "01-1-january-day-by-day.svg").is_file() and (figures / "01-3-long-view.svg").is_file()
    assert "## Before and after" in text
    ids = {link.split("-", 1)[1].replace("\\_", "_") for link in _links(text)}
    ev = processed["evidence"]
    assert ids <= set(ev.events["event_id"]) | set(ev.claims["claim_id"])
    assert len(ids) > 60


@pytest.mark.slow
@pytest.mark.parametrize("name, title, headings", [
    ("03-torture.ipynb", "# Torture and detention", ["## Arrests on a mass scale", "## Deaths under torture",
                                                      "## Called terrorists"]),
    ("05-caseworkers.ipynb", "# For caseworkers", ["## Places and dates", "## Patterns of abuse",
                                                   "## Named individual cases", "## What detainees were charged",
                                                   "## How each document knows"]),
])
def test_torture_and_caseworkers_chapters(built_notebook, name, title, headings):
    nb, _ = built_notebook(name)
    text = report_text(nb)
    assert text.startswith(title)
    for h in headings:
        assert h in text
    assert _links(text)
