"""End to end: build the report into a temporary folder and read what a reader gets."""

import html
import re
from pathlib import Path

import nbformat
import pytest
from pypdf import PdfReader

from kzreport import config
from kzreport.build.params import load_params_file
from kzreport.build.render import ReportMeta

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _title() -> str:
    return ReportMeta.from_params(load_params_file(config.PARAMS_FILE)["report"]).title


def _notebook_headings() -> list[str]:
    """Every markdown heading (#, ##) written in the committed notebooks."""
    found = []
    for path in sorted(config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                found += [m.group(1).strip() for m in re.finditer(r"^#{1,2} (.+)$", cell.source, re.M)]
    assert found, "the notebooks have no headings"
    return found


def _pdf_text(pdf: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(pdf).pages]


def test_build_writes_html_pdf_and_executed_notebooks(built_report):
    out = built_report["out"]
    assert (out / "report.html").stat().st_size > 1000
    assert (out / "report.pdf").read_bytes().startswith(b"%PDF")
    executed = sorted(p.relative_to(out / "notebooks").as_posix() for p in (out / "notebooks").rglob("*.ipynb"))
    assert executed == sorted(p.relative_to(config.NOTEBOOKS_DIR).as_posix() for p in
                              [*config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"), *config.NOTEBOOKS_DIR.glob("companion/*.ipynb")])
    nb = nbformat.read(out / "notebooks" / executed[0], as_version=4)
    assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), "executed notebook has no outputs"
    assert not list(out.glob(".staging-*")), "staging folder left behind"


def test_build_writes_processed_tables_into_the_data_folder(built_report):
    assert (built_report["data"] / "processed" / "sources.csv").is_file()


def test_build_reports_progress_per_notebook(built_report):
    err = built_report["proc"].stderr
    for nb in [*config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"), *config.NOTEBOOKS_DIR.glob("companion/*.ipynb")]:
        assert re.search(rf"{re.escape(nb.name)} in \d+\.\d s", err), err


def test_html_has_title_headings_toc_and_no_code(built_report):
    page = (built_report["out"] / "report.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title and html.unescape(title.group(1)) == _title()
    for heading in _notebook_headings():
        assert heading in page
    toc = re.search(r'<nav[^>]*class="toc"[^>]*>(.*?)</nav>', page, re.S).group(1)
    main = page.split("<main", 1)[1]  # the front matter (summary) comes before the contents by design
    for anchor in re.findall(r'<h[123] id="([^"]+)"', main):
        assert f'href="#{anchor}"' in toc, f"heading {anchor} missing from the table of contents"
    assert "import " not in page and "paths_for" not in page, "code leaked into the report"


def test_html_fetches_nothing_from_the_network(built_report):
    page = (built_report["out"] / "report.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, re.S | re.I)
    assert len(scripts) == 1 and scripts[0][0].strip() == "", "one inline script, the popovers' (no src)"
    assert len(scripts[0][1].encode("utf-8")) <= 5000, "the inline script is meant to stay small"
    assert not re.search(r"fetch\(|XMLHttpRequest|import\(|\.src\s*=", scripts[0][1]), "the script requests nothing"
    assert not re.search(r'<link[^>]+href="(https?:)?//', page)
    assert not re.search(r'(src|href)="(https?:)?//[^"]+"[^>]*>', page.split("<main")[0])
    assert "@import" not in page and "url(http" not in page


def test_html_opens_offline_in_chromium(built_report):
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is needed (apt-get install chromium; .ci/run does)"
    html = built_report["out"] / "report.html"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        requests, errors = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(html.as_uri(), wait_until="load")
        title = page.title()
        headings = page.locator("main h1").all_inner_texts()
        browser.close()
    external = [u for u in requests if not u.startswith(("file:", "data:"))]
    assert external == [], f"the report fetched {external}"
    assert errors == []
    assert title == _title()
    assert headings, "no chapter heading rendered"


def test_pdf_is_a4_with_title_headings_page_numbers_and_running_header(built_report):
    pdf = built_report["out"] / "report.pdf"
    reader = PdfReader(pdf)
    n = len(reader.pages)
    for page in reader.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(w - 595.28) < 1 and abs(h - 841.89) < 1, f"page is {w}x{h} pt, not A4"
    texts = _pdf_text(pdf)
    full = "\n".join(texts)
    flat = re.sub(r"\s+", " ", full)
    assert _title() in flat
    for heading in _notebook_headings():
        assert heading in flat, f"heading {heading!r} not in the PDF"
    for i, text in enumerate(texts[1:], start=2):
        assert f"Page {i} of {n}" in text, f"page {i} has no page number"
        assert _title() in re.sub(r"\s+", " ", text), f"page {i} has no running header"
    assert reader.metadata.title == _title()


def test_build_keeps_hand_made_files_in_the_figures_folder(built_report):
    from conftest import HAND_MADE_FIGURES

    figures = built_report["out"] / "figures"  # the shared build's out/figures held these files before it ran
    assert {name: (figures / name).read_text(encoding="utf-8") for name in HAND_MADE_FIGURES} == HAND_MADE_FIGURES
    # A figure file the build did not write is never removed, even one that looks like a figure
    # (figures the build wrote and no longer makes are removed: test_build_safety).
    assert list(figures.glob("*.svg")) != [figures / "stale-figure.svg"], "the build wrote no figure"
    manifest = (figures / ".kzreport" / "manifest.json").read_text(encoding="utf-8")
    assert all(f'"{name}"' not in manifest for name in HAND_MADE_FIGURES), "the build claims a hand-made file"


EARLIEST = re.compile(r"earliest official (?:death )?toll in these")  # Key findings and the toll chapter


# The chapters that print the earliest official toll, the companion that writes the processed tables and the
# appendices that hold the claim rows their numbers link to: the rest of the report does not print the toll.
TOLL_NOTEBOOKS = ("00-findings.ipynb", "02-toll.ipynb", "07-appendices.ipynb", "companion/evidence-checks.ipynb")


def test_changing_a_value_in_raw_claims_changes_the_report_text(built_report, tmp_path):
    """Prose is computed: the health ministry's toll of 9 January, read as 103 instead of 164 (built with the chapters
    that print it, compared with the shared build of the whole report)."""
    import shutil

    import yaml

    from conftest import copy_data, run_cli

    data = copy_data(tmp_path / "data")
    claims = data / "raw" / "claims.csv"
    text = claims.read_text(encoding="utf-8")
    row = next(ln for ln in text.splitlines() if ln.startswith("taz_2022-c003,"))
    changed = row.replace(",killed,164,people,", ",killed,103,people,", 1)
    assert changed != row
    claims.write_text(text.replace(row, changed), encoding="utf-8")
    nbs = tmp_path / "notebooks"
    for name in TOLL_NOTEBOOKS:
        (nbs / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(config.NOTEBOOKS_DIR / name, nbs / name)
    params = yaml.safe_load(config.PARAMS_FILE.read_text(encoding="utf-8"))
    (tmp_path / "params.yaml").write_text(yaml.safe_dump({"report": params["report"], "notebooks": {}}), encoding="utf-8")
    proc = run_cli("build", "--data", str(data), "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache"),
                   "--notebooks", str(nbs), "--params", str(tmp_path / "params.yaml"))
    assert proc.returncode == 0, proc.stderr[-3000:]

    def sentences(path):
        plain = html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))
        return [s for s in re.split(r"(?<=[.;])\s+", re.sub(r"\s+", " ", plain)) if EARLIEST.search(s) and re.search(r"\d{3}", s)]

    before, after = sentences(built_report["out"] / "report.html"), sentences(tmp_path / "out" / "report.html")
    assert before != after
    assert before and all(re.search(r"\b164\b", s) for s in before)
    assert after and not any(re.search(r"\b164\b", s) for s in after)
    assert all(re.search(r"\b103\b", s) for s in after)
    assert len(after) == len(before), "the chapters built here do not print the toll wherever the whole report does"
