"""report.html of the real sample run, opened in headless Chromium: it renders offline, without console
errors, shows the theme chart, the quotes and the wordles, drills down from a count and prints on A4.

Needs the Debian packages chromium and chromium-driver (`make browser`); skipped when they are missing.
"""

from __future__ import annotations

import base64
import re
import shutil
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
         "--window-size=1280,1000"]
A4_POINTS = (595, 842)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file()):
        pytest.skip(f"Chromium niet gevonden ({CHROMIUM}, {CHROMEDRIVER}); installeer met 'make browser'")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def opened(sample_run, browser):
    """The report loaded once; returns (driver, load seconds, console entries of the load)."""
    html = Path(sample_run["report_html"])
    started = time.perf_counter()
    browser.get(html.as_uri())
    seconds = time.perf_counter() - started
    print(f"\nreport.html: {html.stat().st_size / 1024:.0f} KB, geladen in {seconds:.2f} s")
    return browser, seconds, browser.get_log("browser")


def visible(element) -> bool:
    return element.is_displayed() and element.size["width"] > 0 and element.size["height"] > 0


def test_no_console_errors_and_no_network(opened):
    driver, seconds, log = opened
    errors = [entry for entry in log if entry["level"] == "SEVERE"]
    assert not errors, errors
    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(name.startswith(("data:", "file:")) for name in resources), resources
    assert seconds < 10


def test_theme_chart_and_quotes_are_visible(opened):
    from selenium.webdriver.common.by import By

    driver, _, _ = opened
    chart = driver.find_element(By.ID, "thema-grafiek")
    assert visible(chart) and chart.size["width"] > 300
    assert len(chart.find_elements(By.CSS_SELECTOR, "rect")) >= 12
    quotes = driver.find_elements(By.CSS_SELECTOR, "#themas blockquote.citaat")
    assert len(quotes) >= 3
    assert all(visible(q) for q in quotes[:5])
    assert all(q.text.strip() for q in quotes[:5])


def test_wordles_are_embedded_with_alt_text(opened):
    from selenium.webdriver.common.by import By

    driver, _, _ = opened
    images = driver.find_elements(By.CSS_SELECTOR, "img.wordle")
    assert images
    for image in images:
        assert image.get_attribute("src").startswith("data:image/png;base64,")
        assert image.get_attribute("alt").strip()
        assert driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image) > 0


def test_a_count_opens_its_quotes(opened):
    from selenium.webdriver.common.by import By

    driver, _, _ = opened
    link = driver.find_element(By.CSS_SELECTOR, "#thema-verdeling a[href^='#d-']")
    target = link.get_attribute("href").split("#", 1)[1]
    count = int(link.text)
    driver.execute_script("arguments[0].click()", link)
    group = driver.find_element(By.ID, target)
    assert group.get_attribute("open") is not None
    quotes = group.find_elements(By.CSS_SELECTOR, "blockquote.citaat")
    assert quotes and visible(quotes[0]) and len(quotes) == min(count, 25)
    # the keyboard focus follows the link, and the bare number says what it opens
    focused = driver.execute_script("var d = document.activeElement.closest('details'); return d && d.id")
    assert focused == target
    assert link.get_attribute("aria-label").endswith(" tonen")


def test_screenshot_is_not_blank(opened, tmp_path):
    driver, _, _ = opened
    driver.get(driver.current_url.split("#", 1)[0])
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(height, 12000))
    path = tmp_path / "report.png"
    assert driver.save_screenshot(str(path))
    print(f"\nschermafdruk: {path}")
    with Image.open(path) as image:
        assert image.format == "PNG" and image.width >= 1000
        pixels = np.asarray(image.convert("L"), dtype=float)
    assert pixels.std() > 10, "screenshot looks blank"
    driver.set_window_size(1280, 1000)


def test_prints_on_a4(opened, tmp_path):
    driver, _, _ = opened
    pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    (tmp_path / "report.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes, "no page sizes found in the PDF"
    assert all(abs(float(w) - A4_POINTS[0]) < 2 and abs(float(h) - A4_POINTS[1]) < 2 for w, h in boxes)
    print(f"\nafdruk: {len(boxes)} A4-pagina's, {len(pdf) / 1024:.0f} KB")
