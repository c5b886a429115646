"""Tests for kzreport.quotes: finding verbatim quotes in the extracted source texts."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest

from kzreport.quotes import STEPS, QuoteMatch, closest_passage, match_quote, normalize

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
SOURCES = RAW / "sources"


def source(source_id: str) -> str:
    return (SOURCES / f"{source_id}.txt").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- normalize, step by step


def test_steps_order() -> None:
    assert list(STEPS) == ["pipes", "whitespace", "hyphenation", "footnotes", "gender", "quotes"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("| Die Regierung in Kasachstan | |\n| spricht von | |", "Die Regierung in Kasachstan\nspricht von"),
        ("| letzte Zeile |", "letzte Zeile"),
        ("kein | Rahmen", "kein | Rahmen"),
    ],
)
def test_normalize_pipes(text: str, expected: str) -> None:
    assert normalize(text, ["pipes"]) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\n\nb", "a b"),
        ("5.\u00a0Jänner", "5. Jänner"),
        ("10\u2009000 und 10\u202f000", "10 000 und 10 000"),
        ("  vorne und hinten \t\n", "vorne und hinten"),
    ],
)
def test_normalize_whitespace(text: str, expected: str) -> None:
    assert normalize(text, ["whitespace"]) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Perso-\nnen", "Personen"),
        ("wor-\n\nden", "worden"),
        ("Personen", "Personen"),
        ("Ge-\nwalt", "Gewalt"),
        ("Verstö-\nße", "Verstöße"),
        ("EU-\nKasachstan", "EU- Kasachstan"),  # upper case after the hyphen: a real hyphen
        ("2020-\n2021", "2020- 2021"),
    ],
)
def test_normalize_hyphenation(text: str, expected: str) -> None:
    assert normalize(text, ["whitespace", "hyphenation"]) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in Kasachstan1 und", "in Kasachstan und"),
        ("dem Ersuchen1,", "dem Ersuchen,"),
        ("Kasachstan12.", "Kasachstan."),
        ("Soldaten¹ der Armeen", "Soldaten der Armeen"),
        ("Massaker anrichtete² und", "Massaker anrichtete und"),
        ("Project (ACLED)[1] gesammelten", "Project (ACLED) gesammelten"),
        ("Vorfälle 881 und 805", "Vorfälle 881 und 805"),  # free-standing numbers stay
        ("vom 14. März 2019", "vom 14. März 2019"),
        ("P9_TA(2021)0056", "P9_TA(2021)0056"),
        ("Kasachstan123 ", "Kasachstan123 "),  # three digits are not a footnote marker
    ],
)
def test_normalize_footnotes(text: str, expected: str) -> None:
    assert normalize(text, ["footnotes"]) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Expert·innen", "Expertinnen"),
        ("Kasach·innen und Usbek·innen", "Kasachinnen und Usbekinnen"),
        ("Politiker*innen", "Politikerinnen"),
        ("Oppositionspolitiker*in ihn", "Oppositionspolitikerin ihn"),
        ("Bürger_innen", "Bürgerinnen"),
        ("Bürger:innen", "Bürgerinnen"),
        ("Hinweis: innen", "Hinweis: innen"),
    ],
)
def test_normalize_gender(text: str, expected: str) -> None:
    assert normalize(text, ["gender"]) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("„Verwaltungshaft“", '"Verwaltungshaft"'),
        ("»Wach auf«", '"Wach auf"'),
        ("“civilian targeting”", '"civilian targeting"'),
        ("‚Waffen‘", "'Waffen'"),
        ("›gewalttätiger‹", "'gewalttätiger'"),
        ("year’s end", "year's end"),
    ],
)
def test_normalize_quotes(text: str, expected: str) -> None:
    assert normalize(text, ["quotes"]) == expected


def test_normalize_all_steps_in_order() -> None:
    text = "| die „Expert·innen“ in Kasachstan1 sagten, Perso- | |\n| nen seien\u00a0verletzt |"
    assert normalize(text) == 'die "Expertinnen" in Kasachstan sagten, Personen seien verletzt'


def test_normalize_rejects_unknown_step() -> None:
    with pytest.raises(ValueError, match="spelling"):
        normalize("text", ["spelling"])


# --------------------------------------------------------------------------- match_quote on small texts


def test_match_verbatim_needs_no_step() -> None:
    src = "Er sagte: „Mindestens 164 Menschen starben.“ Dann ging er."
    m = match_quote("Mindestens 164 Menschen starben.", src)
    assert m == QuoteMatch(found=True, start=11, end=43, steps=(), closest="")


def test_match_across_line_break_needs_whitespace() -> None:
    src = "Mehr als 2.200 Personen sollen\nverletzt worden sein."
    m = match_quote("Personen sollen verletzt worden", src)
    assert m.found
    assert m.steps == ("whitespace",)
    assert normalize(src)[m.start:m.end] == "Personen sollen verletzt worden"


def test_match_broken_word_needs_whitespace_and_hyphenation() -> None:
    src = "handelte es sich um verschiedene Perso-\nnen aus dem Umfeld"
    m = match_quote("verschiedene Personen aus dem Umfeld", src)
    assert m.found
    assert m.steps == ("whitespace", "hyphenation")


def test_match_taz_table_needs_pipes_and_whitespace() -> None:
    src = "| Die Regierung in Kasachstan spricht von einer | |\n| Normalisierung der Lage. | |"
    m = match_quote("spricht von einer Normalisierung der Lage.", src)
    assert m.found
    assert m.steps == ("pipes", "whitespace")
    assert normalize(src)[m.start:m.end] == "spricht von einer Normalisierung der Lage."


def test_match_footnote_marker_in_source() -> None:
    src = "unter Hinweis auf seine Entschließung zur Lage in Kasachstan1 und andere"
    m = match_quote("zur Lage in Kasachstan und andere", src)
    assert m.found
    assert m.steps == ("footnotes",)


def test_match_gender_dot() -> None:
    m = match_quote("Auskünften von Expertinnen", "auf Auskünften von Expert·innen und")
    assert m.found
    assert m.steps == ("gender",)


def test_match_typographic_quotes() -> None:
    m = match_quote('als "Protest" kodiert', "als „Protest“ kodiert")
    assert m.found
    assert m.steps == ("quotes",)


def test_match_offsets_point_into_fully_normalised_source() -> None:
    src = "| Kasach·innen sahen | |\n| 5.800 Festnahmen. |"
    m = match_quote("5.800 Festnahmen.", src)
    assert m.found
    assert normalize(src) == "Kasachinnen sahen 5.800 Festnahmen."
    assert (m.start, m.end) == (18, 35)


def test_match_changed_number_is_not_found() -> None:
    src = "Das Gericht verurteilte 12 Personen zu Haftstrafen."
    m = match_quote("Das Gericht verurteilte 21 Personen zu Haftstrafen.", src)
    assert m.found is False
    assert m.start is None and m.end is None
    assert m.steps == ()
    assert m.closest == "Das Gericht verurteilte 12 Personen zu Haftstrafen."


def test_match_empty_quote_is_not_found() -> None:
    assert match_quote("  ", "irgendein Text").found is False


# --------------------------------------------------------------------------- the real documents


def _rows() -> list[tuple[str, str, str]]:
    rows = []
    for table, id_column in (("claims.csv", "claim_id"), ("events.csv", "event_id")):
        frame = pd.read_csv(RAW / table, dtype=str)
        rows += [(r[id_column], r["source_id"], r["quote"]) for _, r in frame.iterrows()]
    return rows


ROWS = _rows()


def test_the_curated_tables_have_quotes() -> None:
    assert len(ROWS) > 250
    assert all(isinstance(quote, str) and quote.strip() for _, _, quote in ROWS)


@pytest.mark.parametrize(("row_id", "source_id", "quote"), ROWS, ids=[r[0] for r in ROWS])
def test_every_curated_quote_is_in_its_source(row_id: str, source_id: str, quote: str) -> None:
    text = source(source_id)
    m = match_quote(quote, text)
    assert m.found, f"{row_id}: quote not in {source_id}; closest passage: {m.closest!r}"
    assert normalize(text)[m.start:m.end] == normalize(quote)


CAT_QUOTE = "CAT zeigt sich weiters über die hohe Zahl von Fällen (236 von 329 Fällen)"


def test_real_quote_is_found_verbatim() -> None:
    m = match_quote(CAT_QUOTE, source("accord_2024"))
    assert m.found and m.steps == ()


def test_quote_with_one_changed_digit_is_not_found_and_closest_points_at_real_passage() -> None:
    wrong = CAT_QUOTE.replace("236 von 329", "236 von 392")
    m = match_quote(wrong, source("accord_2024"))
    assert m.found is False
    assert "236 von 329 Fällen" in m.closest
    assert m.closest.startswith("CAT zeigt sich weiters")
    assert 0.8 * len(wrong) <= len(m.closest) <= 1.3 * len(wrong)


def test_closest_passage_in_another_document_is_a_real_passage_of_it() -> None:
    text = source("crimethinc_2022")
    passage = closest_passage("Die Polizei schoss auf sie und tötete mindestens zwei.", text)
    assert "Die Polizei schoss auf sie und tötete mindestens einen." in passage


def test_closest_passage_joins_the_lines_of_the_taz_table() -> None:
    passage = closest_passage(
        "Mehr als 3.200 Personen sollen verletzt worden sein.", source("taz_2022")
    )
    assert "Mehr als 2.200 Personen sollen verletzt worden sein." in passage
    assert "\n" not in passage and "|" not in passage


def test_closest_passage_without_shared_words_still_returns_text() -> None:
    passage = closest_passage("xqzv wvvk", source("amnesty_2022"))
    assert passage and passage in normalize(source("amnesty_2022"), ["whitespace"])


def test_closest_passage_keeps_what_the_source_prints() -> None:
    src = "Laut Expert·innen wurden „mindestens 164“ Menschen in Kasachstan1 getötet."
    passage = closest_passage("Laut Expertinnen wurden mindestens 146 Menschen getötet.", src)
    assert passage.startswith("Laut Expert·innen wurden „mindestens 164“ Menschen in Kasachstan")


def test_closest_passage_is_fast_on_the_largest_source() -> None:
    text = source("crimethinc_2022")
    assert len(text) > 80_000
    closest_passage("warm up the normalisation cache", text)
    quotes = [
        "Die massivsten Proteste fanden in der Nacht statt, als sich die Unruhen auf 99 andere Städte ausbreiteten.",
        "Völlig erfundener Satz über Dinge, die in keinem Dokument stehen, mit Zahlen wie 4711 und 0815.",
        "xqzv wvvk",
    ]
    started = time.perf_counter()
    for quote in quotes:
        closest_passage(quote, text)
    per_quote = (time.perf_counter() - started) / len(quotes)
    assert per_quote < 0.5, f"closest_passage took {per_quote:.3f} s per quote on an 84 KB source"
