"""The report's fonts: DejaVu Sans, Sans Mono and Serif as shipped inside the matplotlib package, with their licence.

Every program that draws the report's text uses these files and no font the machine happens to have, so
the same inputs give the same bytes on any machine:

- charts (matplotlib, in the notebook kernels): :func:`use_in_matplotlib`, called by ``style.apply()``;
- the PDF (WeasyPrint, through Pango and fontconfig): :func:`weasyprint_font_config`, passed by
  ``render.write_pdf``;
- any later renderer that takes explicit font files (Typst: ``--ignore-system-fonts`` with
  ``--font-path``): :func:`font_files` and :data:`FONT_DIR`.

The files are matplotlib's package data (``matplotlib/mpl-data/fonts/ttf/``), pinned with matplotlib in
requirements.lock; their licence (Bitstream Vera and Arev fonts licence, DejaVu changes in the public
domain) is :data:`LICENSE`, next to them. Nothing is downloaded and no system package is needed.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from xml.sax.saxutils import escape


def _matplotlib_fonts() -> Path:
    # matplotlib.get_data_path() is this folder; found without importing matplotlib (0.3 s) in the build process.
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("kzreport's fonts come from the matplotlib package, which is not installed")
    return Path(spec.submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf"


FONT_DIR: Path = _matplotlib_fonts()
LICENSE: Path = FONT_DIR / "LICENSE_DEJAVU"

SANS = "DejaVu Sans"  # the report's text and charts; covers ä ö ü ß „ “ – and ŋ ı ğ ş
MONO = "DejaVu Sans Mono"  # code and file names
SERIF = "DejaVu Serif"  # not used by the report's CSS; there so that a generic 'serif' stays among these files
# Family -> its files: regular, bold, italic (oblique), bold italic.
FAMILIES: dict[str, tuple[str, ...]] = {
    SANS: ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"),
    MONO: ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf", "DejaVuSansMono-Oblique.ttf",
           "DejaVuSansMono-BoldOblique.ttf"),
    SERIF: ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf"),
}
# CSS generic families and what they mean in the report; any other family name falls back to sans-serif.
GENERIC = {"sans-serif": SANS, "serif": SERIF, "monospace": MONO}


def font_files() -> list[Path]:
    """Every font file the report may use, in a fixed order; raises if the matplotlib package lacks one."""
    files = [FONT_DIR / name for names in FAMILIES.values() for name in names]
    missing = [p.name for p in files + [LICENSE] if not p.is_file()]
    if missing:
        raise RuntimeError(f"{FONT_DIR} lacks {', '.join(missing)}: is matplotlib installed completely?")
    return files


def use_in_matplotlib() -> None:
    """Make matplotlib in this process choose fonts only from its own package data, never from the system.

    ``MPL_IGNORE_SYSTEM_FONTS`` (matplotlib 3.11) is read on every ``findfont`` call: set, it limits the
    search to matplotlib's own font folder, whatever the font cache (built before this call, or by another
    process) lists. So "DejaVu Sans" is always the bundled file, also for weights or stretches that only a
    system copy has, and a family matplotlib does not ship falls back to the bundled DejaVu Sans.
    """
    os.environ["MPL_IGNORE_SYSTEM_FONTS"] = "1"


def fontconfig_conf(cache_dir: Path) -> str:
    """A fontconfig configuration with no font directory and no include: no system or user font is seen.

    The report's files are then added by path (see :func:`weasyprint_font_config`). Generic families map to
    :data:`GENERIC`; a family the configuration does not have (Arial, Noto Sans, …) falls back to sans-serif,
    as the system's 49-sansserif.conf does.
    """
    aliases = "".join(
        f"  <alias binding=\"same\"><family>{generic}</family>"
        f"<prefer><family>{escape(family)}</family></prefer></alias>\n"
        for generic, family in GENERIC.items())
    generic_tests = "".join(
        f"    <test qual=\"all\" name=\"family\" compare=\"not_eq\"><string>{generic}</string></test>\n"
        for generic in GENERIC)
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        "  <!-- kzreport: only the report's own fonts (kzreport.report.fonts); no <dir>, no <include>. -->\n"
        f"  <cachedir>{escape(str(cache_dir))}</cachedir>\n"
        "  <match target=\"pattern\">\n" + generic_tests +
        "    <edit name=\"family\" mode=\"append_last\"><string>sans-serif</string></edit>\n  </match>\n"
        + aliases + "</fontconfig>\n"
    )


# os.environ is process-wide: one configuration is made at a time (the environment is restored right after).
_FONTCONFIG_LOCK = threading.Lock()


def _set_environ(values: dict[str, str | None]) -> None:
    for k, v in values.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@contextmanager
def _environ(**values: str | None):
    """Set (a value) or unset (None) environment variables for the duration of the block."""
    before = {k: os.environ.get(k) for k in values}
    _set_environ(values)
    try:
        yield
    finally:
        _set_environ(before)


def weasyprint_font_config():
    """A WeasyPrint ``FontConfiguration`` that holds exactly :func:`font_files` and nothing else.

    WeasyPrint makes its fontconfig configuration with ``FcInitLoadConfigAndFonts()`` in
    ``FontConfiguration()``, and fontconfig reads ``FONTCONFIG_FILE`` on each such call: pointed at
    :func:`fontconfig_conf`, the configuration lists no font at all. The report's files are then added by
    path as application fonts, the call WeasyPrint itself uses for ``@font-face``. A configuration that
    fontconfig could not read would fall back to the system's fonts: that raises instead.
    """
    from weasyprint.text.ffi import ffi, fontconfig, pangoft2
    from weasyprint.text.fonts import FontConfiguration

    files = font_files()
    with tempfile.TemporaryDirectory(prefix="kzreport-fontconfig-") as tmp:
        conf = Path(tmp) / "fonts.conf"
        conf.write_text(fontconfig_conf(Path(tmp) / "cache"), encoding="utf-8")
        with _FONTCONFIG_LOCK, _environ(FONTCONFIG_FILE=str(conf), FONTCONFIG_SYSROOT=None):
            font_config = FontConfiguration()
    config = font_config._config  # the FcConfig WeasyPrint gave its Pango font map (Pango holds a reference)
    system = fontconfig.FcConfigGetFonts(config, fontconfig.FcSetSystem)
    if system != ffi.NULL and system.nfont:
        raise RuntimeError(f"fontconfig ignored kzreport's configuration and listed {system.nfont} system font(s)")
    for path in files:
        if not fontconfig.FcConfigAppFontAddFile(config, os.fsencode(path)):
            raise RuntimeError(f"fontconfig cannot read {path}")
    pangoft2.pango_fc_font_map_config_changed(ffi.cast("PangoFcFontMap *", font_config.font_map))
    return font_config
