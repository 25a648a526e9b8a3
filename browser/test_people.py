"""People registry walk-through: a case worker registers a child, is warned when the
same name and birth year come again and registers the second person anyway, finds
both by typing the name without tone marks (the ID number masked), and a bad date
of birth comes back beside its field with the rest of the form kept. Then a
counsellor completes a call that the telephone system logged through the API.

The module fixture `people` makes the case worker (through the server's command
line, then its first login and password change in the browser); the fixture
`telephony` makes the counsellor, its API token and the hotline line 18006605.
The tests run in the order written and share the STATE below (test 1 registers
the two records that test 2 searches for); each can also run alone (pytest -k),
registering what it needs itself. On a server where earlier runs registered the
same name, the first registration may be warned about those: it is then
confirmed, and the records of this run are told apart by their ids.

The API is used only to set things up: what is tested is what the case worker and
the counsellor see in the browser.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta, timezone

import pytest
import requests
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from conftest import (
    BASE_URL, PERSON_PATH, TIMEOUT, create_account, field_errors, linked_person_ids, log_in_as,
    no_new_console_errors, open_new_person, person_id, save_person, search_people,
)

CASE_WORKER = "canbo01"
CASE_WORKER_INITIAL_PASSWORD = "Can-Bo-Xa-2026#"
CASE_WORKER_NEW_PASSWORD = "Ha-Long-Xanh-2026!"
CASE_WORKER_FULL_NAME = "Trần Văn Bình"

COUNSELLOR = "tuvan02"
COUNSELLOR_INITIAL_PASSWORD = "Tu-Van-Vien-2026#"
COUNSELLOR_NEW_PASSWORD = "Cua-Ong-Xanh-2026!"
COUNSELLOR_FULL_NAME = "Đỗ Thị Thu Hằng"

# The child registered twice: the same name and birth year, so the second is warned.
PERSON_NAME = "Nguyễn Thị Hoà"
PERSON_NAME_TYPED = "nguyen thi hoa"  # no tone marks: the search folds them
PERSON_SEX = "female"
PERSON_BIRTH = "2015-03-02"
SECOND_BIRTH = "2015-09-15"  # same year, another day: still a likely duplicate
PERSON_GROUP = "child.orphanBoth"
# 12 digits: Quảng Ninh (022), a woman born in the 2000s (3), in 2015 (15), 6 random
# digits, so that the number is new on every run (the server refuses one already on file).
PERSON_ID_NUMBER = "022315" + "".join(secrets.choice("0123456789") for _ in range(6))
PERSON_ID_MASKED = PERSON_ID_NUMBER[:3] + "*" * 6 + PERSON_ID_NUMBER[-3:]
PERSON_PHONE = "09" + "".join(secrets.choice("0123456789") for _ in range(8))

LINE = {"number": "18006605", "name": "Tổng đài", "hours": "Giờ hành chính"}
CALLER_PHONE = "0912345678"
# Typed and shown by its name: users never see a topic's code.
TOPIC = "Chính sách trợ giúp xã hội"
WORK_INCOMPLETE_HEADING = "Cuộc gọi cần hoàn thiện"
TITLE_COMPLETE = "Hoàn thiện cuộc gọi"
TITLE_EDIT = "Sửa cuộc gọi"

CALL_PATH = re.compile(r"/hotline/calls/([0-9a-f-]{36})")

# Shared between the tests, filled as they go.
STATE: dict = {}


# ---------------------------------------------------------------- setup


@pytest.fixture(scope="module")
def people(browser, cli):
    """The case worker, logged in (its first login changes the password)."""
    STATE["case_worker_new"] = create_account(
        cli, CASE_WORKER, "caseWorker", CASE_WORKER_INITIAL_PASSWORD, CASE_WORKER_FULL_NAME
    )
    log_in_case_worker(browser)


@pytest.fixture(scope="module")
def telephony(cli):
    """The counsellor, its API token (as a requests session) and the line."""
    STATE["counsellor_new"] = create_account(
        cli, COUNSELLOR, "counsellor", COUNSELLOR_INITIAL_PASSWORD, COUNSELLOR_FULL_NAME
    )
    # The token is the last line printed (log lines, "[ WARNING ] ...", go to stdout too).
    out = cli("token", "create", "--user", COUNSELLOR, "--name", "x").stdout
    lines = [
        line.strip() for line in out.splitlines() if line.strip() and not line.startswith("[ ")
    ]
    assert lines and " " not in lines[-1], f"no token on the last line of:\n{out}"
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {lines[-1]}"
    api.headers["Accept"] = "application/json"

    r = api.post(BASE_URL + "/api/v1/hotline/lines", json=LINE, timeout=TIMEOUT)
    assert r.status_code in (201, 422), f"POST /api/v1/hotline/lines: {r.status_code} {r.text[:300]}"
    if r.status_code == 422:  # only acceptable when the line exists already
        listed = api.get(BASE_URL + "/api/v1/hotline/lines", timeout=TIMEOUT)
        assert listed.status_code == 200, f"GET /api/v1/hotline/lines: {listed.status_code}"
        numbers = [line["number"] for line in listed.json()]
        assert LINE["number"] in numbers, f"creating the line was refused: {r.text[:300]}"
    return api


def log_in_case_worker(b) -> None:
    log_in_as(b, STATE, CASE_WORKER, CASE_WORKER_FULL_NAME, STATE.get("case_worker_new", False),
              CASE_WORKER_INITIAL_PASSWORD, CASE_WORKER_NEW_PASSWORD)


def log_in_counsellor(b) -> None:
    log_in_as(b, STATE, COUNSELLOR, COUNSELLOR_FULL_NAME, STATE.get("counsellor_new", False),
              COUNSELLOR_INITIAL_PASSWORD, COUNSELLOR_NEW_PASSWORD)


# ---------------------------------------------------------------- helpers


def fill_person(b, *, name: str, birth: str, sex: str = "", id_number: str = "",
                phones: str = "", groups: tuple[str, ...] = ()) -> None:
    b.fill('form#person-form [name="fullName"]', name)
    if sex:
        Select(b.find('form#person-form select[name="sex"]')).select_by_value(sex)
    b.fill('form#person-form [name="birthDate"]', birth)
    if id_number:
        b.fill('form#person-form [name="idNumber"]', id_number)
    if phones:
        b.fill('form#person-form [name="phones"]', phones)
    for group in groups:
        box = b.find(f'form#person-form input[type="checkbox"][name="groups[]"][value="{group}"]')
        if not box.is_selected():
            box.click()
        assert box.is_selected(), f"the checkbox groups[]={group} is not ticked"


def register(b, *, name: str, birth: str, **fields) -> str:
    """Registers a person, confirming past any earlier records; returns its id."""
    open_new_person(b)
    fill_person(b, name=name, birth=birth, **fields)
    save_person(b, http_error_expected=True)
    if b.has("#confirm-distinct"):
        b.click_and_wait(b.find("#confirm-distinct"))
    assert not field_errors(b), f"registering {name} was refused: {field_errors(b)}"
    return person_id(b)


def ensure_records(b) -> tuple[str, str]:
    """The two records of test 1 (registered here when test 2 runs alone)."""
    if "first" not in STATE:
        STATE["first"] = register(
            b, name=PERSON_NAME, birth=PERSON_BIRTH, sex=PERSON_SEX, id_number=PERSON_ID_NUMBER,
            phones=PERSON_PHONE, groups=(PERSON_GROUP,),
        )
    if "second" not in STATE:
        STATE["second"] = register(b, name=PERSON_NAME, birth=SECOND_BIRTH, sex=PERSON_SEX)
    return STATE["first"], STATE["second"]


def incomplete_call_ids(b) -> list[str]:
    """The ids linked under "Cuộc gọi cần hoàn thiện" on /hotline/work."""
    b.visit("/hotline/work")
    assert b.path == "/hotline/work", f"/hotline/work led to {b.path}"
    hrefs = b.driver.execute_script(
        """
        const h = [...document.querySelectorAll('h2')]
          .find(e => e.textContent.trim() === arguments[0]);
        if (!h) return null;
        const links = [];
        for (let e = h.nextElementSibling; e && e.tagName !== 'H2'; e = e.nextElementSibling) {
          e.querySelectorAll('a[href]').forEach(a => links.push(a.getAttribute('href')));
        }
        return links;
        """,
        WORK_INCOMPLETE_HEADING,
    )
    assert hrefs is not None, f"no <h2>{WORK_INCOMPLETE_HEADING}</h2> on /hotline/work"
    ids = []
    for href in hrefs:
        m = CALL_PATH.search(href)
        if m:
            ids.append(m.group(1))
    return ids


# ---------------------------------------------------------------- tests


def test_1_register_a_person_and_see_the_duplicate_warning(browser, people):
    b = browser
    since = len(b.console_errors)
    log_in_case_worker(b)

    # Records of the same name left by earlier runs on this server, if any.
    search_people(b, PERSON_NAME_TYPED)
    earlier = set(linked_person_ids(b, "table"))

    open_new_person(b)
    fill_person(
        b, name=PERSON_NAME, sex=PERSON_SEX, birth=PERSON_BIRTH, id_number=PERSON_ID_NUMBER,
        phones=PERSON_PHONE, groups=(PERSON_GROUP,),
    )
    save_person(b, http_error_expected=bool(earlier))
    if earlier and b.has("#confirm-distinct"):  # warned about an earlier run's records
        b.click_and_wait(b.find("#confirm-distinct"))
    assert not field_errors(b), f"the registration was refused: {field_errors(b)}"
    assert not b.has("#duplicates"), (
        f"a duplicate warning on the first registration of {PERSON_NAME} on a server without it"
    )
    first = person_id(b)
    assert b.text("h1") == PERSON_NAME, f"the person page's h1 is {b.text('h1')!r}"
    assert first not in earlier
    STATE["first"] = first

    # The same name and birth year again: warned, with a link to the first record.
    open_new_person(b)
    fill_person(b, name=PERSON_NAME, sex=PERSON_SEX, birth=SECOND_BIRTH)
    save_person(b, http_error_expected=True)
    assert b.path in ("/people", "/people/new"), f"after the second registration: on {b.path}"
    assert b.has("section#duplicates"), (
        f"no section#duplicates when registering {PERSON_NAME} born {SECOND_BIRTH[:4]} again"
    )
    listed = linked_person_ids(b, "section#duplicates")
    assert first in listed, (
        f"section#duplicates does not link to /people/{first}: {listed} "
        f"({b.text('section#duplicates')!r})"
    )
    assert b.has("section#duplicates button#confirm-distinct"), "no button#confirm-distinct right under the warning"
    kept = b.find('form#person-form [name="fullName"]').get_attribute("value")
    assert kept == PERSON_NAME, f"fullName after the warning: {kept!r}, expected {PERSON_NAME!r}"

    # It is someone else: the second record is created.
    b.click_and_wait(b.find("button#confirm-distinct"))
    assert not field_errors(b), f"the confirmed registration was refused: {field_errors(b)}"
    second = person_id(b)
    assert second != first, "pressing #confirm-distinct led back to the first record"
    assert second not in earlier
    assert b.text("h1") == PERSON_NAME, f"the second person page's h1 is {b.text('h1')!r}"
    STATE["second"] = second
    no_new_console_errors(b, since)


def test_2_search_without_tone_marks(browser, people):
    b = browser
    since = len(b.console_errors)
    log_in_case_worker(b)
    first, second = ensure_records(b)

    search_people(b, PERSON_NAME_TYPED)
    assert b.find('form#person-search [name="q"]').get_attribute("value") == PERSON_NAME_TYPED
    rows = b.driver.execute_script(
        "return [...document.querySelectorAll('table tbody tr')].map(tr => ({"
        " href: (tr.querySelector('a[href]') || {}).href || '',"
        " cells: [...tr.cells].map(c => c.textContent.trim())}))"
    )
    by_id = {}
    for row in rows:
        m = PERSON_PATH.search(row["href"])
        if m:
            by_id[m.group(1)] = row["cells"]
    for pid in (first, second):
        assert pid in by_id, (
            f"searching {PERSON_NAME_TYPED!r} does not list /people/{pid}; rows: "
            f"{[r['cells'] for r in rows][:10]}"
        )
        assert by_id[pid][0] == PERSON_NAME, f"the row of /people/{pid}: {by_id[pid]}"

    cells = by_id[first]
    assert PERSON_ID_MASKED in cells, (
        f"the first record's row does not show the ID number as {PERSON_ID_MASKED}: {cells}"
    )
    assert not any(PERSON_ID_NUMBER in c for c in cells), (
        f"the full ID number {PERSON_ID_NUMBER} is shown in the results: {cells}"
    )
    assert PERSON_ID_NUMBER not in b.driver.page_source, "the full ID number is in the page"
    no_new_console_errors(b, since)


def test_3_bad_input_keeps_what_was_typed(browser, people):
    b = browser
    since = len(b.console_errors)
    log_in_case_worker(b)
    name = "Phạm Văn Đức"

    open_new_person(b)
    fill_person(b, name=name, birth="2999-01-01")
    save_person(b, http_error_expected=True)
    assert not PERSON_PATH.fullmatch(b.path), f"a person born in 2999 was registered: {b.path}"
    assert b.has("form#person-form"), f"the form is not shown again ({b.path})"
    assert b.has("#birthDate-error"), (
        f"no #birthDate-error beside the date of birth; errors: {field_errors(b)}"
    )
    assert b.text("#birthDate-error"), "#birthDate-error is empty"
    kept = b.find('form#person-form [name="fullName"]').get_attribute("value")
    assert kept == name, f"fullName after the error: {kept!r}, expected {name!r}"
    birth = b.find('form#person-form [name="birthDate"]').get_attribute("value")
    assert birth == "2999-01-01", f"birthDate after the error: {birth!r}"
    no_new_console_errors(b, since)


def test_4_complete_a_call_logged_by_the_telephone_system(browser, telephony):
    b = browser
    since = len(b.console_errors)

    # The telephone system logs the call: line, start and caller only.
    now = datetime.now(timezone(timedelta(hours=7))).replace(microsecond=0)
    body = {"line": LINE["number"], "startedAt": now.isoformat(), "caller": {"phone": CALLER_PHONE}}
    r = telephony.post(BASE_URL + "/api/v1/calls", json=body, timeout=TIMEOUT)
    assert r.status_code == 201, f"POST /api/v1/calls {body}: {r.status_code} {r.text[:300]}"
    stored = r.json()
    assert stored.get("incomplete") is True, f"the call is not incomplete: {stored}"
    call_id = str(stored["id"]).lower()

    log_in_counsellor(b)
    listed = incomplete_call_ids(b)
    assert call_id in listed, (
        f"/hotline/work does not list /hotline/calls/{call_id} under "
        f"{WORK_INCOMPLETE_HEADING!r}: {listed}"
    )
    link = [
        a for a in b.find_all("a[href]")
        if (CALL_PATH.search(a.get_attribute("href") or "") or [None, None])[1] == call_id
    ]
    b.click_and_wait(link[0])
    assert b.path == f"/hotline/calls/{call_id}", f"the link led to {b.path}"
    assert b.text("h1") == TITLE_COMPLETE, f"the call's h1 is {b.text('h1')!r}"
    assert b.has("form#call-form"), "no form#call-form on the call page"

    # A topic, then Enter in that field: saved as a counselling call.
    topic = b.find("form#call-form input#topic1")
    topic.clear()
    topic.send_keys(TOPIC)
    b.act_and_wait(lambda: topic.send_keys(Keys.ENTER))
    assert not field_errors(b), f"completing the call was refused: {field_errors(b)}"
    assert b.path == f"/hotline/calls/{call_id}", f"after saving: on {b.path}"
    assert b.text("h1") == TITLE_EDIT, (
        f"after saving, the h1 is {b.text('h1')!r}, expected {TITLE_EDIT!r} (still incomplete?)"
    )
    # What the server stored, not the draft the form restores: drop the draft, reload.
    draft_key = f"ansinh-draft-call-{call_id}"
    b.driver.execute_script("localStorage.removeItem(arguments[0])", draft_key)
    b.act_and_wait(b.driver.refresh)
    assert b.text("h1") == TITLE_EDIT, f"after a reload, the h1 is {b.text('h1')!r}"
    stored_topic = b.find("input#topic1").get_attribute("value")
    assert stored_topic == TOPIC, f"input#topic1 of the saved call: {stored_topic!r}, expected {TOPIC}"

    assert call_id not in incomplete_call_ids(b), (
        f"/hotline/work still lists /hotline/calls/{call_id} after it was completed"
    )
    no_new_console_errors(b, since)
