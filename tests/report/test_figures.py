import hashlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from kzreport.report import style  # noqa: E402
from kzreport.report.figures import document_names, save_figure, source_line  # noqa: E402

SOURCES = pd.DataFrame({
    "source_id": ["taz_2022", "accord_2024"],
    "producer": ["taz, die tageszeitung (Tigran Petrosyan)", "ACCORD – Austrian Centre (Austrian Red Cross)"],
    "date_published": ["2022-01-09", "2024-04-26"],
})


def _chart():
    style.apply()
    fig, ax = plt.subplots(figsize=(4, 2))
    ax.plot([1, 2, 3], [164, 225, 238], marker="o")
    ax.set_title("Tote – Schanaozen, Taldıqorğan, Jaŋaözen")
    return fig


def _save(folder, **kw):
    args = dict(name="02-1-test", number="2.1", caption="Deaths reported.", alt="Three rising points.",
                source="Source: taz.", data=pd.DataFrame({"x": [1, 2, 3]}), folder=folder)
    args.update(kw)
    return save_figure(_chart(), **args)


def test_saves_svg_png_csv_under_a_stable_name_and_returns_citable_html(tmp_path):
    saved = _save(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["02-1-test.csv", "02-1-test.png", "02-1-test.svg"]
    assert saved.png.read_bytes().startswith(b"\x89PNG")
    assert 'id="fig-2-1"' in saved.html and "<strong>Figure 2.1.</strong> Deaths reported." in saved.html
    assert 'alt="Three rising points."' in saved.html and "Source: taz." in saved.html


def test_same_chart_same_bytes(tmp_path):
    a, b = _save(tmp_path / "a"), _save(tmp_path / "b")
    for x, y in ((a.svg, b.svg), (a.png, b.png), (a.csv, b.csv)):
        assert hashlib.sha256(x.read_bytes()).hexdigest() == hashlib.sha256(y.read_bytes()).hexdigest(), x.name


def test_caption_alt_and_source_are_required(tmp_path):
    with pytest.raises(ValueError, match="alt text"):
        _save(tmp_path, alt=" ")


def test_caption_text_from_data_is_escaped(tmp_path):
    saved = _save(tmp_path, caption="<script>alert(1)</script>")
    assert "<script>" not in saved.html and "&lt;script&gt;" in saved.html


def test_source_line_names_the_documents_with_dates():
    assert source_line(["taz_2022", "accord_2024", "taz_2022"], SOURCES) == (
        "Sources: taz (9 January 2022); ACCORD (26 April 2024).")


def test_document_names_are_the_producers_up_to_the_first_comma_dash_or_bracket():
    assert document_names(SOURCES) == {"taz_2022": "taz", "accord_2024": "ACCORD"}


def test_palette_covers_every_vocabulary_value():
    from kzreport.evidence.vocab import CLAIMANT_TYPES, EVENT_CATEGORIES

    assert set(style.CLAIMANT_COLORS) == set(CLAIMANT_TYPES) == set(style.CLAIMANT_MARKERS)
    assert set(style.CATEGORY_COLORS) == set(EVENT_CATEGORIES) == set(style.CATEGORY_MARKERS)


def test_another_edition_saves_its_own_svg_beside_the_english_files(tmp_path):
    import matplotlib.pyplot as plt
    import pandas as pd

    from kzreport.report import figures, i18n

    def save():
        fig, ax = plt.subplots()
        ax.set_title(i18n._("Contents"))
        return figures.save_figure(fig, name="02-1-test", number="2.1", caption="c", alt="a", source="s",
                                   data=pd.DataFrame({"x": [1]}), folder=tmp_path)

    en = save()
    with i18n.use("de"):
        de = save()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["02-1-test.csv", "02-1-test.de.svg", "02-1-test.png",
                                                          "02-1-test.svg"]
    assert de.png is None and en.png is not None
    assert b"Inhalt" in de.svg.read_bytes() and b"Contents" in en.svg.read_bytes()
