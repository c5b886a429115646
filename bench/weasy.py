"""The benchmark's yardstick: WeasyPrint on the report's HTML, with the report's own fonts and no other.

WeasyPrint typeset report.pdf until issue 15; the build now uses Typst (kzreport.build.typeset). WeasyPrint is kept
only here, in the ``bench`` extra (``make bench`` installs it), so that bench_pdf.py and bench_build.py can measure the
PDF step against it on the same report. The fonts are held to the same files as the build's (kzreport.report.fonts),
through a fontconfig configuration with no font folder, so the comparison is of typesetters, not of font lookups.
"""

from __future__ import annotations

import os
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from xml.sax.saxutils import escape

from kzreport.report.fonts import GENERIC, font_files


def missing() -> str | None:
    """Why WeasyPrint cannot run here (None when it can)."""
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        return "WeasyPrint is not installed: it is the benchmark's yardstick only; run `make bench` (installs the bench extra)"
    return None


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


def write_pdf(page: str, target: Path) -> None:
    """Render the report HTML to an A4 PDF with WeasyPrint (metadata from the HTML head), as the build did before
    issue 15. Text is set only in the report's own fonts, never in fonts the machine has.
    """
    import logging

    from weasyprint import HTML

    # WeasyPrint logs every CSS property it ignores; the report CSS also serves browsers.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    # No base URL: a relative link (the evidence-checks page, the data files) stays relative in the PDF, beside which
    # those files are published, instead of becoming a file:// path of this machine's staging folder. Images are
    # data: URIs and fonts absolute paths, so nothing needs resolving.
    HTML(string=page, base_url=None).write_pdf(
        target, font_config=weasyprint_font_config(), pdf_identifier=b"kzreport", uncompressed_pdf=False
    )
