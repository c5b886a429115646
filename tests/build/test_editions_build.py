"""The German edition beside the English one, from the same build: the same facts, German conventions, linked."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from html.parser import HTMLParser

import pytest

from conftest import run_cli

pytestmark = pytest.mark.slow

EN_WORDS = {w: i for i, w in enumerate(("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"))}
DE_WORDS = {"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10,
            "elf": 11, "zwölf": 12}
QUALIFIERS = {"en": {"at least": "at_least", "more than": "more_than", "about": "about", "almost": "almost",
                     "up to": "up_to"},
              "de": {"mindestens": "at_least", "mehr als": "more_than", "etwa": "about", "fast": "almost",
                     "bis zu": "up_to"}}


class _Links(HTMLParser):
    """Every link (href, text) and every id of a page, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.ids, self._open = [], [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and a.get("href"):
            self._open = [a["href"], ""]

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open is not None:
            self.links.append((self._open[0], self._open[1].strip()))
            self._open = None


def _page(path) -> _Links:
    p = _Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def _figure(text: str, lang: str) -> tuple:
    """What a link to a claim says, read the same way in either language: its qualifier and its numbers (as printed
    in quotes „…“/“…” it is kept as printed)."""
    t = text.strip()
    printed = re.search(r"„([^“]*)“", t)  # a vague amount as printed: 'thousands („Tausende“)', '„Tausende“'
    if printed or t[:1] in "“\"":
        return ("as printed", printed.group(1) if printed else t.strip("“”\""))
    if lang == "en" and any(t.startswith(words + " ") for words in QUALIFIERS["de"]):
        lang = "de"  # the English edition citing the German as printed ("mehr als 10.000 (more than 10,000)")
    qualifier = next((code for words, code in QUALIFIERS[lang].items() if t.startswith(words + " ")), "exact")
    words = EN_WORDS if lang == "en" else DE_WORDS
    numbers = []
    for token in re.findall(r"[\d.,]+\d|\d|[a-zäöüß]+", t):
        if token in words:
            numbers.append(float(words[token]))
        elif token[0].isdigit():
            token = token.replace(",", "") if lang == "en" else token.replace(".", "").replace(",", ".")
            numbers.append(float(token))
    return (qualifier, tuple(numbers))


@pytest.fixture(scope="module")
def pages(built_report):
    out = built_report["out"]
    return {lang: _page(out / name) for lang, name in (("en", "report.html"), ("de", "report.de.html"))}


def test_one_build_writes_both_editions_and_their_companions(built_report):
    out = built_report["out"]
    for name in ("report.html", "report.pdf", "report.de.html", "report.de.pdf", "evidence-checks.html",
                 "evidence-checks.de.html"):
        assert (out / name).stat().st_size > 10_000, name
    assert "report.de.html/.pdf" in built_report["proc"].stdout + built_report["proc"].stderr


def test_every_claim_cited_says_the_same_figure_in_both_editions(pages):
    cited = {lang: [(href[len("#claim-"):], _figure(text, lang)) for href, text in p.links if href.startswith("#claim-")]
             for lang, p in pages.items()}
    assert len(cited["en"]) > 100
    # German may order a sentence's links differently: the same claims, each as often, with the same figures
    assert Counter(c for c, _ in cited["en"]) == Counter(c for c, _ in cited["de"]), "the editions cite other claims"
    only = Counter(cited["en"]) - Counter(cited["de"]), Counter(cited["de"]) - Counter(cited["en"])
    assert not only[0] and not only[1], f"claims shown with other figures: English {list(only[0])[:5]}, German {list(only[1])[:5]}"


def test_every_link_target_and_id_is_the_same_in_both_editions(pages):
    def internal(p):
        return [h for h, _ in p.links if h.startswith("#")]

    assert Counter(internal(pages["en"])) == Counter(internal(pages["de"]))
    assert sorted(pages["en"].ids) == sorted(pages["de"].ids)
    assert any(i.startswith("sec-") for i in pages["de"].ids)  # the German headings keep the English ids


def test_the_editions_link_each_other(built_report, pages):
    assert ("report.de.html", "Deutsch") in pages["en"].links and ("report.html", "English") in pages["de"].links
    companion = _page(built_report["out"] / "evidence-checks.de.html")
    assert ("evidence-checks.html", "English") in companion.links and any(h == "report.de.html" for h, _ in companion.links)
    assert not any(h == "report.html" for h, _ in companion.links)  # its links to the report stay in German
    ec = (built_report["out"] / "evidence-checks.de.html").read_text(encoding="utf-8")
    assert re.search(r'<link (?=[^>]*hreflang="en")(?=[^>]*href="evidence-checks.html")', ec)
    html = (built_report["out"] / "report.de.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in html
    assert re.search(r'<link (?=[^>]*rel="alternate")(?=[^>]*hreflang="en")(?=[^>]*href="report.html")', html)


def test_the_german_edition_follows_german_conventions(built_report, pages):
    html = (built_report["out"] / "report.de.html").read_text(encoding="utf-8")
    assert "Belege bis 26. April 2024" in html  # the title page's date, German style
    assert "Abbildung 2.1" in html and "Inhalt" in html
    figures = [t for h, t in pages["de"].links if h.startswith("#claim-") and t[:1] not in "„“\""]
    assert any(re.search(r"\d\.\d{3}", t) for t in figures), "no German thousands separator in any cited figure"
    assert not [t for t in figures if re.search(r"\d,\d{3}\b", t)], "an English thousands separator in German"
    assert any(t.startswith("mindestens ") for t in figures) and not any(t.startswith("at least") for t in figures)


def test_the_german_pdf_is_german(built_report):
    import pypdf

    reader = pypdf.PdfReader(built_report["out"] / "report.de.pdf")
    first = reader.pages[0].extract_text()
    assert "Blutiger Januar" in first and "Zitiervorschlag" in first
    text = "\n".join(page.extract_text() for page in reader.pages[:6])
    assert "Inhalt" in text and "Seite 2 von" in text and "Page 2" not in text


def test_languages_en_builds_the_english_edition_only(built_report, tmp_path):
    shutil.copytree(built_report["cache"], tmp_path / "cache")
    out = tmp_path / "out"
    proc = run_cli("build", "--data", str(built_report["data"]), "--out", str(out), "--cache", str(tmp_path / "cache"),
                   "-p", "languages=[en]", timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (out / "report.html").exists() and (out / "report.pdf").exists()
    assert not list(out.glob("*.de.*")), "an English-only build wrote a German page"
    assert 'class="editions"' not in (out / "report.html").read_text(encoding="utf-8")
    executed = (out / "notebooks" / "02-toll.ipynb").read_text(encoding="utf-8")
    assert "run_cell" not in executed  # no twin cell ran
