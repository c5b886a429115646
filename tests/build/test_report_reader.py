"""The report as its readers get it: the HTML in a real Chromium, the PDF page by page."""

from __future__ import annotations

import csv
import hashlib
import html as htmllib
import re
from pathlib import Path

import nbformat
import pytest
import yaml
from pypdf import PdfReader

from conftest import copy_data, outline_titles, run_cli
from kzreport import config

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _chapter_titles(front: bool = True) -> list[str]:
    """The H1 of every notebook (front matter such as the summary only if ``front``)."""
    titles = []
    for path in sorted(config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if not front and nb.metadata.get("kzreport", {}).get("placement") == "front":
            continue
        for cell in nb.cells:
            m = re.search(r"^# (.+)$", cell.source, re.M) if cell.cell_type == "markdown" else None
            if m:
                titles.append(m.group(1).strip())
                break
    return titles


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is needed (apt-get install chromium; .ci/run does)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _open(browser, html: Path, width: int = 1200, height: int = 900):
    page = browser.new_page(viewport={"width": width, "height": height})
    log = {"requests": [], "failed": [], "errors": []}
    page.on("request", lambda r: log["requests"].append(r.url))
    page.on("requestfailed", lambda r: log["failed"].append(r.url))
    page.on("console", lambda m: log["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log["errors"].append(str(e)))
    page.goto(html.as_uri(), wait_until="load")
    return page, log


# ---------------------------------------------------------------------------------- HTML
def test_html_loads_cleanly_with_every_image(browser, built_report):
    page, log = _open(browser, built_report["out"] / "report.html")
    images = page.evaluate("""() => [...document.images].map(i => ({ok: i.complete && i.naturalWidth > 0, alt: i.alt}))""")
    page.close()
    assert log["errors"] == [] and log["failed"] == []
    assert [u for u in log["requests"] if not u.startswith(("file:", "data:"))] == []
    assert len(images) >= 4, "the chapters' figures are missing"
    assert all(i["ok"] for i in images), "an image did not load"
    assert all(i["alt"].strip() for i in images), "an image has no alt text"


def test_every_toc_link_scrolls_to_its_section(browser, built_report):
    page, _ = _open(browser, built_report["out"] / "report.html")
    links = page.eval_on_selector_all("nav.toc ol a", "els => els.map(e => e.getAttribute('href'))")
    assert len(links) >= len(_chapter_titles())
    for href in links:
        page.evaluate("window.scrollTo(0, 0)")
        page.click(f'nav.toc ol a[href="{href}"]')
        page.wait_for_timeout(50)
        top = page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", href[1:])
        assert abs(top) < 5 or page.evaluate("() => window.innerHeight + window.scrollY >= document.body.scrollHeight - 2"), \
            f"{href}: section top at {top}px after clicking its link"
    page.close()


def test_readable_at_phone_width(browser, built_report):
    page, _ = _open(browser, built_report["out"] / "report.html", width=375, height=740)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    wide_images = page.evaluate("() => [...document.images].filter(i => i.getBoundingClientRect().width > window.innerWidth).length")
    font = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")
    page.close()
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px at phone width"
    assert wide_images == 0
    assert font >= 14


def test_print_stylesheet_applies(browser, built_report):
    page, _ = _open(browser, built_report["out"] / "report.html")
    page.emulate_media(media="print")
    toc_break = page.evaluate("() => getComputedStyle(document.querySelector('nav.toc')).breakAfter")
    link_color = page.evaluate("() => getComputedStyle(document.querySelector('main a, nav.toc a')).color")
    page.close()
    assert toc_break == "page"
    assert link_color in ("rgb(26, 26, 26)", "rgb(0, 0, 0)"), link_color


# ---------------------------------------------------------------------------------- PDF
def test_every_pdf_page_has_content(built_report):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(built_report["out"] / "report.pdf"))
    blank = []
    for i in range(len(pdf)):
        img = pdf[i].render(scale=0.5).to_pil().convert("L")
        w, h = img.size
        body = img.crop((0, int(h * 0.08), w, int(h * 0.92)))  # without running header and page number
        if body.getextrema()[0] > 200:  # no dark pixel at all
            blank.append(i + 1)
    assert blank == [], f"blank page(s): {blank}"


def test_nothing_runs_off_a_pdf_page(built_report):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(built_report["out"] / "report.pdf"))
    off = []
    for i in range(len(pdf)):
        page = pdf[i]
        w, h = page.get_size()
        for obj in page.get_objects(max_depth=1):
            left, bottom, right, top = obj.get_bounds()
            if right > w + 1 or left < -1 or top > h + 1 or bottom < -1:
                off.append((i + 1, obj.type, round(left), round(right)))
    assert off == [], f"objects outside the page (page, type, left, right): {off[:10]}"


def test_pdf_outline_metadata_and_toc_page_numbers(built_report):
    reader = PdfReader(built_report["out"] / "report.pdf")
    titles = _chapter_titles()

    outline = outline_titles(reader)
    for t in titles:
        assert t in outline, f"no PDF bookmark for chapter {t!r}"
    meta = reader.metadata
    params = yaml.safe_load(config.PARAMS_FILE.read_text(encoding="utf-8"))["report"]
    assert meta.title == params["title"] and meta.author == params["author"]
    assert meta.subject == params["subtitle"] and "Kazakhstan" in meta.get("/Keywords", "")
    texts = [p.extract_text() for p in reader.pages]
    start = next(i for i, t in enumerate(texts) if "Contents" in t)
    contents = "\n".join(t for t in texts[start:start + 4] if len(re.findall(r"\.{5,}\s*\d+", t)) >= 5)
    flat = re.sub(r"\s+", " ", contents)
    for t in _chapter_titles(front=False):
        if re.search(re.escape(t[:30]), flat):
            continue
        pytest.fail(f"chapter {t!r} missing from the contents page")
    assert re.search(r"\.{3,}\s*\d+", contents), "the contents page shows no page numbers"


def _chapter_pages(reader) -> list[tuple[str, int]]:
    """(title, first page, 1-based) of each top-level PDF bookmark, in order."""
    return [(it.title, reader.get_destination_page_number(it) + 1) for it in reader.outline if not isinstance(it, list)]


def test_page_budgets_findings_one_page_methods_three_chapters_thirty_whole_seventy(built_report):
    # Issue 14: a one-page Key findings; Methods at most 3 A4 pages; at most 30 pages before the appendices; the whole
    # PDF at most 70 pages on the project's data.
    reader = PdfReader(built_report["out"] / "report.pdf")
    chapters = _chapter_pages(reader)
    titles = [t for t, _ in chapters]
    start = dict(chapters)
    after = {t: chapters[i + 1][1] for i, (t, _) in enumerate(chapters[:-1])}
    findings, methods, appendices = (next(t for t in titles if t.startswith(w)) for w in ("Key findings", "Methods", "Appendices"))
    texts = [p.extract_text() for p in reader.pages]
    # Key findings is one page: the page after it is the contents (front matter), not more findings
    assert "Contents" in texts[start[findings]], f"Key findings runs past page {start[findings]}"
    assert after[methods] - start[methods] <= 3, f"Methods and limitations takes {after[methods] - start[methods]} pages"
    assert start[appendices] - 1 <= 30, f"the report runs to {start[appendices] - 1} pages before the appendices"
    assert len(reader.pages) <= 70, f"the PDF has {len(reader.pages)} pages"


def test_german_characters_survive_and_fonts_are_embedded(built_report):
    reader = PdfReader(built_report["out"] / "report.pdf")
    text = "\n".join(p.extract_text() for p in reader.pages)
    for word in ("Jänner", "für", "Gesundheitsministerium", "Taldıqorğan"):
        assert word in text, f"{word!r} not in the PDF text"
    embedded = set()
    for page in reader.pages:
        for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            desc = font.get_object().get("/FontDescriptor") or (font.get_object().get("/DescendantFonts") or [{}])[0].get_object().get("/FontDescriptor")
            if desc and any(k in desc.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                embedded.add(str(desc.get_object().get("/FontName")))
    assert any("DejaVu" in f for f in embedded), embedded


def test_title_page_names_latest_source_and_build(built_report):
    first = PdfReader(built_report["out"] / "report.pdf").pages[0].extract_text()
    flat = re.sub(r"\s+", " ", first)
    assert "26 April 2024" in flat  # ACCORD's response, the newest document in data/raw/sources.yaml
    assert re.search(r"Build \d+\.\d+\.\d+ · inputs [0-9a-f]{10}", flat), flat


# ---------------------------------------------------------------------------------- rebuilds and escaping
def test_a_second_build_is_byte_identical(built_report, tmp_path):
    proc = run_cli("build", "--data", str(copy_data(tmp_path / "data")), "--out", str(tmp_path / "out"),
                   "--cache", str(tmp_path / "cache"))
    assert proc.returncode == 0, proc.stderr[-3000:]
    for name in ("report.html", "report.pdf"):
        a = hashlib.sha256((built_report["out"] / name).read_bytes()).hexdigest()
        b = hashlib.sha256((tmp_path / "out" / name).read_bytes()).hexdigest()
        assert a == b, f"{name} differs between two builds of the same inputs"


HOSTILE = 'Der Bericht nennt <script>alert("x")</script> und </div></table> sowie 7 Tote & „Sonderzeichen“.'


def test_markup_in_the_data_renders_as_text(tmp_path):
    data = copy_data(tmp_path / "data")
    raw = data / "raw"
    (raw / "sources" / "hostile_2022.txt").write_text(HOSTILE + "\n", encoding="utf-8")
    reg = yaml.safe_load((raw / "sources.yaml").read_text(encoding="utf-8"))
    reg["sources"].append({
        "source_id": "hostile_2022", "producer": "Test <b>Producer</b>", "title": "A </div> title",
        "date_published": "2022-01-10", "url": "https://example.org/", "language": "de", "kind": "media",
        "file": "sources/hostile_2022.txt",
        "sha256": hashlib.sha256((raw / "sources" / "hostile_2022.txt").read_bytes()).hexdigest(),
        "citation_full": "Test <script>citation</script>",
    })
    (raw / "sources.yaml").write_text(yaml.safe_dump(reg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with (raw / "claims.csv").open(encoding="utf-8", newline="") as fh:
        fields = csv.DictReader(fh).fieldnames
    row = {f: "" for f in fields}
    row.update(claim_id="hostile_2022-c001", source_id="hostile_2022", claimant="<i>Someone</i>", claimant_type="media",
               metric="killed", value_text="7", unit="people", location="Almaty", reported_on="2022-01-10",
               period_start="2022-01-02", period_end="2022-01-10", quote=HOSTILE, quote_en="The report names <script> 7 dead.",
               unit_de="Personen <b>")
    with (raw / "claims.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=fields, lineterminator="\n").writerow(row)
    # the claimant's name in each edition's language: German markup must stay text in the German edition too
    with (raw / "curation" / "claimants.csv").open(encoding="utf-8", newline="") as fh:
        cfields = csv.DictReader(fh).fieldnames
    with (raw / "curation" / "claimants.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=cfields, lineterminator="\n").writerow(
            {f: "" for f in cfields} | {"claimant": "<i>Someone</i>", "claimant_de": "<i>Jemand</i>"})
    proc = run_cli("build", "--data", str(data), "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache"))
    assert proc.returncode == 0, proc.stderr[-3000:]
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert page.lower().count("<script") == 1 and '<script>alert("x")' not in page  # only the popovers' own
    assert "<i>Someone</i>" not in page and "&lt;i&gt;Someone&lt;/i&gt;" in page
    assert htmllib.escape('<script>alert("x")</script>', quote=True) in page or "&lt;script&gt;alert(" in page
    text = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(tmp_path / "out" / "report.pdf").pages))
    assert '<script>alert("x")</script>' in text.replace("“", '"').replace("”", '"') or "<script>alert(" in text
    assert "</div></table>" in text
    german = (tmp_path / "out" / "report.de.html").read_text(encoding="utf-8")
    assert german.lower().count("<script") == 1 and "<i>Jemand</i>" not in german and "&lt;i&gt;Jemand&lt;/i&gt;" in german
    assert "Personen <b>" not in german and "Personen &lt;b&gt;" in german


# ---------------------------------------------------------------------------------- the page people share (issue 14)
def test_contents_is_a_fixed_sidebar_when_wide_and_at_the_top_when_narrow(browser, built_report):
    page, _ = _open(browser, built_report["out"] / "report.html", width=1280)
    assert page.evaluate("() => getComputedStyle(document.querySelector('nav.toc')).position") == "fixed"
    box = page.evaluate("() => document.querySelector('nav.toc').getBoundingClientRect().toJSON()")
    main = page.evaluate("() => document.querySelector('main').getBoundingClientRect().left")
    assert box["left"] == 0 and box["right"] <= main, (box, main)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
    assert page.evaluate("() => document.querySelector('nav.toc').getBoundingClientRect().top") == 0  # stays put
    page.close()
    page, _ = _open(browser, built_report["out"] / "report.html", width=390)
    toc = page.evaluate("() => document.querySelector('nav.toc').getBoundingClientRect().top")
    first_text = page.evaluate("() => (document.querySelector('.front') || document.querySelector('main')).getBoundingClientRect().top")
    page.close()
    assert toc < first_text, "at phone width the contents come before the text"


def test_every_heading_has_a_permalink_shown_on_hover(browser, built_report):
    page, _ = _open(browser, built_report["out"] / "report.html", width=1280)
    missing = page.evaluate("""() => [...document.querySelectorAll('main h1, main h2, main h3')]
        .filter(h => !h.id || !h.querySelector(`a.permalink[href="#${h.id}"]`)).map(h => h.textContent)""")
    assert missing == []
    h = page.locator("main h2").first
    link = h.locator("a.permalink")
    assert float(link.evaluate("a => getComputedStyle(a).opacity")) == 0
    h.hover()
    page.wait_for_timeout(50)
    assert float(link.evaluate("a => getComputedStyle(a).opacity")) == 1
    page.close()


def test_how_to_cite_names_title_version_build_and_latest_source(built_report):
    page = (built_report["out"] / "report.html").read_text(encoding="utf-8")
    box = re.search(r'<aside[^>]*id="how-to-cite"[^>]*>(.*?)</aside>', page, re.S).group(1)
    text = htmllib.unescape(re.sub(r"<[^>]+>", "", box))
    params = yaml.safe_load(config.PARAMS_FILE.read_text(encoding="utf-8"))["report"]
    assert params["title"] in text and "26 April 2024" in text
    assert re.search(r"Version \d+\.\d+\.\d+, build [0-9a-f]{10}", text), text
    assert "http" not in text and "www." not in text


def test_open_graph_and_twitter_metadata(built_report):
    page = (built_report["out"] / "report.html").read_text(encoding="utf-8")
    head = page.split("</head>")[0]
    for prop in ("og:title", "og:description", "og:type", "twitter:card", "twitter:title"):
        assert re.search(rf'<meta[^>]+(property|name)="{prop}"[^>]+content="[^"]+"', head) or \
            re.search(rf'<meta[^>]+content="[^"]+"[^>]+(property|name)="{prop}"', head), prop


def test_print_hides_the_sidebar_popovers_and_link_targets(browser, built_report):
    page, _ = _open(browser, built_report["out"] / "report.html", width=1280)
    page.locator('a[href^="#claim-"]').first.focus()
    page.emulate_media(media="print")
    assert page.evaluate("() => getComputedStyle(document.querySelector('nav.toc')).position") == "static"
    assert page.evaluate("() => getComputedStyle(document.getElementById('kz-pop')).display") == "none"
    after = page.evaluate("() => getComputedStyle(document.querySelector('main a[href]'), '::after').content")
    page.close()
    assert after in ("none", "normal", '""'), after


def _claim_link(page, where: str = "main"):
    links = page.locator(f'{where} a[href^="#claim-"]')
    assert links.count() > 0, "no link to a claim"
    return links.first


def test_a_claim_link_shows_its_quote_on_hover_and_focus_and_esc_closes(browser, built_report):
    page, log = _open(browser, built_report["out"] / "report.html", width=1280)
    a = _claim_link(page)
    target = a.get_attribute("href")[1:]
    row = page.locator(f'[id="{target}"]')
    src = row.get_attribute("data-quote-from") or target
    quote = " ".join(page.locator(f'[id="{src}"] .r-quote').inner_text().split())
    claimant = page.locator(f'[id="{target}"] .r-claimant').inner_text().strip()
    a.scroll_into_view_if_needed()
    a.hover()
    pop = page.locator("#kz-pop")
    pop.wait_for(state="visible", timeout=2000)
    text = " ".join(pop.inner_text().split())
    assert quote in text and claimant in text and row.get_attribute("data-doc") in text
    assert pop.get_attribute("role") == "tooltip" and a.get_attribute("aria-describedby") == "kz-pop"
    page.mouse.move(0, 0)
    pop.wait_for(state="detached", timeout=2000)
    a.focus()
    pop.wait_for(state="visible", timeout=2000)
    page.keyboard.press("Escape")
    pop.wait_for(state="detached", timeout=2000)
    page.keyboard.press("Enter")  # Enter follows the link
    page.wait_for_timeout(100)
    assert page.evaluate("() => location.hash") == f"#{target}"
    assert page.evaluate(f"() => Math.abs(document.getElementById('{target}').getBoundingClientRect().top) < 60")
    page.close()
    assert log["errors"] == [] and [u for u in log["requests"] if not u.startswith(("file:", "data:"))] == []


def test_a_tap_shows_the_quote_and_a_second_tap_follows_the_link(browser, built_report):
    ctx = browser.new_context(viewport={"width": 390, "height": 800}, has_touch=True, is_mobile=True)
    page = ctx.new_page()
    page.goto((built_report["out"] / "report.html").as_uri(), wait_until="load")
    a = _claim_link(page)
    target = a.get_attribute("href")[1:]
    a.scroll_into_view_if_needed()
    a.tap()
    page.locator("#kz-pop").wait_for(state="visible", timeout=2000)
    assert page.evaluate("() => location.hash") == ""
    a.tap()
    page.wait_for_timeout(100)
    assert page.evaluate("() => location.hash") == f"#{target}"
    ctx.close()


def test_every_cited_register_row_links_back_to_where_it_is_cited(browser, built_report):
    page, _ = _open(browser, built_report["out"] / "report.html", width=1280)
    cited = page.evaluate("""() => [...new Set([...document.querySelectorAll('a[href^="#claim-"], a[href^="#event-"]')]
        .filter(a => !a.closest('table.register, nav')).map(a => a.getAttribute('href').slice(1)))]""")
    rows = page.evaluate("""ids => ids.filter(id => { const r = document.getElementById(id); return r && r.tagName === 'TR'; })
        .map(id => [id, [...document.getElementById(id).querySelectorAll('a.r-cited')].map(a => a.getAttribute('href'))])""", cited)
    assert rows, "no register row is cited"
    assert all(back for _, back in rows), [r for r, back in rows if not back][:5]
    assert all(page.evaluate("h => !!document.getElementById(h.slice(1))", h) for _, back in rows for h in back)
    static = page.evaluate("() => [...document.querySelectorAll('tr[id^=claim-], tr[id^=event-]')].every(r => r.querySelector('a[href=\"#toc\"]'))")
    page.close()
    assert static, "without the script every register row still leads back to the contents"


def test_no_table_overflows_at_390_px_and_no_text_below_12_px(browser, built_report):
    page, _ = _open(browser, built_report["out"] / "report.html", width=390, height=844)
    over = page.evaluate("""() => [...document.querySelectorAll('table')].filter(t => t.offsetParent)
        .filter(t => t.getBoundingClientRect().right > innerWidth + 0.5 || t.getBoundingClientRect().left < -0.5).length""")
    small = page.evaluate("""() => [...document.querySelectorAll('table td, table th')].filter(c => c.offsetParent)
        .filter(c => parseFloat(getComputedStyle(c).fontSize) < 12).length""")
    tables = page.evaluate("() => document.querySelectorAll('main table').length")
    # the header row is hidden at this width, so every cell of a table with headers names its column
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('main table')].filter(t => t.querySelector('thead th'))
        .flatMap(t => [...t.querySelectorAll('tbody td')]).filter(c => c.offsetParent && !c.dataset.label).length""")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    page.close()
    assert tables >= 3
    assert over == 0, f"{over} table(s) overflow at 390 px"
    assert small == 0, f"{small} table cell(s) below 12 px at 390 px"
    assert unlabelled == 0, f"{unlabelled} table cell(s) at 390 px do not say which column they are"
    assert width <= 390


def test_evidence_checks_are_published_beside_the_report_and_not_in_the_pdf(browser, built_report):
    out = built_report["out"]
    companion = out / "evidence-checks.html"
    assert companion.is_file()
    report = (out / "report.html").read_text(encoding="utf-8")
    assert 'href="evidence-checks.html"' in report
    text = companion.read_text(encoding="utf-8")
    assert "Evidence checks" in text and "Quotes that needed normalising" in text and 'href="report.html"' in text
    pdf = "\n".join(p.extract_text() for p in PdfReader(out / "report.pdf").pages)
    assert "Quotes that needed normalising" not in pdf and "Evidence checks" not in pdf.split("Contents")[0]
    page, log = _open(browser, companion)
    page.close()
    assert log["errors"] == [] and [u for u in log["requests"] if not u.startswith(("file:", "data:"))] == []
    assert "evidence-checks.html" in (out / ".kzreport" / "manifest.json").read_text(encoding="utf-8")


def test_downloadable_data_is_a_valid_frictionless_package_linked_from_the_report(built_report):
    import json

    from frictionless import validate

    out = built_report["out"]
    package = out / "data" / "datapackage.json"
    report = validate(str(package))
    assert report.valid, [(t.name, [e.message for e in t.errors[:3]]) for t in report.tasks if not t.valid]
    desc = json.loads(package.read_text(encoding="utf-8"))
    paths = {r["path"] for r in desc["resources"]}
    assert {"processed/claims.csv", "processed/events.csv", "processed/sources.csv"} <= paths
    figures = sorted(p.name for p in (out / "figures").glob("*.csv"))
    assert figures and {f"figures/{n}" for n in figures} <= paths, "every figure's CSV is in the package"
    assert desc["name"] and desc["title"] and desc["version"] and "created" not in desc
    claims = next(r for r in desc["resources"] if r["path"] == "processed/claims.csv")
    types = {f["name"]: f["type"] for f in claims["schema"]["fields"]}
    assert types["value_low"] == "number" and types["is_vague"] == "boolean" and types["claim_id"] == "string"
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'href="data/datapackage.json"' in html and all(f'href="data/{p}"' in html for p in paths)
    manifest = (out / ".kzreport" / "manifest.json").read_text(encoding="utf-8")
    assert all(f"data/{p}" in manifest for p in paths) and "data/datapackage.json" in manifest


def test_a_mouse_click_pins_the_quote_and_a_second_click_follows_the_link(browser, built_report):
    page, log = _open(browser, built_report["out"] / "report.html", width=1280)
    a = _claim_link(page)
    target = a.get_attribute("href")[1:]
    a.scroll_into_view_if_needed()
    a.click()
    pop = page.locator("#kz-pop")
    pop.wait_for(state="visible", timeout=2000)
    assert page.evaluate("() => location.hash") == "", "the first click must show the quote, not leave the text"
    page.mouse.move(0, 0)
    page.wait_for_timeout(400)
    assert pop.is_visible(), "a clicked (pinned) popover stays when the mouse leaves"
    a.click()
    page.wait_for_timeout(100)
    assert page.evaluate("() => location.hash") == f"#{target}"
    page.close()
    assert log["errors"] == []


# ---------------------------------------------------------------------------- reader tasks
# Reader tasks, in a real Chromium: from the report's first screen, what a journalist or caseworker looks for is
# at most two clicks away, and a number in Key findings shows its quote when clicked.
#
# Every target is worked out from the five documents, not from the code: the Kazakh government's 238 dead
# (ACCORD), the detention figures (e.g. „fast 10 000“, European Parliament; „mehr als 10.000“, BTI), the UN Committee
# against Torture's 236 closed of 329 cases "of torture or abuse of authority", the officers convicted, and the
# events of 6–7 January.
#
# The search is breadth-first over real clicks: from the first screen, every visible link is clicked (one click),
# and from each place reached, every visible link again (two clicks). A task is done when the text the reader
# sees in the viewport (popovers included) matches its pattern.

VISIBLE_TEXT = """() => {
  const out = [], H = innerHeight, W = innerWidth;
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const n = walk.currentNode, el = n.parentElement;
    if (!n.textContent.trim() || !el || !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const r = document.createRange(); r.selectNodeContents(n);
    for (const b of r.getClientRects()) {
      if (b.bottom > 0 && b.top < H && b.right > 0 && b.left < W && b.width > 0) { out.push(n.textContent); break; }
    }
  }
  return out.join(' ').replace(/\\s+/g, ' ');
}"""

VISIBLE_LINKS = """() => Array.from(document.querySelectorAll('a[href^="#"]')).filter(a => {
  const b = a.getBoundingClientRect();
  return b.width > 0 && b.bottom > 0 && b.top < innerHeight && b.right > 0 && b.left < innerWidth
    && a.checkVisibility({opacityProperty: true, visibilityProperty: true});
}).map(a => a.getAttribute('href'))"""

TASKS = {
    # the official death toll with its claimant
    "death toll": re.compile(r"(?=.*\b238\b)(?=.*\bgovernment\b)", re.I | re.S),
    # the detention figures
    "detained": re.compile(r"(?=.*\b(?:10,000|8,000|5,800)\b)(?=.*\bdetain)", re.I | re.S),
    # the 236 of 329 with its scope
    "236 of 329": re.compile(r"(?=.*\b236\b)(?=.*\b329\b)(?=.*abuse of authority)", re.I | re.S),
    # the officers convicted
    "officers convicted": re.compile(r"(?=.*\bofficers?\b)(?=.*\bconvicted\b)(?=.*\b(?:5|five|23)\b)", re.I | re.S),
    # the events of 6–7 January
    "6-7 January": re.compile(r"(?=.*\b[67] January\b)(?=.*\bAlmaty\b)", re.S),
}


def _reset(page) -> None:
    page.keyboard.press("Escape")
    page.evaluate("() => { history.replaceState(null, '', location.pathname); window.scrollTo(0, 0); }")


# The first link to a given href that is visible (Playwright's sense: a non-empty box, not hidden) and in the
# viewport, as its index among the links to that href; -1 if none. One call in the page: asking Playwright link by
# link cost two round trips per link, and the report has hundreds of links to #toc (about 10 s per click).
FIRST_VISIBLE = """href => Array.from(document.querySelectorAll('a[href]')).filter(a => a.getAttribute('href') === href)
  .findIndex(a => {
    const b = a.getBoundingClientRect();
    return b.width > 0 && b.height > 0 && a.checkVisibility({visibilityProperty: true})
      && b.bottom > 0 && b.top < innerHeight;
  })"""


def _click(page, href: str) -> bool:
    """Click the first visible link to ``href`` (as a mouse user would); False if none is visible."""
    i = page.evaluate(FIRST_VISIBLE, href)
    if i < 0:
        return False
    page.locator(f'a[href="{href}"]').nth(i).click()
    return True


def _reachable(page) -> dict[str, int]:
    """For each task, the fewest clicks (0, 1 or 2) from the first screen that show its text; absent if more."""
    found: dict[str, int] = {}

    def check(depth: int) -> None:
        text = page.evaluate(VISIBLE_TEXT)
        for name, pattern in TASKS.items():
            if name not in found and pattern.search(text):
                found[name] = depth

    _reset(page)
    check(0)
    first = list(dict.fromkeys(page.evaluate(VISIBLE_LINKS)))
    seconds: dict[str, list[str]] = {}
    for href in first:
        _reset(page)
        if _click(page, href):
            check(1)
            seconds[href] = list(dict.fromkeys(page.evaluate(VISIBLE_LINKS)))
    for href, nexts in seconds.items():
        for nxt in nexts:
            if len(found) == len(TASKS):
                return found  # every task is reached: the pairs not tried cannot change the outcome
            _reset(page)
            if _click(page, href) and _click(page, nxt):
                check(2)
    return found


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_each_reader_task_is_at_most_two_clicks_from_the_first_screen(browser, built_report, width, height):
    page, log = _open(browser, built_report["out"] / "report.html", width=width, height=height)
    found = _reachable(page)
    missing = sorted(set(TASKS) - set(found))
    assert not missing, f"at {width} px, not reachable in 2 clicks from the first screen: {missing} (found: {found})"
    assert not log["errors"], log["errors"]


def test_clicking_a_number_in_key_findings_shows_its_quote(browser, built_report):
    with open(built_report["data"] / "raw" / "claims.csv", encoding="utf-8") as f:
        quotes = {r["claim_id"]: r["quote"] for r in csv.DictReader(f)}
    page, log = _open(browser, built_report["out"] / "report.html")
    hrefs = list(dict.fromkeys(page.evaluate(
        """() => { const hs = [...document.querySelectorAll('h1')], i = hs.findIndex(h => h.id === 'sec-key-findings');
             const h = hs[i], next = hs[i + 1];
             return [...document.querySelectorAll('a[href^="#claim-"]')].filter(a =>
               (h.compareDocumentPosition(a) & 4) && (!next || (a.compareDocumentPosition(next) & 4)))
               .map(a => a.getAttribute('href')); }""")))
    assert len(hrefs) >= 5, f"Key findings link only {len(hrefs)} numbers to their claims"
    for href in hrefs:
        claim = href.removeprefix("#claim-")
        _reset(page)
        page.locator(f'a[href="{href}"]').first.click()
        text = page.evaluate(VISIBLE_TEXT)
        words = re.sub(r"\s+", " ", quotes[claim]).split(" ")
        probe = " ".join(words[: min(6, len(words))])
        assert probe in text, f"clicking {href} in Key findings does not show its quote „{probe} …“"
    assert not log["errors"], log["errors"]


# ---------------------------------------------------------------------------- prose a person would write
SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")  # a column name, a metric or a document id (accord_2024)
COUNT_LIST = re.compile(r"\b[A-Za-z][\w ]*: [\d,.]+ \([\d,.]+ [a-z]+\)")  # "killed: 13 (6 official)"


def _running_text(html: str) -> list[tuple[str, str]]:
    """The innermost text blocks a reader reads before the appendices (code, contents and citation box aside)."""
    import bs4

    soup = bs4.BeautifulSoup(html, "html.parser")
    for bad in soup.select("code, pre, script, style, nav, .cite, .permalink"):
        bad.decompose()
    main = soup.find("main") or soup
    stop = main.find("h1", id=re.compile("^sec-appendices"))
    out = []
    for el in main.find_all(["p", "li", "figcaption", "caption", "td", "th", "h1", "h2", "h3", "h4", "dd", "blockquote"]):
        if stop is not None and (el.sourceline, el.sourcepos) >= (stop.sourceline, stop.sourcepos):
            break
        if not el.find(["p", "li", "td"]):
            out.append((el.name, " ".join(el.get_text(" ").split())))
    return out


def test_running_text_has_no_snake_case_and_no_count_lists(built_report):
    blocks = _running_text((built_report["out"] / "report.html").read_text(encoding="utf-8"))
    assert len(blocks) > 100, "the report's running text was not found"
    snake = [f"<{n}> …{t[max(0, m.start() - 50):m.end() + 30]}…" for n, t in blocks for m in SNAKE.finditer(t)]
    lists = [f"<{n}> {m.group(0)}" for n, t in blocks for m in COUNT_LIST.finditer(t)]
    assert not snake, f"{len(snake)} snake_case words or ids in running text, e.g. {snake[:5]}"
    assert not lists, f"'name: count (count)' lists in running text: {lists[:5]}"


@pytest.mark.parametrize("text,found", [("the killed_security_forces metric", True), ("ACCORD (accord_2024)", True),
                                        ("killed: 13 (6 official)", False), ("19 police and army members", False)])
def test_the_snake_case_check_catches_what_it_must(text, found):
    assert bool(SNAKE.search(text)) is found


@pytest.mark.parametrize("text,found", [("killed: 13 (6 official); injured: 1 (1 official)", True),
                                        ("Figure 2.1: deaths as printed (all claimants)", False)])
def test_the_count_list_check_catches_what_it_must(text, found):
    assert bool(COUNT_LIST.search(text)) is found
