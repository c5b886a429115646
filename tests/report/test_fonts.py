"""The report's fonts are the package's own: the same bytes whatever other fonts the machine has.

An impostor is a font named "DejaVu Sans" whose glyphs are DejaVu Serif's, installed where fontconfig and
matplotlib look for a user's fonts. Without kzreport.fonts it wins: fontconfig prefers its higher version,
matplotlib takes it for an expanded or semibold request the bundled files cannot meet.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from conftest import sha, write_chapter
from kzreport.report import fonts

IMPOSTOR_VERSION = "Version 9.00"
# Letters the report prints that are not ASCII: German, quotes and dashes, Kazakh and Turkish names.
REPORT_LETTERS = "äöüÄÖÜß„“”‚‘’–—…ŋıİğşəұқ«»±≈"


def _impostor(target: Path, *, full_name: str = "DejaVu Sans", width_class: int = 5, weight: int = 400) -> None:
    """DejaVu Serif renamed "DejaVu Sans", newer than any real DejaVu, of the given width and weight (fontconfig
    reads them from the OS/2 table, matplotlib reads the width from the full name)."""
    font = TTFont(fonts.FONT_DIR / "DejaVuSerif.ttf")
    for rec in font["name"].names:
        if rec.nameID in (1, 16):
            rec.string = "DejaVu Sans"
        elif rec.nameID == 4:
            rec.string = full_name
        elif rec.nameID == 6:
            rec.string = f"DejaVuSans-Impostor{width_class}{weight}"
        elif rec.nameID == 5:
            rec.string = IMPOSTOR_VERSION
    font["head"].fontRevision = 9.0
    font["OS/2"].usWidthClass = width_class
    font["OS/2"].usWeightClass = weight
    font.save(target)


def machine_env() -> dict[str, str]:
    """This process's environment without what the report's own font control sets: the machine as it is."""
    env = dict(os.environ)
    env.pop("MPL_IGNORE_SYSTEM_FONTS", None)  # set in this process by any test that called style.apply()
    env.pop("FONTCONFIG_FILE", None)
    return env


def impostor_env(root: Path) -> dict[str, str]:
    """The environment of a user who has impostors in both user font folders fontconfig and matplotlib search
    ($XDG_DATA_HOME/fonts and ~/.fonts), with fresh font caches (fontconfig's and matplotlib's)."""
    home = root / "home"
    for folder in (home / ".local" / "share" / "fonts", home / ".fonts"):
        folder.mkdir(parents=True, exist_ok=True)
        _impostor(folder / "ImpostorSans.ttf")
        _impostor(folder / "ImpostorSansExpanded.ttf", full_name="DejaVu Sans Expanded", width_class=7)
        _impostor(folder / "ImpostorSansSemiBold.ttf", weight=600)
    return dict(machine_env(), HOME=str(home), XDG_DATA_HOME=str(home / ".local" / "share"),
                XDG_CONFIG_HOME=str(home / ".config"), XDG_CACHE_HOME=str(home / ".cache"),
                MPLCONFIGDIR=str(root / "mplconfig"))


def _python(code: str, *args: str, env: dict[str, str], timeout: int = 300) -> str:
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def embedded_fonts(pdf: Path) -> dict[str, TTFont]:
    """Every font program embedded in the PDF, by its PDF name (``/ABCDEF+DejaVu-Sans``)."""
    reader = PdfReader(pdf)
    found = {}
    for num in range(1, int(reader.trailer["/Size"])):
        obj = reader.get_object(num)
        if isinstance(obj, dict) and obj.get("/Type") == "/FontDescriptor":
            assert "/FontFile2" in obj, f"{obj.get('/FontName')} is not an embedded TrueType font"
            found[str(obj["/FontName"])] = TTFont(io.BytesIO(obj["/FontFile2"].get_object().get_data()))
    return found


def _differing_letters(subset: TTFont, package: TTFont) -> str:
    """The letters whose outline or advance in the embedded subset is not the package font's."""
    def shape(font: TTFont, glyph: str):
        return font["hmtx"][glyph][0], list(font["glyf"][glyph].getCoordinates(font["glyf"])[0])

    sub_cmap, pkg_cmap = subset.getBestCmap(), package.getBestCmap()
    assert sub_cmap, "the embedded font has no character map to compare"
    return "".join(chr(c) for c, glyph in sorted(sub_cmap.items())
                   if c not in pkg_cmap or shape(subset, glyph) != shape(package, pkg_cmap[c]))


def assert_only_package_fonts(pdf: Path) -> None:
    package = {}
    for path in fonts.font_files():
        font = TTFont(path)
        package[(font["name"].getDebugName(4), font["name"].getDebugName(5))] = font
    embedded = embedded_fonts(pdf)
    assert embedded, f"{pdf} embeds no font"
    for pdf_name, font in embedded.items():
        key = (font["name"].getDebugName(4), font["name"].getDebugName(5))
        assert key in package, f"{pdf.name} embeds {pdf_name} {key}, which is none of {sorted(package)}"
        differ = _differing_letters(font, package[key])
        assert not differ, f"{pdf.name}: in {pdf_name}, {differ!r} are unlike {key} of the package"


# A page with what the report prints: its letters in regular, bold, italic and code, families the fonts do not
# have (the CSS's fallbacks), a letter no DejaVu font has, and a chart's SVG text (WeasyPrint draws it with Pango).
_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="5" y="20" style="font-size: 10px; '
        'font-family: \'DejaVu Sans\', \'Noto Sans\', Arial, sans-serif">Verletzte – Almaty ŋ ı ğ</text></svg>')
PAGE = (
    "<html><head><title>Fonts</title><style>html { font-family: 'DejaVu Sans', 'Noto Sans', Arial, sans-serif }"
    " code { font-family: 'DejaVu Sans Mono', monospace }</style></head><body>"
    f"<h1>Schriften {REPORT_LETTERS}</h1>"
    "<p>Mehr als 200 Tote „laut Behörden“ – Taldyqorğan, Qonayev, Žanaözen.</p>"
    f"<p><b>fett {REPORT_LETTERS}</b> <i>kursiv {REPORT_LETTERS}</i> <code>claims.csv {REPORT_LETTERS}</code></p>"
    "<p style='font-family: Arial'>Arial</p><p style='font-family: serif'>serif</p><p>漢 (in no DejaVu font)</p>"
    "<img src='data:image/svg+xml;base64,{svg}' alt='chart'></body></html>"
)

WRITE_PDF = """
import base64, sys
from pathlib import Path
from kzreport.build.render import write_pdf
page = sys.argv[1].replace("{svg}", base64.b64encode(sys.argv[2].encode()).decode())
write_pdf(page, Path(sys.argv[3]))
if len(sys.argv) > 4:  # the same page as WeasyPrint renders it with the machine's fonts
    from weasyprint import HTML
    HTML(string=page).write_pdf(sys.argv[4], pdf_identifier=b"kzreport")
"""


def test_the_report_fonts_are_dejavu_files_of_the_matplotlib_package_with_their_licence():
    import matplotlib

    assert Path(matplotlib.get_data_path()) / "fonts" / "ttf" == fonts.FONT_DIR
    files = fonts.font_files()
    assert len(files) == len(set(files)) == 12 and all(p.parent == fonts.FONT_DIR for p in files)
    for family, names in fonts.FAMILIES.items():
        for name in names:
            assert TTFont(fonts.FONT_DIR / name)["name"].getDebugName(1) == family, name
    assert "Bitstream Vera" in fonts.LICENSE.read_text(encoding="utf-8")
    assert set(fonts.GENERIC.values()) == set(fonts.FAMILIES)


def test_every_letter_the_report_prints_is_in_each_text_font():
    for name in fonts.FAMILIES[fonts.SANS] + fonts.FAMILIES[fonts.MONO]:
        cmap = TTFont(fonts.FONT_DIR / name).getBestCmap()
        assert [c for c in REPORT_LETTERS if ord(c) not in cmap] == [], name


def test_the_fontconfig_configuration_has_no_font_folder_and_includes_nothing(tmp_path):
    root = ET.fromstring(fonts.fontconfig_conf(tmp_path / "cache").split("\n", 2)[2])
    assert root.tag == "fontconfig"
    assert not root.findall(".//dir") and not root.findall(".//include") and not root.findall(".//remote")
    assert [c.text for c in root.findall("cachedir")] == [str(tmp_path / "cache")]
    prefer = {a.findtext("family"): a.findtext("prefer/family") for a in root.findall("alias")}
    assert prefer == fonts.GENERIC


def test_weasyprints_configuration_holds_exactly_the_report_fonts_and_the_environment_is_left_alone(monkeypatch):
    from weasyprint.text.ffi import ffi, fontconfig

    monkeypatch.setenv("FONTCONFIG_FILE", "/nonexistent/fonts.conf")
    config = fonts.weasyprint_font_config()._config
    assert os.environ["FONTCONFIG_FILE"] == "/nonexistent/fonts.conf"
    system = fontconfig.FcConfigGetFonts(config, fontconfig.FcSetSystem)
    assert system == ffi.NULL or system.nfont == 0
    app = fontconfig.FcConfigGetFonts(config, fontconfig.FcSetApplication)
    listed, string = [], ffi.new("FcChar8 **")
    for i in range(app.nfont):
        assert fontconfig.FcPatternGetString(app.fonts[i], b"file", 0, string) == fontconfig.FcResultMatch
        listed.append(Path(os.fsdecode(ffi.string(string[0]))))
    assert listed == fonts.font_files()


def test_the_pdf_embeds_only_the_package_fonts_and_the_same_bytes_with_an_impostor_installed(tmp_path):
    plain, with_impostor, uncontrolled = tmp_path / "plain.pdf", tmp_path / "impostor.pdf", tmp_path / "system.pdf"
    _python(WRITE_PDF, PAGE, _SVG, str(plain), env=machine_env())
    _python(WRITE_PDF, PAGE, _SVG, str(with_impostor), str(uncontrolled), env=impostor_env(tmp_path))
    # The impostor is really there: WeasyPrint on its own, with the machine's fonts, embeds it.
    versions = {f["name"].getDebugName(5) for f in embedded_fonts(uncontrolled).values()}
    assert IMPOSTOR_VERSION in versions, f"the impostor was not installed: the PDF embeds {versions}"
    assert_only_package_fonts(plain)
    assert_only_package_fonts(with_impostor)
    assert sha(with_impostor) == sha(plain)


MATPLOTLIB_CHOICES = """
import json, os
from matplotlib import font_manager
from matplotlib.font_manager import FontProperties, fontManager
from kzreport.report import style

requests = {"regular": {}, "bold": {"weight": "bold"}, "oblique": {"style": "oblique"},
            "semibold": {"weight": "semibold"}, "expanded": {"stretch": "expanded"}}
def choices():
    return {k: str(font_manager.findfont(FontProperties(family="DejaVu Sans", **v))) for k, v in requests.items()}
before = choices()
style.apply()
print(json.dumps({"listed": sorted({f.fname for f in fontManager.ttflist}), "before": before, "after": choices(),
                  "sans_serif": str(font_manager.findfont(FontProperties(family=["sans-serif"]))),
                  "arial": str(font_manager.findfont(FontProperties(family=["Arial"])))}))
"""


def test_matplotlib_chooses_only_its_bundled_fonts_with_an_impostor_installed(tmp_path):
    env = impostor_env(tmp_path)
    out = json.loads(_python(MATPLOTLIB_CHOICES, env=env).splitlines()[-1])
    impostors = [f for f in out["listed"] if "Impostor" in f]
    assert impostors, "matplotlib's font list does not have the impostor: the test would prove nothing"
    # Without the report's style, a request the bundled files cannot meet takes the impostor.
    assert "Impostor" in out["before"]["expanded"] and "Impostor" in out["before"]["semibold"], out["before"]
    after = {k: Path(v) for k, v in out["after"].items()}
    assert {k: v.name for k, v in after.items()} == {
        "regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf", "oblique": "DejaVuSans-Oblique.ttf",
        "semibold": "DejaVuSans-Bold.ttf", "expanded": "DejaVuSans.ttf"}
    assert all(p.parent == fonts.FONT_DIR for p in after.values()), after
    assert Path(out["sans_serif"]) == Path(out["arial"]) == fonts.FONT_DIR / "DejaVuSans.ttf"


# A chapter with a chart that prints text through the report's style and save_figure, and prose the PDF sets.
CHART_CHAPTER = """
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML
from kzreport.report import figures, style

style.apply()
data = pd.DataFrame({"place": ["Almaty", "Taldyqorğan", "Žanaözen (ŋ, ı)"], "killed": [139, 12, 3]})
fig, ax = plt.subplots(figsize=(5, 2))
ax.barh(data.place, data.killed, color=style.OKABE_ITO["blue"])
ax.set_title("Getötete „laut Behörden“ – Überblick", loc="left", fontweight="bold")
ax.set_xlabel("Tote (Anzahl)")
# Beside the axes, so its width sets the figure's tight bounds; a stretch the bundled files do not have.
ax.annotate("breit: Straße", (1, 0.5), xycoords="axes fraction", xytext=(4, 0), textcoords="offset points",
            fontstretch="expanded")
saved = figures.save_figure(fig, name="03-1-fonts", number="3.1", caption="Getötete nach Ort.",
                            alt="Three bars, Almaty longest.", source="Source: test.", data=data,
                            folder=figures.figures_dir(figures_dir))
HTML(saved.html + "<p>Grüße aus Qonayev: <b>fett</b>, <i>kursiv</i>, <code>claims.csv</code>, ŋ ı ğ ş.</p>")
"""

BUILD = """
import json, sys
from pathlib import Path
from kzreport.build import BuildOptions, build
build(BuildOptions(**{k: Path(v) for k, v in json.loads(sys.argv[1]).items()}), lambda msg: None)
"""


@pytest.mark.slow
def test_a_build_with_an_impostor_font_installed_is_byte_identical(project, tmp_path):
    write_chapter(project["nbs"] / "03-chart.ipynb", "Chart", CHART_CHAPTER)
    outs = {}
    for run, env in (("plain", machine_env()), ("impostor", impostor_env(tmp_path / "user"))):
        out = tmp_path / run
        opts = {"data_dir": project["data"], "out_dir": out, "params_file": project["root"] / "params.yaml",
                "notebooks_dir": project["nbs"], "cache_dir": tmp_path / f"cache-{run}", "figures_dir": out / "figures"}
        _python(BUILD, json.dumps({k: str(v) for k, v in opts.items()}), env=env, timeout=600)
        outs[run] = out
    plain, impostor = outs["plain"], outs["impostor"]
    figures = sorted(p.name for p in (plain / "figures").iterdir() if p.is_file())
    assert "03-1-fonts.svg" in figures and "03-1-fonts.png" in figures
    assert {n: sha(impostor / "figures" / n) for n in figures} == {n: sha(plain / "figures" / n) for n in figures}
    assert sha(plain / "report.html") == sha(impostor / "report.html")
    assert sha(plain / "report.pdf") == sha(impostor / "report.pdf")
    assert_only_package_fonts(impostor / "report.pdf")
