"""The report's fonts are the package's own: the same bytes whatever other fonts the machine has.

An impostor is a font named "DejaVu Sans" whose glyphs are DejaVu Serif's, installed where fontconfig, Typst and
matplotlib look for a user's fonts. Without kzreport.fonts it wins: fontconfig prefers its higher version,
matplotlib takes it for an expanded or semibold request the bundled files cannot meet.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
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


def embedded_fonts(pdf: Path, truetype_only: bool = True) -> dict[str, TTFont]:
    """Every font program embedded in the PDF, by its PDF name (``/ABCDEF+DejaVu-Sans``); one that is not TrueType
    fails, or with ``truetype_only=False`` is left out (Typst's own CFF fonts, which only an uncontrolled run uses)."""
    reader = PdfReader(pdf)
    found = {}
    for num in range(1, int(reader.trailer["/Size"])):
        obj = reader.get_object(num)
        if isinstance(obj, dict) and obj.get("/Type") == "/FontDescriptor":
            if "/FontFile2" not in obj and not truetype_only:
                continue
            assert "/FontFile2" in obj, f"{obj.get('/FontName')} is not an embedded TrueType font"
            found[str(obj["/FontName"])] = TTFont(io.BytesIO(obj["/FontFile2"].get_object().get_data()))
    return found


def _differing_letters(subset: TTFont, package: TTFont) -> str:
    """The glyphs of the embedded subset whose outline and advance are none of the package font's (Typst keeps no
    character map in its subsets, so each glyph is looked up by its shape)."""
    def shape(font: TTFont, glyph: str):
        return font["hmtx"][glyph][0], tuple(font["glyf"][glyph].getCoordinates(font["glyf"])[0])

    known = {shape(package, g) for g in package.getGlyphOrder()}
    drawn = [g for g in subset.getGlyphOrder() if subset["glyf"][g].numberOfContours]
    assert drawn, "the embedded font draws no glyph to compare"
    return " ".join(g for g in drawn if shape(subset, g) not in known)


# Typst prefers the copy of DejaVu Sans Mono compiled into the typst wheel (pinned in requirements.lock) to the one
# given by path: code in the PDF is set in it. Its glyphs cannot be read from the wheel, so it is known by version.
TYPST_OWN = {("DejaVu Sans Mono", "Version 2.37"), ("DejaVu Sans Mono Bold", "Version 2.37"),
             ("DejaVu Sans Mono Oblique", "Version 2.37"), ("DejaVu Sans Mono Bold Oblique", "Version 2.37")}


def assert_only_package_fonts(pdf: Path) -> None:
    package = {}
    for path in fonts.font_files():
        font = TTFont(path)
        package[(font["name"].getDebugName(4), font["name"].getDebugName(5))] = font
    embedded = embedded_fonts(pdf)
    assert embedded, f"{pdf} embeds no font"
    for pdf_name, font in embedded.items():
        key = (font["name"].getDebugName(4), font["name"].getDebugName(5))
        if key in TYPST_OWN:
            continue
        assert key in package, f"{pdf.name} embeds {pdf_name} {key}, which is none of {sorted(package)}"
        differ = _differing_letters(font, package[key])
        assert not differ, f"{pdf.name}: in {pdf_name}, {differ!r} are unlike {key} of the package"


# A page with what the report prints: its letters in regular, bold, italic and code, a weight and a width only an impostor has, and a chart's SVG text (Typst draws it with the fonts it was given).
_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="5" y="20" style="font-size: 10px; '
        'font-family: \'DejaVu Sans\', \'Noto Sans\', Arial, sans-serif">Verletzte – Almaty ŋ ı ğ</text></svg>')
PAGE = (
    '#set document(date: none)\n#set text(font: ("DejaVu Sans",))\n#show raw: set text(font: "DejaVu Sans Mono")\n'
    f"= Schriften {REPORT_LETTERS}\n\n"
    "Mehr als 200 Tote „laut Behörden“ – Taldyqorğan, Qonayev, Žanaözen.\n\n"
    f"*fett {REPORT_LETTERS}* _kursiv {REPORT_LETTERS}_ `claims.csv {REPORT_LETTERS}`\n\n"
    f'#text(weight: "semibold")[halbfett {REPORT_LETTERS}] #text(stretch: 125%)[breit]\n\n'
    '#text(font: "DejaVu Serif")[serif]\n\n'
    '#image(bytes(sys.inputs.svg), format: "svg", alt: "chart")\n'
)

WRITE_PDF = """
import sys
from pathlib import Path
import typst
from kzreport.build.typeset import compile_pdf, string
page = sys.argv[1].replace("sys.inputs.svg", string(sys.argv[2]))
compile_pdf(page, Path(sys.argv[3]))
if len(sys.argv) > 4:  # the same page as Typst sets it with the machine's fonts and the user's first
    main = Path(sys.argv[4]).with_suffix(".typ")
    main.write_text(page, encoding="utf-8")
    user = [str(Path.home() / ".fonts"), str(Path.home() / ".local" / "share" / "fonts")]
    Path(sys.argv[4]).write_bytes(typst.compile(str(main), font_paths=user))
"""


def test_the_pdf_embeds_only_the_package_fonts_and_the_same_bytes_with_an_impostor_installed(tmp_path):
    plain, with_impostor, uncontrolled = tmp_path / "plain.pdf", tmp_path / "impostor.pdf", tmp_path / "system.pdf"
    _python(WRITE_PDF, PAGE, _SVG, str(plain), env=machine_env())
    _python(WRITE_PDF, PAGE, _SVG, str(with_impostor), str(uncontrolled), env=impostor_env(tmp_path))
    # The impostor is really there: Typst on its own, with the machine's fonts, embeds it.
    versions = {f["name"].getDebugName(5) for f in embedded_fonts(uncontrolled, truetype_only=False).values()}
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
