"""Hotline intake walk-through: a counsellor logs calls with the keyboard only, a
reload keeps the draft, a repeat caller is flagged, and the report (on screen and
as .xlsx) counts calls loaded through the API.

The module fixture `hotline` makes what the tests need: the counsellor account
(through the server's command line, then its first login and password change in
the browser), an API token for it and the hotline line 18006605. The tests run in
the order written and share the STATE below (test 2 logs the call whose number
test 4 finds again); each can also run alone (pytest -k), logging in itself.

The API is used only to set things up and to read a baseline: what is tested is
what the counsellor sees in the browser.
"""

from __future__ import annotations

import re

import openpyxl
import pytest
import requests
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from conftest import BASE_URL, TIMEOUT, no_new_console_errors
from test_foundation import log_in, log_out, logged_in

COUNSELLOR = "tuvan01"
COUNSELLOR_INITIAL_PASSWORD = "Tu-Van-Vien-2026"
COUNSELLOR_NEW_PASSWORD = "Bien-Xanh-2026!"
COUNSELLOR_FULL_NAME = "Lê Thị Minh Ngọc"

LINE = {"number": "18006605", "name": "Tổng đài tư vấn", "hours": "Giờ hành chính"}
CALLER_PHONE = "0901234123"
TOPIC_TYPED = "binh dang gioi"  # no tone marks: the server resolves it
TOPIC_CODE = "gender.equality"
TOPIC_LABEL = "Bình đẳng giới"
SAVED_FLASH = "Đã lưu cuộc gọi."
DRAFT_FORM = ":call-intake"  # drafts are kept as ansinh-draft:<session scope>:<form>
TOTAL_LABEL = "Tổng số cuộc gọi"

# The non-counselling kinds with their Alt+digit shortcuts, as the screen offers them.
SHORTCUTS = {
    "silent": "1",
    "hangUp": "2",
    "wrongNumber": "3",
    "prank": "4",
    "abusive": "5",
    "test": "6",
    "thanks": "7",
}
KIND_LABELS = {"silent": "Im lặng", "counselling": "Tư vấn"}

REPORT_FROM, REPORT_TO = "2025-01-01", "2025-12-31"
REPORT_COUNSELLING = 5  # counselling calls on gender.equality loaded for 2025
REPORT_SILENT = 3  # silent calls loaded for 2025
REPORT_LAST_YEAR = 1  # one call in 2024, for the "same period last year" column

# Shared between the tests, filled as they go.
STATE: dict = {}


# ---------------------------------------------------------------- setup


class Api:
    """The JSON API with the counsellor's bearer token."""

    def __init__(self, token: str):
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.session.headers["Accept"] = "application/json"

    def get(self, path: str, **params):
        r = self.session.get(BASE_URL + path, params=params, timeout=TIMEOUT)
        assert r.status_code == 200, f"GET {path}: {r.status_code} {r.text[:300]}"
        return r.json()

    def post(self, path: str, body: dict, *, expect=(201,)):
        r = self.session.post(BASE_URL + path, json=body, timeout=TIMEOUT)
        assert r.status_code in expect, f"POST {path} {body}: {r.status_code} {r.text[:300]}"
        return r


@pytest.fixture(scope="module")
def hotline(browser, cli):
    """The counsellor (logged in, password changed), its API token and the line."""
    created = cli(
        "user", "create",
        "--username", COUNSELLOR,
        "--role", "counsellor",
        "--unit", "CTXH",
        "--password", COUNSELLOR_INITIAL_PASSWORD,
        "--full-name", COUNSELLOR_FULL_NAME,
        check=False,
    )
    if created.returncode != 0:
        # Run again on the same server: the account is there already.
        output = created.stdout + created.stderr
        assert "taken" in output, f"ansinh user create failed:\n{output}"
        STATE.setdefault("password", COUNSELLOR_NEW_PASSWORD)

    # The token is the last line printed (log lines, "[ WARNING ] ...", go to stdout too).
    out = cli("token", "create", "--user", COUNSELLOR).stdout
    lines = [
        line.strip() for line in out.splitlines() if line.strip() and not line.startswith("[ ")
    ]
    assert lines and " " not in lines[-1], f"no token on the last line of:\n{out}"
    token = lines[-1]
    api = Api(token)

    r = api.post("/api/v1/hotline/lines", LINE, expect=(201, 422))
    if r.status_code == 422:  # only acceptable when the line exists already
        numbers = [line["number"] for line in api.get("/api/v1/hotline/lines")]
        assert LINE["number"] in numbers, f"creating the line was refused: {r.text[:300]}"

    log_in_counsellor(browser, first=created.returncode == 0)
    return api


def log_in_counsellor(b, *, first: bool = False) -> None:
    if logged_in(b) and b.text("header .user-name") == COUNSELLOR_FULL_NAME:
        return
    if first:
        # The account was just made: its first login must ask for a new password.
        if logged_in(b):
            log_out(b)
        b.visit("/login")
        b.fill("input#username", COUNSELLOR)
        b.fill("input#password", COUNSELLOR_INITIAL_PASSWORD)
        b.submit("form#login-form")
        assert b.path == "/account/password", (
            f"a new counsellor's first login must land on /account/password, not {b.path}"
        )
        b.fill("input#current_password", COUNSELLOR_INITIAL_PASSWORD)
        b.fill("input#new_password", COUNSELLOR_NEW_PASSWORD)
        b.fill("input#confirm_password", COUNSELLOR_NEW_PASSWORD)
        b.submit("form#password-form")
        assert b.has(".flash.success"), f"no .flash.success after the password change ({b.path})"
        STATE["password"] = COUNSELLOR_NEW_PASSWORD
    else:
        passwords = [
            STATE.get("password", ""), COUNSELLOR_NEW_PASSWORD, COUNSELLOR_INITIAL_PASSWORD,
        ]
        STATE["password"] = log_in(b, COUNSELLOR, passwords, COUNSELLOR_NEW_PASSWORD)
    assert logged_in(b), f"not logged in as {COUNSELLOR} ({b.path})"
    assert b.text("header .user-name") == COUNSELLOR_FULL_NAME


# ---------------------------------------------------------------- helpers


def keys(b, *sequence) -> None:
    """Type into whatever has the focus, as a person at the keyboard would."""
    ActionChains(b.driver).send_keys(*sequence).perform()


def alt(b, key: str) -> None:
    ActionChains(b.driver).key_down(Keys.ALT).send_keys(key).key_up(Keys.ALT).perform()


def focused(b) -> dict:
    return b.driver.execute_script(
        "const e = document.activeElement;"
        "return {id: e ? e.id : '', tag: e ? e.tagName : '', type: e ? (e.type || '') : ''}"
    )


def tab_to(b, element_id: str, *, most: int, backwards: bool = False) -> int:
    """Press Tab (or Shift+Tab) until #element_id has the focus; returns the count."""
    for presses in range(1, most + 1):
        if backwards:
            chain = ActionChains(b.driver)
            chain.key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        else:
            keys(b, Keys.TAB)
        if focused(b)["id"] == element_id:
            return presses
    raise AssertionError(
        f"#{element_id} did not get the focus after {most} {'Shift+' if backwards else ''}Tab "
        f"presses (focus on {focused(b)})"
    )


def open_intake(b) -> None:
    b.visit("/hotline/calls/new")
    assert b.path == "/hotline/calls/new", f"the intake page led to {b.path}"
    assert b.has("form#call-form"), "no form#call-form on the intake page"


def expect_saved(b) -> None:
    assert b.path == "/hotline/calls/new", f"after saving a call: on {b.path}"
    assert "saved=" in b.driver.current_url, (
        f"after saving: {b.driver.current_url}, expected ?saved=<the call>"
    )
    errors = [e.text for e in b.find_all(".field-error") if e.text.strip()]
    assert not errors, f"the call was refused: {errors}"
    assert b.has("#saved-call.flash.success"), "no #saved-call notice after saving a call"
    assert b.text("#saved-call").startswith(SAVED_FLASH.rstrip(".")), b.text("#saved-call")
    assert b.has("a#saved-call-link"), "the notice does not link to the saved call"


def draft(b):
    """The intake draft of this session, or None."""
    return b.driver.execute_script(
        "for (let i = 0; i < localStorage.length; i++) { const k = localStorage.key(i);"
        " if (k.startsWith('ansinh-draft:') && k.endsWith(arguments[0])) return localStorage.getItem(k); }"
        "return null", DRAFT_FORM)


def draft_keys(b) -> list[str]:
    return b.driver.execute_script(
        "return Object.keys(localStorage).filter(k => k.startsWith('ansinh-draft'))")


def call_rows(b) -> list[list[str]]:
    """The cells of every row of the calls list (at most 200, newest first)."""
    b.visit("/hotline/calls?limit=200")
    assert b.path == "/hotline/calls"
    return b.driver.execute_script(
        "return [...document.querySelectorAll('table tbody tr')]"
        ".map(tr => [...tr.cells].map(c => c.textContent.trim()))"
    )


def table_rows(b, css: str) -> list[list[str]]:
    """The rows of a table as [header cell, data cells...], trimmed."""
    return b.driver.execute_script(
        "return [...document.querySelectorAll(arguments[0] + ' tbody tr')]"
        ".map(tr => [...tr.cells].map(c => c.textContent.trim()))",
        css,
    )


def label_is(cell, label: str) -> bool:
    """A report label, ignoring the '— ' that marks a subtopic."""
    return isinstance(cell, str) and cell.strip().lstrip("—").strip() == label


def report_baseline(api: Api) -> dict:
    """The report's figures before this test adds calls (zero on a fresh server)."""
    r = api.get("/api/v1/reports/hotline", **{"from": REPORT_FROM, "to": REPORT_TO})
    topic = 0
    for parent in r.get("byTopic", []):
        for c in [parent, *(parent.get("children") or [])]:
            if c.get("code") == TOPIC_CODE:
                topic = c["count"]
    silent = next((c["count"] for c in r.get("byNonDataKind", []) if c["code"] == "silent"), 0)
    return {
        "total": r["total"], "previous": r["previous"]["total"], "topic": topic, "silent": silent,
    }


def ensure_report_calls(api: Api) -> dict:
    """Load the report's calls once; returns the figures the report must show."""
    if "report" in STATE:
        return STATE["report"]
    before = report_baseline(api)
    line = LINE["number"]
    for i in range(REPORT_COUNSELLING):
        api.post("/api/v1/calls", {
            "line": line, "kind": "counselling", "topics": [TOPIC_CODE],
            "startedAt": f"2025-03-{2 + i:02d}T08:00:00+07:00",
        })
    for i in range(REPORT_SILENT):
        api.post("/api/v1/calls", {
            "line": line, "kind": "silent", "startedAt": f"2025-06-{10 + i:02d}T09:00:00+07:00",
        })
    for i in range(REPORT_LAST_YEAR):
        api.post("/api/v1/calls", {
            "line": line, "kind": "silent", "startedAt": f"2024-05-{6 + i:02d}T10:00:00+07:00",
        })
    STATE["report"] = {
        "total": before["total"] + REPORT_COUNSELLING + REPORT_SILENT,
        "previous": before["previous"] + REPORT_LAST_YEAR,
        "topic": before["topic"] + REPORT_COUNSELLING,
        "silent": before["silent"] + REPORT_SILENT,
    }
    return STATE["report"]


def vn_number(n: int) -> str:
    """A count as the pages write it (Vietnamese: 1.234)."""
    return f"{n:,}".replace(",", ".")


# ---------------------------------------------------------------- tests


def test_1_non_counselling_call_with_alt_1(browser, hotline):
    b = browser
    since = len(b.console_errors)
    log_in_counsellor(b)
    before = call_rows(b)

    open_intake(b)
    # What the screen offers before anything is typed.
    assert b.find("select#line").tag_name == "select"
    line = Select(b.find("select#line"))
    assert line.first_selected_option.get_attribute("value") == LINE["number"], (
        f"select#line: {line.first_selected_option.get_attribute('value')!r} selected, "
        f"expected {LINE['number']}"
    )
    for css in ("select#channel", "select#direction", "input#ended_at"):
        assert b.has(css), f"no {css} on the intake page"
    started = b.find("input#started_at")
    # Text shown as dd/mm/yyyy hh:mm, 24 h: not the browser's picker ("--:-- AM").
    assert started.get_attribute("type") == "text"
    now_pattern = r"\d\d/\d\d/\d{4} \d\d:\d\d"
    assert re.fullmatch(now_pattern, started.get_attribute("value") or ""), (
        f"input#started_at is not prefilled with now: {started.get_attribute('value')!r}"
    )
    for kind, digit in SHORTCUTS.items():
        css = f'form#call-form button[name=kind][value="{kind}"]'
        assert b.has(css), f"no {css}"
        shortcut = b.find(css).get_attribute("data-shortcut")
        assert shortcut == digit, f"{css}: data-shortcut is {shortcut!r}, expected {digit}"

    # The timer counts up from page open, as m:ss.
    b.wait_for(lambda: re.fullmatch(r"\d+:\d\d", b.text("#call-timer")),
               f"#call-timer does not show m:ss: {b.text('#call-timer')!r}")
    first = b.text("#call-timer")
    b.wait_for(lambda: b.text("#call-timer") != first, f"#call-timer stays at {first}", timeout=5)
    minutes, seconds = b.text("#call-timer").split(":")
    assert int(minutes) == 0 and 1 <= int(seconds) <= 30, f"#call-timer: {b.text('#call-timer')}"

    # Alt+1 anywhere on the page saves a silent call at once.
    b.act_and_wait(lambda: alt(b, SHORTCUTS["silent"]))
    expect_saved(b)
    assert draft(b) is None, "the draft is still in localStorage after a save"

    after = call_rows(b)
    assert len(after) == len(before) + 1, (
        f"the calls list has {len(after)} rows, expected {len(before) + 1}"
    )
    silent = [r for r in after if len(r) > 2 and r[2] == KIND_LABELS["silent"]]
    silent_before = [r for r in before if len(r) > 2 and r[2] == KIND_LABELS["silent"]]
    assert len(silent) == len(silent_before) + 1, "the new row is not a silent call"
    no_new_console_errors(b, since)


def test_2_counselling_call_with_the_keyboard_only(browser, hotline):
    b = browser
    since = len(b.console_errors)
    log_in_counsellor(b)
    before = call_rows(b)

    open_intake(b)
    # From the top of the page, Tab reaches the first topic field.
    tab_to(b, "topic1", most=120)
    keys(b, TOPIC_TYPED)
    b.wait_for(
        lambda: b.driver.execute_script(
            "return [...document.querySelectorAll('datalist#topic-options option')]"
            ".some(o => o.value === arguments[0])",
            TOPIC_LABEL,
        ),
        f"typing {TOPIC_TYPED!r} did not offer {TOPIC_LABEL!r} in datalist#topic-options",
    )
    # topic2, topic3, then the caller's number.
    presses = tab_to(b, "caller_phone", most=3)
    assert presses == 3, f"caller_phone came after {presses} Tab presses from topic1, expected 3"
    keys(b, CALLER_PHONE)
    tab_to(b, "summary", most=15)
    summary = "Chị hỏi về quyền bình đẳng giới khi xin việc."
    keys(b, summary)
    # Back to a text field (the caller's name) and Enter: saved as counselling.
    tab_to(b, "caller_name", most=15, backwards=True)
    assert b.find("input#topic1").get_attribute("value") == TOPIC_TYPED
    assert b.find("input#caller_phone").get_attribute("value") == CALLER_PHONE
    assert b.find("textarea#summary").get_attribute("value") == summary
    b.act_and_wait(lambda: keys(b, Keys.ENTER))
    expect_saved(b)
    assert draft(b) is None, "the draft is still in localStorage after a save"

    after = call_rows(b)
    assert len(after) == len(before) + 1, (
        f"the calls list has {len(after)} rows, expected {len(before) + 1}"
    )

    def counselling_on_topic(rows):
        return [
            r for r in rows
            if len(r) > 3 and r[2] == KIND_LABELS["counselling"] and TOPIC_LABEL in r[3]
        ]

    new = counselling_on_topic(after)
    assert len(new) == len(counselling_on_topic(before)) + 1, (
        f"no new {KIND_LABELS['counselling']!r} row with the topic {TOPIC_LABEL!r}; "
        f"newest rows: {after[:3]}"
    )
    STATE["counselling_saved"] = True
    no_new_console_errors(b, since)


def test_3_reload_keeps_the_draft(browser, hotline):
    b = browser
    since = len(b.console_errors)
    log_in_counsellor(b)
    open_intake(b)
    summary = "Đang nghe: người gọi kể về bạo lực gia đình."
    phone = "0987654321"
    b.find("textarea#summary").send_keys(summary)
    b.find("input#caller_phone").send_keys(phone)
    b.find("textarea#summary").click()  # leave the phone field: its change event fires
    b.wait_for(lambda: draft(b) is not None, "no intake draft in localStorage after typing")

    b.act_and_wait(b.driver.refresh)
    assert b.path == "/hotline/calls/new"
    # Offered, not filled in unasked: "Bản nháp chưa lưu từ HH:mm — Tiếp tục / Xoá".
    b.wait_for(lambda: b.has("#draft-offer"), "no #draft-offer after a reload with a draft")
    assert re.match(r"Bản nháp chưa lưu từ \d\d:\d\d", b.text("#draft-offer")), b.text("#draft-offer")
    assert b.find("textarea#summary").get_attribute("value") == ""
    b.find("#draft-restore").click()
    assert b.find("textarea#summary").get_attribute("value") == summary, (
        f"textarea#summary after reload: {b.find('textarea#summary').get_attribute('value')!r}"
    )
    assert b.find("input#caller_phone").get_attribute("value") == phone, (
        f"input#caller_phone after reload: {b.find('input#caller_phone').get_attribute('value')!r}"
    )

    # "Xoá" throws the draft away: the next reload offers nothing.
    b.act_and_wait(b.driver.refresh)
    b.wait_for(lambda: b.has("#draft-discard"), "no #draft-discard on the second reload")
    b.find("#draft-discard").click()
    assert draft(b) is None, "the draft is still kept after Xoá"
    b.act_and_wait(b.driver.refresh)
    assert not b.has("#draft-offer")
    assert b.find("textarea#summary").get_attribute("value") == ""
    assert b.find("input#caller_phone").get_attribute("value") == ""
    no_new_console_errors(b, since)


def test_3b_a_draft_is_never_shown_after_logout(browser, hotline):
    """A shared computer: what a counsellor typed is gone once they log out, and a new
    sign-in (the next user's, or their own) is not offered it."""
    b = browser
    since = len(b.console_errors)
    log_in_counsellor(b)
    open_intake(b)
    b.find("input#caller_phone").send_keys("0912000111")
    b.find("textarea#summary").send_keys("Người gọi A nói muốn tự tử")
    b.find("input#caller_phone").click()
    b.wait_for(lambda: draft(b) is not None, "no intake draft in localStorage after typing")
    log_out(b)
    assert draft_keys(b) == [], f"drafts left in localStorage after logout: {draft_keys(b)}"
    # Even a draft written behind the app's back (another tab, an old version) goes.
    b.driver.execute_script("localStorage.setItem('ansinh-draft:old:call-intake', '{}')")
    b.visit("/login")
    assert draft_keys(b) == [], "the login page keeps another session's drafts"
    log_in_counsellor(b)
    open_intake(b)
    assert not b.has("#draft-offer"), "a new sign-in is offered the previous session's draft"
    assert "tự tử" not in b.find("textarea#summary").get_attribute("value")
    assert b.find("input#caller_phone").get_attribute("value") == ""
    no_new_console_errors(b, since)


def test_3c_a_one_click_call_can_be_undone_and_a_saved_call_has_no_shortcuts(browser, hotline):
    b = browser
    since = len(b.console_errors)
    log_in_counsellor(b)
    before = len(call_rows(b))
    open_intake(b)
    b.act_and_wait(lambda: alt(b, SHORTCUTS["silent"]))
    expect_saved(b)
    assert "Im lặng" in b.text("#saved-call"), b.text("#saved-call")
    b.click_and_wait(b.find("#undo-call-button"))
    assert b.path == "/hotline/calls/new"
    assert "Đã hoàn tác" in b.text(".flash"), b.text(".flash")
    assert len(call_rows(b)) == before, "the undone call is still listed"

    # Open a saved counselling call: Alt+2 does nothing, a click on "Gác máy" asks first.
    open_intake(b)
    b.find("input#topic1").send_keys(TOPIC_TYPED)
    b.find("textarea#summary").send_keys("Hỏi về bình đẳng giới")
    b.click_and_wait(b.find('button.primary[name=kind][value="counselling"]'))
    expect_saved(b)
    b.click_and_wait(b.find("a#saved-call-link"))
    edit = b.path
    assert edit.startswith("/hotline/calls/"), edit
    # The stored topic reads as its name, never its code.
    assert b.find("input#topic1").get_attribute("value") == TOPIC_LABEL, b.find("input#topic1").get_attribute("value")
    codes = b.driver.execute_script(
        "return [...document.querySelectorAll('datalist#topic-options option')].map(o => o.value)"
        ".filter(v => /^[a-z]+\\.[A-Za-z]+$/.test(v))")
    assert codes == [], f"topic suggestions offer codes: {codes[:5]}"
    alt(b, SHORTCUTS["hangUp"])
    assert b.path == edit and not b.has("#confirm-kind"), "Alt+2 did something on a saved call"
    b.click_and_wait(b.find('form#call-form button[name=kind][value="hangUp"]'))
    assert b.has("#confirm-kind"), "changing a counselling call to a hang-up did not ask first"
    assert b.find("input#topic1").get_attribute("value"), "the topic was dropped before confirming"
    no_new_console_errors(b, since)


def test_3d_the_longest_summary_allowed_is_saved_whole(browser, hotline):
    """As long a summary as the text area takes comes back whole (the form's body limit fits
    the largest text allowed; see test_cases.test_9 for the note that hit the old limit)."""
    b = browser
    since = len(b.console_errors)
    log_in_counsellor(b)
    open_intake(b)
    area = b.find("textarea#summary")
    limit = int(area.get_attribute("maxlength"))
    text = ("Người gọi kể chuyện bị bạo lực gia đình, cần tư vấn pháp lý khẩn. " * 80)[:limit].strip()
    b.driver.execute_script("arguments[0].value = arguments[1]", area, text)
    b.find("input#topic1").send_keys(TOPIC_TYPED)
    b.click_and_wait(b.find('button.primary[name=kind][value="counselling"]'))
    expect_saved(b)
    b.click_and_wait(b.find("a#saved-call-link"))
    assert b.find("textarea#summary").get_attribute("value") == text, "the long summary did not come back whole"
    no_new_console_errors(b, since)


def test_4_repeat_caller_is_flagged(browser, hotline):
    b = browser
    since = len(b.console_errors)
    log_in_counsellor(b)
    if not STATE.get("counselling_saved"):  # run alone: make an earlier call first
        hotline.post("/api/v1/calls", {
            "line": LINE["number"], "kind": "counselling", "topics": [TOPIC_CODE],
            "caller": {"phone": CALLER_PHONE}, "startedAt": "2025-11-03T10:00:00+07:00",
        })
    open_intake(b)
    banner = b.find("#repeat-caller")
    assert not banner.is_displayed(), "#repeat-caller shows before any number is typed"

    b.find("input#caller_phone").send_keys(CALLER_PHONE)
    keys(b, Keys.TAB)  # leaving the field fires its change event
    b.wait_for(
        banner.is_displayed, f"#repeat-caller stays hidden after typing {CALLER_PHONE} and Tab"
    )
    text = banner.text.strip()
    counts = [int(n) for n in re.findall(r"\b(\d+)\s*lần", text)]
    assert counts and counts[0] >= 1, f"#repeat-caller does not say how many calls: {text!r}"
    assert re.search(r"\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{4}", text), (
        f"#repeat-caller does not give the last date: {text!r}"
    )

    # A number that never called: the banner goes away.
    b.fill("input#caller_phone", "0911000222")
    keys(b, Keys.TAB)
    b.wait_for(lambda: not banner.is_displayed(), "#repeat-caller still shows for a new number")

    b.driver.execute_script(
        "Object.keys(localStorage).filter(k => k.startsWith('ansinh-draft')).forEach(k => localStorage.removeItem(k))")
    no_new_console_errors(b, since)


def test_5_report_counts_the_calls(browser, hotline):
    b = browser
    since = len(b.console_errors)
    log_in_counsellor(b)
    expected = ensure_report_calls(hotline)

    b.visit(f"/hotline/report?from={REPORT_FROM}&to={REPORT_TO}")
    assert b.path == "/hotline/report"
    assert b.has("table#report-summary"), "no table#report-summary"
    rows = table_rows(b, "table#report-summary")
    assert rows, "table#report-summary has no body rows"
    total = rows[0]
    assert total[0] == TOTAL_LABEL, (
        f"the first summary row is {total[0]!r}, expected {TOTAL_LABEL!r}"
    )
    assert len(total) >= 4, f"the total row has {len(total)} cells: {total}"
    assert total[1] == vn_number(expected["total"]), (
        f"total calls {REPORT_FROM}..{REPORT_TO}: {total[1]!r}, expected {expected['total']}"
    )
    assert total[2] == vn_number(expected["previous"]), (
        f"total calls the same period last year: {total[2]!r}, expected {expected['previous']}"
    )
    diff = expected["total"] - expected["previous"]
    assert total[3].startswith(("+" if diff >= 0 else "") + vn_number(diff)), (
        f"the change column: {total[3]!r}, expected it to start with {diff:+d}"
    )

    assert b.has("#by-topic"), "no #by-topic section"
    topic = [r for r in table_rows(b, "#by-topic") if r and label_is(r[0], TOPIC_LABEL)]
    assert topic, f"#by-topic has no row {TOPIC_LABEL!r}: {table_rows(b, '#by-topic')}"
    assert topic[0][1] == vn_number(expected["topic"]), (
        f"#by-topic {TOPIC_LABEL}: {topic[0][1]!r}, expected {expected['topic']}"
    )
    assert b.has("#by-kind"), "no #by-kind section"
    silent = [r for r in table_rows(b, "#by-kind") if r and label_is(r[0], KIND_LABELS["silent"])]
    assert silent, f"#by-kind has no row {KIND_LABELS['silent']!r}"
    assert silent[0][1] == vn_number(expected["silent"]), (
        f"#by-kind {KIND_LABELS['silent']}: {silent[0][1]!r}, expected {expected['silent']}"
    )
    no_new_console_errors(b, since)


def test_6_report_downloads_as_xlsx(browser, hotline):
    b = browser
    since = len(b.console_errors)
    log_in_counsellor(b)
    expected = ensure_report_calls(hotline)

    b.visit(f"/hotline/report?from={REPORT_FROM}&to={REPORT_TO}")
    assert b.has("a#report-xlsx"), "no a#report-xlsx link on the report page"
    b.clear_downloads()
    b.find("a#report-xlsx").click()
    path = b.wait_for_download(".xlsx")

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        # Columns A and B of every row (a title row may have A only).
        wide = [tuple(row) for row in sheet.iter_rows(values_only=True)]
        rows = [(row + (None, None))[:2] for row in wide]
    finally:
        book.close()
    # read_only sheets do not parse the views; the frozen pane is read from a full load.
    frozen = openpyxl.load_workbook(path).worksheets[0].freeze_panes
    labelled = {str(label).strip(): value for label, value in rows if label is not None}
    assert TOTAL_LABEL in labelled, (
        f"{path.name}: no row with {TOTAL_LABEL!r} in column A of the first sheet; column A: "
        f"{[a for a, _ in rows][:20]}"
    )
    total = labelled[TOTAL_LABEL]
    assert isinstance(total, (int, float)) and not isinstance(total, bool), (
        f"{path.name}: column B of {TOTAL_LABEL!r} is {total!r} ({type(total).__name__}),"
        " expected a number"
    )
    assert total == expected["total"], (
        f"{path.name}: {TOTAL_LABEL} = {total}, expected {expected['total']}"
    )

    # The comparison columns are numbers too, in the formats the page shows: a signed
    # difference and a ratio kept as a fraction (Excel shows it as a percentage).
    full = {str(r[0]).strip(): r for r in wide if r and r[0] is not None}
    _, now, before, diff, ratio = (tuple(full[TOTAL_LABEL]) + (None,) * 5)[:5]
    assert before == expected["previous"], (
        f"{path.name}: the same period last year is {before!r}, expected {expected['previous']}"
    )
    assert diff == expected["total"] - expected["previous"], (
        f"{path.name}: the difference is {diff!r}, expected {expected['total'] - expected['previous']}"
    )
    if expected["previous"]:
        assert isinstance(ratio, float) and abs(ratio - expected["total"] / expected["previous"]) < 0.01, (
            f"{path.name}: the ratio to last year is {ratio!r}, expected about "
            f"{expected['total'] / expected['previous']:.2f} as a number"
        )
    assert frozen, f"{path.name}: the heading rows are not frozen"

    topic = [v for a, v in rows if label_is(a, TOPIC_LABEL)]
    assert topic, f"{path.name}: no row {TOPIC_LABEL!r} in column A"
    assert topic[0] == expected["topic"], (
        f"{path.name}: {TOPIC_LABEL} = {topic[0]!r}, expected {expected['topic']}"
    )
    no_new_console_errors(b, since)


def test_6b_report_prints_as_an_administrative_document(browser, hotline):
    """Printed, the report is a document: the unit's heading and the national motto, the
    title, the signature; no site header, menu, filter or download button."""
    b = browser
    log_in_counsellor(b)
    ensure_report_calls(hotline)
    b.visit(f"/hotline/report?from={REPORT_FROM}&to={REPORT_TO}")
    shown = lambda css: b.driver.execute_script(
        "const e = document.querySelector(arguments[0]);"
        "return !!e && getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0", css)
    assert shown("#report-summary") and not shown(".doc-heading"), "on screen: the print heading shows"
    b.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        for css in (".doc-heading", ".doc-signature", "#report-summary"):
            assert shown(css), f"printed: {css} is not shown"
        for css in (".site-header", "#main-nav", "#report-filter", "#report-xlsx"):
            assert not shown(css), f"printed: {css} is still shown"
        heading = b.text(".doc-heading")
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in heading, f"the heading: {heading!r}"
        assert re.search(r"ngày \d{2} tháng \d{2} năm \d{4}", heading), f"no date in the heading: {heading!r}"
    finally:
        b.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
