"""The playground page in a real headless Chromium, driven by Selenium.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them) and the
``selenium`` package (the ``dev`` extra).  Without them these tests are skipped, and
pytest's summary says why.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playground_server import request, running_server

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
missing = [path for path in (CHROMIUM, DRIVER) if shutil.which(path) is None]
if missing and os.environ.get("PIGRAD_REQUIRE_BROWSER") == "1":  # set by .ci/run as root
    raise RuntimeError(f"PIGRAD_REQUIRE_BROWSER=1 but {' and '.join(missing)} missing")
if missing:
    pytest.skip(
        f"browser tests need {' and '.join(missing)}: apt-get install chromium chromium-driver",
        allow_module_level=True,
    )
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    options = Options()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=1400,1200")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(check: Callable[[], Any], what: str, seconds: float = 30.0) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"waited {seconds} s for {what}")


def test_train_pause_edit_and_step_backprop_in_chromium(browser: Any) -> None:
    with running_server() as server:
        port = server.server_address[1]
        browser.get(f"http://127.0.0.1:{port}/#hidden=4&learning_rate=0.1")
        text = lambda element_id: browser.find_element(By.ID, element_id).text  # noqa: E731
        wait_for(lambda: text("train-loss") not in ("", "–"), "the first state")
        # the link's set-up is the page's: one hidden layer of 4, learning rate 0.1
        assert text("layer-count") == "1"
        rate = browser.find_element(By.ID, "learning-rate").get_attribute("value")
        assert rate == "0.1"
        Select(browser.find_element(By.ID, "dataset")).select_by_value("xor")
        wait_for(lambda: "dataset=xor" in browser.current_url, "xor in the URL")
        wait_for(lambda: text("epoch") == "0", "epoch 0 on xor")
        first_loss = float(text("train-loss"))
        browser.find_element(By.ID, "play").click()
        wait_for(lambda: int(text("epoch")) >= 20, "20 epochs")
        browser.find_element(By.ID, "pause").click()
        wait_for(lambda: float(text("train-loss")) < first_loss, "the loss to fall")
        time.sleep(0.5)
        epoch = text("epoch")
        time.sleep(0.5)
        assert text("epoch") == epoch, "training went on after pause"

        # edit a weight: click its line, type a value, set it
        browser.find_elements(By.CSS_SELECTOR, "#wires path.hit")[0].click()
        wait_for(lambda: "d loss / d w" in text("derivative"), "the derivative view")
        box = browser.find_element(By.ID, "weight-value")
        box.clear()
        box.send_keys("2.5")
        browser.find_element(By.ID, "weight-set").click()
        key = browser.execute_script("return session")
        state = lambda: request(port, "GET", f"/api/state?session={key}")[1]  # noqa: E731
        wait_for(lambda: state()["network"][0][0]["weights"][0] == 2.5, "the edited weight")

        # the backprop stepper, three steps back from the loss
        for _ in range(3):
            browser.find_element(By.ID, "backprop-step").click()
        wait_for(lambda: text("backprop").startswith("Step 3 of"), "step 3")
        assert "local derivative" in text("backprop") and "running sum" in text("backprop")

        png = browser.get_screenshot_as_png()
        errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors
    assert_not_blank(png)


def assert_not_blank(png: bytes) -> None:
    import io

    import matplotlib.image

    pixels = matplotlib.image.imread(io.BytesIO(png), format="png")
    colours = {tuple(round(float(c), 1) for c in p[:3]) for p in pixels[::17, ::13].reshape(-1, 4)}
    assert len(colours) > 20, f"the screenshot has only {len(colours)} colours: blank?"
