"""The report's fonts: DejaVu Sans, Sans Mono and Serif as shipped inside the matplotlib package, with their licence.

Every program that draws the report's text uses these files and no font the machine happens to have, so
the same inputs give the same bytes on any machine:

- charts (matplotlib, in the notebook kernels): :func:`use_in_matplotlib`, called by ``style.apply()``;
- the PDF (Typst, with the machine's fonts ignored and only :data:`FONT_DIR` given):
  :func:`font_files` and :data:`FONT_DIR`, used by ``build.typeset.compile_pdf``. Code is set in the copy of
  DejaVu Sans Mono compiled into the typst wheel (2.37, pinned with it), which Typst prefers to a same-named file;
- the benchmark's yardstick (WeasyPrint, in ``bench/weasy.py``): the same files through fontconfig.

The files are matplotlib's package data (``matplotlib/mpl-data/fonts/ttf/``), pinned with matplotlib in
requirements.lock; their licence (Bitstream Vera and Arev fonts licence, DejaVu changes in the public
domain) is :data:`LICENSE`, next to them. Nothing is downloaded and no system package is needed.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path


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
