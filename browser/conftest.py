"""Shared fixtures for AnSinh's browser tests (pytest + Selenium 4 + headless Chromium).

scripts/test starts the server and runs these tests with:
  ANSINH_BASE_URL        e.g. http://127.0.0.1:PORT
  ANSINH_ADMIN_PASSWORD  the initial password of the `admin` account
  ANSINH_SCREENSHOT_DIR  where a failed test leaves a screenshot and the page's HTML
  ANSINH_DATA_DIR        the server's data directory (SQLite), for the `cli` fixture
  ANSINH_BIN             the server's binary, for the `cli` fixture

To run them by hand against a server of your own:
  ANSINH_BASE_URL=http://127.0.0.1:8080 ANSINH_ADMIN_PASSWORD=... \
  ANSINH_DATA_DIR=/the/server/data ANSINH_BIN=/path/to/ansinh python3 -m pytest -q browser

CHROMIUM_BINARY and CHROMEDRIVER override /usr/bin/chromium and /usr/bin/chromedriver.
"""

from __future__ import annotations

import os
import pathlib
import re
import secrets
import subprocess
import time
from datetime import timedelta, timezone
from urllib.parse import urljoin, urlparse

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from test_foundation import log_in, logged_in

BASE_URL = os.environ.get("ANSINH_BASE_URL", "http://127.0.0.1:8080").rstrip("/")
SCREENSHOT_DIR = pathlib.Path(os.environ.get("ANSINH_SCREENSHOT_DIR", "browser/screenshots"))
CHROMIUM = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
DATA_DIR = os.environ.get("ANSINH_DATA_DIR", "")
BIN = os.environ.get("ANSINH_BIN", "")

TIMEOUT = 15  # seconds to wait for a page load or a script's effect


class Browser:
    """A Chromium session plus the JavaScript console errors seen so far.

    Every page load goes through visit() or one of the click helpers, which wait
    for the new page, check what every page must have (an <html lang> and an
    <h1>) and collect the console's SEVERE entries.
    """

    def __init__(self, driver: webdriver.Chrome, download_dir: pathlib.Path):
        self.driver = driver
        self.download_dir = download_dir  # where Chromium saves downloads, unasked
        self.console_errors: list[str] = []
        self.pages_seen: list[str] = []

    # -- navigation -------------------------------------------------------

    def url(self, path: str) -> str:
        return urljoin(BASE_URL + "/", path.lstrip("/"))

    @property
    def path(self) -> str:
        return urlparse(self.driver.current_url).path

    def visit(self, path: str, *, http_error_expected: bool = False) -> None:
        self.driver.get(self.url(path))
        self._after_load(http_error_expected)

    def click_and_wait(self, element, *, http_error_expected: bool = False) -> None:
        """Click something that loads a new page (a link or a submit button)."""
        self.act_and_wait(element.click, http_error_expected=http_error_expected)

    def act_and_wait(self, action, *, http_error_expected: bool = False) -> None:
        """Do something that loads a new page (a click, a key press, a reload)."""
        # Mark the current document; the next one will not carry the mark.
        # (EC.staleness_of is flaky here: mid-navigation, chromedriver may
        # answer "Node with given id does not belong to the document".)
        token = secrets.token_hex(8)
        self.driver.execute_script("window.__ansinhPage = arguments[0]", token)
        action()

        def new_page_loaded(driver) -> bool:
            try:
                return driver.execute_script(
                    "return window.__ansinhPage !== arguments[0]"
                    " && document.readyState === 'complete'",
                    token,
                )
            except WebDriverException:  # the old document is going away
                return False

        WebDriverWait(self.driver, TIMEOUT).until(
            new_page_loaded, "no new page was loaded after the click or key press"
        )
        self._after_load(http_error_expected)

    def click_confirm_and_wait(self, element, *, http_error_expected: bool = False) -> str:
        """Click a button that asks first (a step that cannot be undone), accept the question
        and wait for the new page; returns the question asked."""
        asked: list[str] = []

        def action() -> None:
            element.click()
            alert = WebDriverWait(self.driver, TIMEOUT).until(lambda d: d.switch_to.alert, "no confirmation was asked")
            asked.append(alert.text)
            alert.accept()

        self.act_and_wait(action, http_error_expected=http_error_expected)
        return asked[0]

    def submit(self, form_css: str, *, http_error_expected: bool = False) -> None:
        form = self.find(form_css)
        button = form.find_element(By.CSS_SELECTOR, 'button[type="submit"]')
        self.click_and_wait(button, http_error_expected=http_error_expected)

    def _after_load(self, http_error_expected: bool) -> None:
        WebDriverWait(self.driver, TIMEOUT).until(
            lambda d: d.execute_script("return document.readyState") == "complete"
        )
        self.pages_seen.append(self.path)
        self.collect_console(http_error_expected=http_error_expected)
        lang = self.driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
        assert lang in ("vi", "en"), f"{self.path}: <html lang={lang!r}>, expected vi or en"
        assert self.driver.find_elements(By.TAG_NAME, "h1"), f"{self.path}: no <h1>"

    # -- console ------------------------------------------------------------

    def collect_console(self, *, http_error_expected: bool = False) -> None:
        """Record the SEVERE console entries since the last call.

        With http_error_expected, Chromium's "Failed to load resource: ... status
        of 4xx" entry for the page itself is ignored: a form re-shown with errors
        may rightly come back as 401/422, and Chromium logs that as an error.
        """
        page = self.driver.current_url.split("#")[0]
        for entry in self.driver.get_log("browser"):
            if entry.get("level") != "SEVERE":
                continue
            message = entry.get("message", "")
            if (
                http_error_expected
                and "Failed to load resource" in message
                and re.search(r"status of 4\d\d", message)
                and message.startswith(page.split("?")[0])
            ):
                continue
            self.console_errors.append(f"{self.path}: {message}")

    # -- finding ------------------------------------------------------------

    def find(self, css: str):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def has(self, css: str) -> bool:
        return bool(self.find_all(css))

    def text(self, css: str) -> str:
        return self.find(css).text.strip()

    def status(self) -> int:
        """The HTTP status of the page shown (after redirects: the last response's), as
        Chromium's navigation timing gives it; 0 when it does not say."""
        return self.driver.execute_script(
            "const n = performance.getEntriesByType('navigation')[0];"
            "return n && n.responseStatus ? n.responseStatus : 0;"
        )

    def lang(self) -> str:
        return self.driver.find_element(By.TAG_NAME, "html").get_attribute("lang")

    def fill(self, css: str, value: str) -> None:
        element = self.find(css)
        element.clear()
        element.send_keys(value)

    def wait_for(self, condition, message: str, timeout: float = TIMEOUT):
        return WebDriverWait(self.driver, timeout).until(lambda d: condition(), message)

    # -- downloads ------------------------------------------------------------

    def clear_downloads(self) -> None:
        for f in self.download_dir.iterdir():
            if f.is_file():
                f.unlink()

    def wait_for_download(self, suffix: str, timeout: float = 30) -> pathlib.Path:
        """The one finished file ending in suffix in download_dir (call clear_downloads
        before starting the download)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = [f for f in self.download_dir.iterdir() if f.name.endswith(suffix)]
            partial = [f for f in self.download_dir.iterdir() if f.name.endswith(".crdownload")]
            if done and not partial and done[0].stat().st_size > 0:
                assert len(done) == 1, f"more than one {suffix} downloaded: {done}"
                return done[0]
            time.sleep(0.2)
        files = sorted(f.name for f in self.download_dir.iterdir())
        raise AssertionError(f"no {suffix} file downloaded within {timeout}s (found {files})")


def create_account(cli, username: str, role: str, password: str, full_name: str,
                   *, unit: str = "CTXH") -> bool:
    """Creates the account, in the unit of that code, with the server's command line; False
    when it exists already (the module run again on the same server)."""
    created = cli(
        "user", "create",
        "--username", username,
        "--role", role,
        "--unit", unit,
        "--password", password,
        "--full-name", full_name,
        check=False,
    )
    if created.returncode != 0:
        output = created.stdout + created.stderr
        assert "taken" in output, f"ansinh user create {username} failed:\n{output}"
        return False
    return True


# ---------------------------------------------------------------- helpers shared by the modules


PERSON_PATH = re.compile(r"/people/([0-9a-f-]{36})")
CASE_PATH = re.compile(r"/cases/([0-9a-f-]{36})")
VIETNAM = timezone(timedelta(hours=7))


def log_in_as(b: Browser, state: dict, username: str, full_name: str, new: bool,
              initial: str, changed: str) -> None:
    """Log in as username unless already; the password in force is kept in the module's
    state dict (key password_<username>). `new`: the account was just made, so its first
    login asks for a new password (log_in changes it to `changed`)."""
    if logged_in(b) and b.text("header .user-name") == full_name:
        return
    key = f"password_{username}"
    if new and key not in state:
        passwords = [initial]
    else:
        passwords = [state.get(key, ""), changed, initial]
    state[key] = log_in(b, username, passwords, changed)
    assert logged_in(b), f"not logged in as {username} ({b.path})"
    assert b.text("header .user-name") == full_name


def no_new_console_errors(b: Browser, since: int) -> None:
    """No JavaScript console error since b.console_errors had `since` entries."""
    b.collect_console()
    new = b.console_errors[since:]
    assert not new, "JavaScript console errors:\n" + "\n".join(new)


def field_errors(b: Browser) -> list[str]:
    """The messages shown beside the fields of the page's forms."""
    return [e.text.strip() for e in b.find_all(".field-error") if e.text.strip()]


def person_id(b: Browser) -> str:
    """The id of the person page the browser is on."""
    m = PERSON_PATH.fullmatch(b.path)
    assert m, f"expected a /people/<id> page, on {b.path}"
    return m.group(1)


def linked_person_ids(b: Browser, css: str) -> list[str]:
    """The ids of the /people/<id> links inside css."""
    ids = []
    for a in b.find_all(f"{css} a[href]"):
        m = PERSON_PATH.search(a.get_attribute("href") or "")
        if m:
            ids.append(m.group(1))
    return ids


def search_people(b: Browser, typed: str) -> set[str]:
    """Types `typed` in the search of /people; returns the ids of the records found."""
    b.visit("/people")
    assert b.has("form#person-search"), "no form#person-search on /people"
    b.fill('form#person-search [name="q"]', typed)
    b.submit("form#person-search")
    assert b.path == "/people", f"the search led to {b.path}"
    return set(linked_person_ids(b, "table"))


def open_new_person(b: Browser) -> None:
    b.visit("/people/new")
    assert b.path == "/people/new", f"the registration page led to {b.path}"
    assert b.has("form#person-form"), "no form#person-form on /people/new"


def save_person(b: Browser, *, http_error_expected: bool = False) -> None:
    """Press the person form's own submit button (not #confirm-distinct)."""
    # Not the hidden first button that makes Enter mean "save" either: the one a user sees.
    buttons = [
        e for e in b.find_all('form#person-form button[type="submit"]')
        if e.get_attribute("id") != "confirm-distinct" and e.is_displayed()
        and "default-submit" not in (e.get_attribute("class") or "")
    ]
    assert buttons, "form#person-form has no submit button other than #confirm-distinct"
    b.click_and_wait(buttons[0], http_error_expected=http_error_expected)


def facts(b: Browser) -> dict[str, str]:
    """The page's facts (dl.facts of a case or a person) as {label: value}."""
    return b.driver.execute_script(
        "const out = {};"
        "document.querySelectorAll('dl.facts dt').forEach(dt => {"
        " const dd = dt.nextElementSibling;"
        " out[dt.textContent.trim()] = dd ? dd.textContent.trim() : ''; });"
        "return out;"
    )


def rows_under(b: Browser, heading: str) -> list[list[str]] | None:
    """The cells of the table rows between <h2>heading</h2> and the next <h2>;
    None when there is no such heading."""
    return b.driver.execute_script(
        """
        const h = [...document.querySelectorAll('h2')].find(e => e.textContent.trim() === arguments[0]);
        if (!h) return null;
        const rows = [];
        for (let e = h.nextElementSibling; e && e.tagName !== 'H2'; e = e.nextElementSibling) {
          e.querySelectorAll('tbody tr').forEach(
            tr => rows.push([...tr.cells].map(c => c.textContent.trim())));
        }
        return rows;
        """,
        heading,
    )


def _make_driver(download_dir: pathlib.Path) -> webdriver.Chrome:
    options = Options()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-dev-shm-usage",  # /dev/shm is small in containers
        "--window-size=1280,900",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-features=Translate,PasswordLeakDetection",
    ):
        options.add_argument(arg)
    # Keep Chromium's password manager out of the way of the password forms.
    options.add_experimental_option(
        "prefs",
        {
            "credentials_enable_service": False,
            "profile.password_manager_enabled": False,
            "profile.password_manager_leak_detection": False,
            # Downloads go to download_dir without asking.
            "download.default_directory": str(download_dir),
            "download.prompt_for_download": False,
        },
    )
    # Lets driver.get_log("browser") read the JavaScript console.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit chromedriver: Selenium Manager would try to download one.
    service = Service(executable_path=CHROMEDRIVER)
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    # Headless Chromium ignores the download prefs above unless told over CDP.
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior",
        {"behavior": "allow", "downloadPath": str(download_dir)},
    )
    return driver


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    download_dir = tmp_path_factory.mktemp("downloads")
    driver = _make_driver(download_dir)
    try:
        yield Browser(driver, download_dir)
    finally:
        driver.quit()


@pytest.fixture(scope="session")
def cli():
    """Runs the server's own command line (`ansinh user create ...`) on the server's
    data directory; returns the CompletedProcess. SQLite runs in WAL mode, so this is
    safe while the server runs."""
    if not BIN or not DATA_DIR:
        pytest.fail("ANSINH_BIN and ANSINH_DATA_DIR must be set (scripts/test sets them)")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["ANSINH_DATA_DIR"] = DATA_DIR
    env.setdefault("LOG_LEVEL", "warning")

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [BIN, *args], env=env, capture_output=True, text=True, timeout=120
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"ansinh {' '.join(args)} exited {result.returncode}:\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result

    return run


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test item, so that the fixture below can
    # tell whether the test failed.
    report = yield
    setattr(item, "rep_" + report.when, report)
    return report


@pytest.fixture(autouse=True)
def screenshot_on_failure(request):
    yield
    failed = any(
        getattr(getattr(request.node, "rep_" + when, None), "failed", False)
        for when in ("setup", "call")
    )
    if not failed or "browser" not in request.fixturenames:
        return
    b: Browser = request.getfixturevalue("browser")
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    stem = SCREENSHOT_DIR / re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    try:
        b.driver.save_screenshot(f"{stem}.png")
        pathlib.Path(f"{stem}.html").write_text(b.driver.page_source, encoding="utf-8")
        print(f"\nscreenshot: {stem}.png (page {b.driver.current_url})")
    except WebDriverException as error:  # the browser itself may be gone
        print(f"\nno screenshot: {error}")
