"""Tests for kzreport.quotes: finding verbatim quotes in the extracted source texts."""

from __future__ import annotations

import time
import unicodedata

import pandas as pd
import pytest

from kzreport import config
from kzreport.evidence.quotes import STEPS, QuoteMatch, closest_passage, match_quote, normalize

RAW = config.DATA_DIR / "raw"
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


# --------------------------------------------------------------------------- Unicode NFC


def test_normalize_composes_to_nfc_first():
    assert normalize("Fa\u0308lle und Gefa\u0308ngnis") == "Fälle und Gefängnis"
    assert normalize("Fa\u0308lle", []) == "Fälle"  # always, whatever the steps


def test_decomposed_quote_is_found_in_composed_source_verbatim():
    src = "Er sagte: Mindestens 164 Menschen starben in Jaŋaözen, in Öskemen wurden zwölf verletzt. Dann ging er."
    quote = unicodedata.normalize("NFD", "Mindestens 164 Menschen starben in Jaŋaözen, in Öskemen wurden zwölf verletzt.")
    assert quote != unicodedata.normalize("NFC", quote)
    m = match_quote(quote, src)
    assert m.found and m.steps == ()
    assert normalize(src)[m.start:m.end] == unicodedata.normalize("NFC", quote)


def test_offsets_stay_right_when_nfc_shortens_the_source_before_the_quote():
    src = unicodedata.normalize("NFD", "| Ärzte zählten Tote in Öskemen. | |\n| Mehr als 2.200 Personen | |\n| wurden verletzt. |")
    assert len(unicodedata.normalize("NFC", src)) < len(src)
    m = match_quote("Mehr als 2.200 Personen wurden verletzt.", src)
    assert m.found and m.steps == ("pipes", "whitespace")
    assert normalize(src)[m.start:m.end] == "Mehr als 2.200 Personen wurden verletzt."


def test_closest_passage_of_a_decomposed_source_is_composed_text():
    text = unicodedata.normalize("NFD", source("accord_2024"))
    passage = closest_passage(CAT_QUOTE.replace("236 von 329", "236 von 392"), text)
    assert "über die hohe Zahl von Fällen (236 von 329 Fällen)" in passage


def test_every_curated_quote_is_found_in_its_source_decomposed():
    """Sources saved in NFD (as some tools do): every quote is still found, offsets into the NFC text."""
    texts = {sid: unicodedata.normalize("NFD", source(sid)) for sid in {s for _, s, _ in ROWS}}
    for row_id, source_id, quote in ROWS:
        m = match_quote(unicodedata.normalize("NFD", quote) if row_id.endswith("1") else quote, texts[source_id])
        assert m.found, row_id
        assert normalize(texts[source_id])[m.start:m.end] == normalize(quote), row_id


# --------------------------------------------------------------------------- why a quote is not found


def test_changed_digit_says_where_the_quote_starts_to_differ():
    wrong = CAT_QUOTE.replace("236 von 329", "236 von 392")
    m = match_quote(wrong, source("accord_2024"))
    at = int(m.advice.split("From character ")[1].split(" ")[0])
    assert wrong.index("392") <= at - 1 < wrong.index("392") + 3, m.advice
    assert "where the source prints “…" in m.advice and "329 Fällen" in m.advice


INVISIBLE = [
    ("\u200b", "U+200B ZERO WIDTH SPACE"),
    ("\u200c", "U+200C ZERO WIDTH NON-JOINER"),
    ("\u200d", "U+200D ZERO WIDTH JOINER"),
    ("\u2060", "U+2060 WORD JOINER"),
    ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ("\u034f", "U+034F COMBINING GRAPHEME JOINER"),
]


@pytest.mark.parametrize(("ch", "named"), INVISIBLE, ids=[n.split(" ", 1)[1] for _, n in INVISIBLE])
def test_an_invisible_character_is_named_with_its_position_and_the_fix(ch, named):
    quote = CAT_QUOTE[:40] + ch + CAT_QUOTE[40:]
    m = match_quote(quote, source("accord_2024"))
    assert not m.found
    bom = " (a byte order mark)" if ch == "\ufeff" else ""
    assert m.advice == (f"The quote contains {named} at character 41{bom}, which the source does not print: "
                        "delete it; without it the quote is found in the source.")
    assert m.closest.startswith("CAT zeigt sich weiters")


def test_a_soft_hyphen_is_normalised_away_and_named_when_the_quote_fails_anyway():
    assert match_quote(CAT_QUOTE.replace("weiters", "wei\u00adters"), source("accord_2024")).found
    m = match_quote(CAT_QUOTE.replace("weiters", "wei\u00adters").replace("329", "392"), source("accord_2024"))
    assert m.advice.startswith("The quote contains U+00AD SOFT HYPHEN at character 19, which the source does not print: delete it. From character ")


def test_a_decomposed_letter_the_source_does_not_print_is_named():
    quote = CAT_QUOTE.replace("Zahl", "Zah\u0308l")  # h + combining diaeresis composes to ḧ
    m = match_quote(quote, source("accord_2024"))
    assert m.advice == ("The quote contains U+0308 COMBINING DIAERESIS at character 41 after 'h' (it makes 'ḧ'), which the "
                        "source does not print: delete it; without it the quote is found in the source.")


def test_a_combining_mark_that_composes_with_nothing_is_named():
    quote = CAT_QUOTE.replace("Zahl", "Zq\u0323\u0308ahl")
    m = match_quote(quote, source("accord_2024"))
    assert m.advice.startswith("The quote contains U+0323 COMBINING DOT BELOW at character 40 after 'q' (it does not compose "
                               "into a letter); U+0308 COMBINING DIAERESIS at character 41 after 'q' (it does not compose "
                               "into a letter), which the source does not print: delete them. From character ")


def test_positions_count_characters_of_the_quote_as_typed():
    quote = "Fa\u0308lle " + CAT_QUOTE + "\u200b"  # a decomposed ä first: the ZWSP is character 8 + len + 1
    m = match_quote(quote, "Fälle " + source("accord_2024")[:0] + CAT_QUOTE)
    assert f"U+200B ZERO WIDTH SPACE at character {len(quote)}," in m.advice and "is found" in m.advice


def test_invisible_characters_the_source_prints_are_not_blamed():
    src = "Ein Wort\u200bmit Nullbreite und 12 Personen."
    m = match_quote("Ein Wort\u200bmit Nullbreite und 21 Personen.", src)
    assert "ZERO WIDTH" not in m.advice and "From character" in m.advice


# --------------------------------------------------------------------------- long quotes: fast, short messages

LONG = 100_000


def _long_quote(text: str, change: tuple[str, str]) -> str:
    quote = (text + " " + text)[:LONG]
    assert change[0] in quote[:LONG // 2]
    return quote.replace(*change, 1)


def _synthetic_source(size: int = 1_000_000) -> str:
    import random

    words = " ".join(source(s) for s in ("accord_2024", "crimethinc_2022", "europarl_2022")).split()
    rng = random.Random(12)
    out, n = [], 0
    while n < size:
        w = rng.choice(words)
        out.append(w)
        n += len(w) + 1
    return " ".join(out)


def _timed_match(quote: str, text: str):
    from kzreport.evidence import quotes

    quotes.clear_cache()  # cold: the source is normalised within the time measured
    started = time.perf_counter()
    m = match_quote(quote, text)
    return m, time.perf_counter() - started


def _assert_short_message(m) -> None:
    from kzreport.evidence.quotes import SHOW_MAX

    assert not m.found
    assert len(m.closest) <= SHOW_MAX + 2, len(m.closest)
    assert len(m.advice) < 400, m.advice
    assert m.advice.startswith("From character ")


def test_a_100kb_quote_against_the_largest_source_is_answered_in_2_seconds():
    text = source("crimethinc_2022")
    quote = _long_quote(text, ("Innenstadt von Almaty", "Innenstadt von Astana"))
    m, took = _timed_match(quote, text)
    assert took < 2.0, f"{took:.1f} s"
    _assert_short_message(m)
    at = quote.index("Innenstadt von Astana") + len("Innenstadt von A")
    assert m.advice.startswith(f"From character {at + 1} on, the quote reads “…")
    assert "Innenstadt von Almaty" in m.closest and m.closest.startswith("…") and m.closest.endswith("…")


def test_a_100kb_quote_against_a_large_synthetic_source_is_answered_in_2_seconds():
    text = _synthetic_source()
    quote = _long_quote(text[300_000:], (" und ", " oder "))
    m, took = _timed_match(quote, text)
    assert took < 2.0, f"{took:.1f} s"
    _assert_short_message(m)
    assert "oder" in m.advice.split("the quote reads")[1].split("where")[0]


@pytest.mark.parametrize("shape", ["random words", "typo in the first word", "one letter"])
def test_long_quotes_of_any_shape_are_answered_fast(shape):
    import random

    text = source("crimethinc_2022")
    words = text.split()
    rng = random.Random(3)
    quote = {
        "random words": " ".join(rng.choice(words) for _ in range(LONG // 6))[:LONG],
        "typo in the first word": "Dei " + (text * 2)[:LONG],
        "one letter": "x" * LONG,
    }[shape]
    m, took = _timed_match(quote, text)
    assert took < 2.0, f"{shape}: {took:.1f} s"
    _assert_short_message(m)


def test_closest_passage_of_a_long_quote_is_aligned_by_its_beginning():
    text = source("crimethinc_2022")
    start = text.index("Innenstadt von Almaty") - 500
    quote = text[start:start + 5000].replace("Almaty", "Astana", 1)
    started = time.perf_counter()
    passage = closest_passage(quote, text)
    assert time.perf_counter() - started < 2.0
    assert " ".join(text[start:start + 60].split()[1:4]) in passage[:80]


# --------------------------------------------------------------------------- the text-only path searches, the map locates

_TRICKY = [
    "| Die Regierung | |\n| spricht  von\u00a0Perso-\nnen | |",
    "Kasachstan1, Soldaten¹ und (ACLED)[1] sowie Expert·innen, Bürger*innen, Lehrer_in, Ärzt:innen",
    "„Zitat“ und ‚innen‘ «so» ‹so› ‟x″ ‛y′ – Ge\u00adwalt, wor-\n\nden",
    "Fa\u0308lle und e\u0301te und \u1100\u1161 (Hangul jamo) mit  \t Leerraum \u2009 und \u202f",
    "  vorne und hinten \t\n",
    "",
]


def test_text_only_normalisation_equals_the_mapped_one_for_every_step_set():
    """normalize() and the quote search run the steps on the text alone; the offset map (_apply_steps) must give the
    very same text, for every subset of the steps, on every source document, quote and value_text of the data."""
    import csv
    import itertools

    from kzreport.evidence import quotes

    texts = [p.read_text(encoding="utf-8") for p in sorted(SOURCES.glob("*.txt"))] + _TRICKY
    for name, cols in (("claims.csv", ("quote", "value_text")), ("events.csv", ("quote", "date_text"))):
        with (RAW / name).open(encoding="utf-8", newline="") as fh:
            texts += [row[c] for row in csv.DictReader(fh) for c in cols]
    names = tuple(STEPS)
    subsets = [s for r in range(len(names) + 1) for s in itertools.combinations(names, r)]
    for text in dict.fromkeys(texts):
        for steps in subsets:
            assert normalize(text, list(steps)) == quotes._apply_steps(text, steps).text, (steps, text[:80])
    quotes.clear_cache()


def test_a_quote_found_only_after_normalising_is_located_in_the_fully_normalised_source():
    src = "Vorspann.\n| Nach Angaben der Behörden wurden 3\u00a0000 Perso- | |\n| nen festgenommen¹. | |\nEnde."
    m = match_quote("wurden 3 000 Personen festgenommen.", src)
    assert m.found and m.steps == ("pipes", "whitespace", "hyphenation", "footnotes")
    assert normalize(src)[m.start:m.end] == "wurden 3 000 Personen festgenommen."


def test_the_offset_map_points_every_character_at_the_one_it_came_from():
    """For every source and every step set: one offset per character, never decreasing, and each character is the
    source's own character there (or what a step writes for it: one space for a run of whitespace, an ASCII quote
    for a typographic one)."""
    from kzreport.evidence import quotes

    names = tuple(STEPS)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SOURCES.glob("*.txt"))] + _TRICKY[:3]
    for text in texts:
        nfc = unicodedata.normalize("NFC", text)
        # each step alone, and the steps in order one more at a time (as the search tries them)
        for steps in dict.fromkeys([(s,) for s in names] + [names[:n] for n in range(len(names) + 1)]):
            mapped = quotes._apply_steps(text, steps)
            origin = mapped.origin.tolist()
            assert len(origin) == len(mapped.text) and mapped.length == len(text)
            assert all(a <= b for a, b in zip(origin, origin[1:])), steps
            if nfc != text:
                continue  # composed letters map to the first character of their sequence
            for ch, at in zip(mapped.text, origin):
                was = text[at]
                assert ch == was or (ch == " " and was.isspace()) or ch == was.translate(quotes._QUOTE_CHARS), (steps, ch, was)
