"""Person page forms, case edits that cross, transfers between units and merges.

A case worker registers a child and her grandmother, adds the grandmother as the child's
relative (and legal representative) from the people search, records the child's consent
(refused first without the child's own consent, she is over 7), withdraws it, and gives the
grandmother a monthly allowance through the rows of the person form. Two windows edit the
child's case at once: the second save meets the conflict page, keeps what was typed and saves
on the second try. A supervisor sends the case to another unit (made by an administrator in
the admin pages) whose supervisor accepts it. Last, a supervisor merges two records of one
man, and the case of the duplicate follows the record kept.

The module fixture `team` makes the case worker, the supervisor and an administrator (not
`admin`: test_foundation checks the first login of that one) through the server's command
line; the receiving unit and its supervisor are made by test 5 when it needs them. The tests
run in the order written and share the STATE below; each can also run alone (pytest -k): it
then makes what it needs through the same pages. Every name carries a random word, so the
module can run again on the same server.

What is tested is what the users see in the browser.
"""

from __future__ import annotations

import re
import secrets
import string
from datetime import datetime
from urllib.parse import parse_qs, urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import (
    CASE_PATH, VIETNAM,
    PERSON_PATH, create_account, facts, field_errors, linked_person_ids, log_in_as,
    no_new_console_errors, open_new_person, person_id, rows_under, save_person, search_people,
)
from test_foundation import create_unit, log_out, logged_in

CASE_WORKER = "canbo03"
CASE_WORKER_INITIAL_PASSWORD = "Can-Bo-Doi-2026#"
CASE_WORKER_NEW_PASSWORD = "Bai-Tu-Long-2026!"
CASE_WORKER_FULL_NAME = "Lý Thị Hồng Nhung"

SUPERVISOR = "giamsat03"
SUPERVISOR_INITIAL_PASSWORD = "Giam-Sat-Doi-2026#"
SUPERVISOR_NEW_PASSWORD = "Van-Don-Xanh-2026!"
SUPERVISOR_FULL_NAME = "Hà Văn Quyết"

ADMIN = "quantri03"
ADMIN_INITIAL_PASSWORD = "Quan-Tri-Doi-2026#"
ADMIN_NEW_PASSWORD = "Co-To-Xanh-2026!"
ADMIN_FULL_NAME = "Lưu Quang Minh"

# A word of five random letters in every name: new records, unit and account on every run.
WORD = "".join(secrets.choice(string.ascii_lowercase) for _ in range(5))
TAG = WORD.capitalize()

# The receiving unit's supervisor (in a unit made by this run).
RECEIVER = f"giamsat.{WORD}"
RECEIVER_INITIAL_PASSWORD = "Nhan-Ho-So-2026#"
RECEIVER_NEW_PASSWORD = "Mong-Cai-Xanh-2026!"
RECEIVER_FULL_NAME = f"Mai Văn Tùng {TAG}"

CHILD_NAME = f"Đinh Thị Ngọc Ánh {TAG}"
CHILD_BIRTH = "2015-08-19"  # over 7: her own consent is needed too
GRANDMOTHER_NAME = f"Đinh Thị Lựu {TAG}"
GRANDMOTHER_TYPED = f"dinh thi luu {WORD}"  # no tone marks: the search folds them
GRANDMOTHER_BIRTH = "1948-02-10"
RELATION, RELATION_LABEL = "grandparent", "Ông, bà"
REMOVE_RELATION_LABEL = "Xóa quan hệ"

CONSENT_PURPOSE, CONSENT_PURPOSE_LABEL = "dataProcessing", "Xử lý dữ liệu cá nhân"
CONSENT_NOTES = "Bà ký biên bản đồng ý tại nhà, cháu đồng ý bằng lời"
BY_PERSON_REQUIRED = "Cần sự đồng ý của chính người này (trẻ từ 7 tuổi cũng phải đồng ý)."
IN_FORCE, NOT_IN_FORCE = "Còn hiệu lực", "Hết hiệu lực"

ALLOWANCE_GROUP = "elderly"
ALLOWANCE_AMOUNT = "540.000"
ALLOWANCE_SINCE = "01/2024"  # months typed and shown as mm/yyyy
ALLOWANCE_SHOWN = f"Người cao tuổi: {ALLOWANCE_AMOUNT} đ/tháng (từ {ALLOWANCE_SINCE})"
ALLOWANCE_AMOUNT_BAD = "540k"
ALLOWANCE_AMOUNT_ERROR = "Mức trợ cấp là số đồng mỗi tháng, ví dụ 540.000."

CASE_TYPE, CASE_SOURCE, CASE_GROUP = "childProtection", "walkIn", "child.violence"
PROTECTION_LABELS = {"support": "Hỗ trợ", "intervention": "Can thiệp"}
SUMMARY_OTHER_WINDOW = f"Bà báo trẻ bị đánh ở trường ({WORD})"
SUMMARY_TYPED = f"Trẻ bị bạn cùng lớp đánh nhiều lần; bà xin hỗ trợ ({WORD})"
CONFLICT_TITLE = "Bản ghi đã được người khác sửa"

TRANSFER_REASON = f"Gia đình chuyển về phường Hạ Long ({WORD})"
TRANSFER_WAITING, TRANSFER_ACCEPTED = "Chờ nhận", "Đã nhận"

# One man registered twice (the same name, birth years within one): merged by a supervisor.
MAN_NAME = f"Trịnh Văn Sơn {TAG}"
MAN_TYPED = f"trinh van son {WORD}"
MAN_BIRTH = "1982-04-11"
MAN_BIRTH_AGAIN = "1982-12-01"
MAN_CASE_TYPE, MAN_CASE_GROUP = "socialWorkClient", "homeless"

CASE_NUMBER = re.compile(r"\b[A-Z0-9]+-\d{4}-\d{4}\b")

# Shared between the tests, filled as they go.
STATE: dict = {}


# ---------------------------------------------------------------- setup


@pytest.fixture(scope="module")
def team(browser, cli):
    """The case worker (logged in), the supervisor and an administrator of the center."""
    STATE["case_worker_new"] = create_account(
        cli, CASE_WORKER, "caseWorker", CASE_WORKER_INITIAL_PASSWORD, CASE_WORKER_FULL_NAME
    )
    STATE["supervisor_new"] = create_account(
        cli, SUPERVISOR, "supervisor", SUPERVISOR_INITIAL_PASSWORD, SUPERVISOR_FULL_NAME
    )
    STATE["admin_new"] = create_account(
        cli, ADMIN, "admin", ADMIN_INITIAL_PASSWORD, ADMIN_FULL_NAME
    )
    as_case_worker(browser)


def switch_to(b, username: str, full_name: str, new_key: str, initial: str, changed: str) -> None:
    """Log out whoever is logged in (unless it is full_name already), then log in."""
    if logged_in(b) and b.text("header .user-name") != full_name:
        log_out(b)
    log_in_as(b, STATE, username, full_name, STATE.get(new_key, False), initial, changed)


def as_case_worker(b) -> None:
    switch_to(b, CASE_WORKER, CASE_WORKER_FULL_NAME, "case_worker_new",
              CASE_WORKER_INITIAL_PASSWORD, CASE_WORKER_NEW_PASSWORD)


def as_supervisor(b) -> None:
    switch_to(b, SUPERVISOR, SUPERVISOR_FULL_NAME, "supervisor_new",
              SUPERVISOR_INITIAL_PASSWORD, SUPERVISOR_NEW_PASSWORD)


def as_admin(b) -> None:
    switch_to(b, ADMIN, ADMIN_FULL_NAME, "admin_new", ADMIN_INITIAL_PASSWORD, ADMIN_NEW_PASSWORD)


def as_receiver(b) -> None:
    switch_to(b, RECEIVER, RECEIVER_FULL_NAME, "receiver_new",
              RECEIVER_INITIAL_PASSWORD, RECEIVER_NEW_PASSWORD)


# ---------------------------------------------------------------- helpers: people


def today_in_vietnam():
    return datetime.now(VIETNAM).date()


def register(b, name: str, birth: str, sex: str) -> str:
    """Registers a person (confirming past a duplicate warning); returns the new id."""
    open_new_person(b)
    b.fill('form#person-form [name="fullName"]', name)
    Select(b.find('form#person-form select[name="sex"]')).select_by_value(sex)
    b.fill('form#person-form [name="birthDate"]', birth)
    save_person(b, http_error_expected=True)
    if b.has("#confirm-distinct"):
        b.click_and_wait(b.find("#confirm-distinct"))
    assert not field_errors(b), f"registering {name} was refused: {field_errors(b)}"
    assert b.text("h1") == name, f"the person page's h1 is {b.text('h1')!r}, expected {name!r}"
    return person_id(b)


def ensure_family(b) -> tuple[str, str]:
    """The child and her grandmother (registered here when a later test runs alone)."""
    if "child" not in STATE:
        as_case_worker(b)
        STATE["child"] = register(b, CHILD_NAME, CHILD_BIRTH, "female")
    if "grandmother" not in STATE:
        as_case_worker(b)
        STATE["grandmother"] = register(b, GRANDMOTHER_NAME, GRANDMOTHER_BIRTH, "female")
    return STATE["child"], STATE["grandmother"]


def open_person(b, pid: str, **kwargs) -> None:
    b.visit(f"/people/{pid}", **kwargs)
    assert b.path == f"/people/{pid}", f"/people/{pid} led to {b.path}"


def relation_rows(b) -> list[list[str]]:
    """Name, relation and legal-representative mark of each relative (the last cell, a
    "Xóa quan hệ" button, is checked on its own)."""
    rows = rows_under(b, "Gia đình, người thân")
    assert rows is not None, f"no <h2>Gia đình, người thân</h2> on {b.path}"
    for row in rows:
        assert row[3:] == [REMOVE_RELATION_LABEL], f"a relation row without its remove button: {row}"
    return [row[:3] for row in rows]


def consent_rows(b) -> list[list[str]]:
    rows = rows_under(b, "Đồng ý xử lý dữ liệu")
    assert rows is not None, f"no <h2>Đồng ý xử lý dữ liệu</h2> on {b.path}"
    return rows


def case_rows(b) -> list[list[str]]:
    rows = rows_under(b, "Hồ sơ trường hợp")
    assert rows is not None, f"no <h2>Hồ sơ trường hợp</h2> on {b.path}"
    return rows


def add_grandmother_from_search(b, child: str, grandmother: str) -> None:
    """On the child's page: #add-relation, the search, the grandmother's row's form."""
    open_person(b, child)
    assert b.has("a#add-relation"), f"no a#add-relation on /people/{child}"
    b.click_and_wait(b.find("a#add-relation"))
    assert b.path == "/people", f"a#add-relation led to {b.path}"
    query = parse_qs(urlparse(b.driver.current_url).query)
    assert query.get("linkPerson") == [child], f"a#add-relation led to {b.driver.current_url}"

    b.fill('form#person-search [name="q"]', GRANDMOTHER_TYPED)
    b.submit("form#person-search")
    assert b.path == "/people", f"the search led to {b.path}"
    query = parse_qs(urlparse(b.driver.current_url).query)
    assert query.get("linkPerson") == [child], (
        f"the search from a#add-relation lost linkPerson: {b.driver.current_url}"
    )
    row = result_row(b, grandmother)
    assert row is not None, (
        f"searching {GRANDMOTHER_TYPED!r} does not list /people/{grandmother}: "
        f"{linked_person_ids(b, 'table')}"
    )
    forms = row.find_elements(By.CSS_SELECTOR, "form.add-relation")
    assert forms, f"the grandmother's row offers no form.add-relation: {row.text!r}"
    form = forms[0]
    Select(form.find_element(By.CSS_SELECTOR, 'select[name="relation"]')).select_by_value(RELATION)
    box = form.find_element(By.CSS_SELECTOR, 'input[type="checkbox"][name="legalRepresentative"]')
    if not box.is_selected():
        box.click()
    assert box.is_selected(), "the legalRepresentative checkbox is not ticked"
    b.click_and_wait(form.find_element(By.CSS_SELECTOR, 'button[type="submit"]'),
                     http_error_expected=True)


def result_row(b, pid: str):
    """The row of the search results that links to /people/pid, or None."""
    for tr in b.find_all("table tbody tr"):
        for a in tr.find_elements(By.CSS_SELECTOR, "a[href]"):
            m = PERSON_PATH.search(a.get_attribute("href") or "")
            if m and m.group(1) == pid:
                return tr
    return None


def ensure_relation(b) -> tuple[str, str]:
    """The grandmother recorded as the child's legal representative."""
    child, grandmother = ensure_family(b)
    if not STATE.get("relation"):
        as_case_worker(b)
        add_grandmother_from_search(b, child, grandmother)
        assert b.path == f"/people/{child}", f"adding the relative led to {b.path}"
        STATE["relation"] = True
    return child, grandmother


def vn(day) -> str:
    """A date as users type and read it: dd/mm/yyyy."""
    return day.strftime("%d/%m/%Y")


def set_date(b, element, day) -> None:
    """Type a date as a user does: a text field, dd/mm/yyyy."""
    element.clear()
    element.send_keys(vn(day))
    assert element.get_attribute("value") == vn(day)


# ---------------------------------------------------------------- helpers: cases


def open_case_for(b, pid: str, case_type: str = CASE_TYPE, group: str = CASE_GROUP) -> str:
    """Opens a case for the person (the case worker is logged in); returns its id."""
    b.visit(f"/cases/new?person={pid}")
    assert b.has("form#case-form"), f"no form#case-form on {b.path}"
    Select(b.find('form#case-form select[name="type"]')).select_by_value(case_type)
    Select(b.find('form#case-form select[name="source"]')).select_by_value(CASE_SOURCE)
    box = b.find(f'form#case-form input[name="clientGroups[]"][value="{group}"]')
    if not box.is_selected():
        box.click()
    b.submit("form#case-form", http_error_expected=True)
    m = CASE_PATH.fullmatch(b.path)
    assert m, f"opening the case led to {b.path}; errors: {field_errors(b)}"
    return m.group(1)


def ensure_case(b) -> str:
    """The child's case (opened here when a later test runs alone)."""
    if "case" not in STATE:
        child, _ = ensure_family(b)
        as_case_worker(b)
        STATE["case"] = open_case_for(b, child)
    return STATE["case"]


def open_case(b, case: str, **kwargs) -> None:
    b.visit(f"/cases/{case}", **kwargs)
    assert b.path == f"/cases/{case}", f"/cases/{case} led to {b.path}"


def case_number(b) -> str:
    m = CASE_NUMBER.search(b.text("h1"))
    assert m, f"the case page's h1 has no case number: {b.text('h1')!r}"
    return m.group(0)


def conflict_rows(b) -> dict[str, tuple[str, str]]:
    """The conflict notice's table as {label: (stored, typed)}."""
    rows = b.driver.execute_script(
        "return [...document.querySelectorAll('section.conflict tbody tr')]"
        ".map(tr => [...tr.cells].map(c => c.textContent.trim()))"
    )
    return {row[0]: (row[1], row[2]) for row in rows if len(row) == 3}


def transfer_unit_options(b) -> set[str]:
    """The units offered in form#case-transfer (every active unit but the case's own)."""
    assert b.has("form#case-transfer select#toUnitId"), (
        f"no form#case-transfer select#toUnitId on {b.path}"
    )
    return {
        o.text.strip() for o in Select(b.find("form#case-transfer select#toUnitId")).options
        if o.get_attribute("value")
    }


def ensure_receiving_unit(b, cli) -> tuple[str, str]:
    """A second unit (made by the administrator in the admin pages) and its supervisor
    (made with the command line in that unit); returns the unit's code and name."""
    if "unit" not in STATE:
        as_admin(b)
        STATE["unit"] = create_unit(b)
        code, _ = STATE["unit"]
        STATE["receiver_new"] = create_account(
            cli, RECEIVER, "supervisor", RECEIVER_INITIAL_PASSWORD, RECEIVER_FULL_NAME, unit=code
        )
        assert STATE["receiver_new"], f"the account {RECEIVER} existed before this run"
    return STATE["unit"]


def transfer_row(b, reason: str):
    """The row of /cases/transfers with this reason, or None."""
    for tr in b.find_all("table tbody tr[id^='transfer-']"):
        cells = tr.find_elements(By.TAG_NAME, "td")
        if len(cells) > 3 and cells[3].text.strip() == reason:
            return tr
    return None


def transfer_cells(tr) -> list[str]:
    return [td.text.strip() for td in tr.find_elements(By.TAG_NAME, "td")]


# ---------------------------------------------------------------- tests


def test_1_add_a_relative_from_the_people_search(browser, team):
    b = browser
    since = len(b.console_errors)
    child, grandmother = ensure_family(b)
    as_case_worker(b)

    open_person(b, child)
    assert b.text("h1") == CHILD_NAME, f"the child's page's h1 is {b.text('h1')!r}"
    assert relation_rows(b) == [], f"the new record already lists relatives: {relation_rows(b)}"

    add_grandmother_from_search(b, child, grandmother)
    assert not b.has("#relation-error"), f"adding the relative was refused: {b.text('#relation-error')!r}"
    assert b.path == f"/people/{child}", f"after adding the relative: on {b.path}"
    assert b.has(".flash.success"), "no .flash.success after adding the relative"
    STATE["relation"] = True

    rows = relation_rows(b)
    assert rows == [[GRANDMOTHER_NAME, RELATION_LABEL, "✓"]], (
        f"the relations table shows {rows}, expected the grandmother as legal representative"
    )
    assert grandmother in linked_person_ids(b, "table"), (
        f"the relations table does not link to /people/{grandmother}"
    )

    # The legal representative is now offered in the consent form.
    offered = [o.text.strip() for o in Select(b.find("form#consent-form select#representativeId")).options]
    assert GRANDMOTHER_NAME in offered, f"select#representativeId offers {offered}"
    no_new_console_errors(b, since)


def test_2_consent_of_a_child_needs_her_own_then_is_withdrawn(browser, team):
    b = browser
    since = len(b.console_errors)
    child, _ = ensure_relation(b)
    as_case_worker(b)
    open_person(b, child)
    before = consent_rows(b)
    today = today_in_vietnam()

    assert b.has("form#consent-form"), f"no form#consent-form on /people/{child}"
    Select(b.find('form#consent-form select[name="purpose"]')).select_by_value(CONSENT_PURPOSE)
    given = b.find('form#consent-form input[name="givenOn"]')
    assert given.get_attribute("type") == "text" and given.get_attribute("placeholder") == "dd/mm/yyyy"
    assert given.get_attribute("value") == vn(today), (
        f"givenOn is prefilled with {given.get_attribute('value')!r}, expected today {today}"
    )
    Select(b.find('form#consent-form select[name="representativeId"]')).select_by_visible_text(
        GRANDMOTHER_NAME
    )
    b.fill('form#consent-form input[name="notes"]', CONSENT_NOTES)
    assert not b.find("form#consent-form input#byPerson").is_selected()

    # Only the grandmother consented: the child, 11, must consent too.
    b.submit("form#consent-form", http_error_expected=True)
    assert b.path == f"/people/{child}/consents", f"the refused consent led to {b.path}"
    assert b.status() == 422, f"the refused consent came back with HTTP {b.status()}, expected 422"
    assert b.has("#byPerson-error"), f"no #byPerson-error; errors: {field_errors(b)}"
    assert b.text("#byPerson-error") == BY_PERSON_REQUIRED, (
        f"#byPerson-error says {b.text('#byPerson-error')!r}"
    )
    beside = b.driver.execute_script(
        "const f = document.querySelector('#byPerson-error').closest('.field');"
        "return !!(f && f.querySelector('input#byPerson'));"
    )
    assert beside, "#byPerson-error is not in the field of input#byPerson"
    assert field_errors(b) == [BY_PERSON_REQUIRED], f"other errors shown: {field_errors(b)}"
    kept = b.find('form#consent-form input[name="notes"]').get_attribute("value")
    assert kept == CONSENT_NOTES, f"the notes after the refusal: {kept!r}"
    purpose = Select(b.find('form#consent-form select[name="purpose"]')).first_selected_option
    assert purpose.get_attribute("value") == CONSENT_PURPOSE, "the purpose was not kept"
    rep = Select(b.find('form#consent-form select[name="representativeId"]')).first_selected_option
    assert rep.text.strip() == GRANDMOTHER_NAME, f"the representative after the refusal: {rep.text!r}"
    assert consent_rows(b) == before, f"a refused consent was recorded: {consent_rows(b)}"

    # With the child's own consent: recorded, in force.
    box = b.find("form#consent-form input#byPerson")
    box.click()
    assert box.is_selected()
    b.submit("form#consent-form", http_error_expected=True)
    assert not field_errors(b), f"the consent was refused: {field_errors(b)}"
    assert b.path == f"/people/{child}", f"after recording the consent: on {b.path}"
    assert b.has(".flash.success"), "no .flash.success after recording the consent"
    rows = consent_rows(b)
    assert len(rows) == len(before) + 1, f"consents shown: {rows}"
    ours = [r for r in rows if r[0] == CONSENT_PURPOSE_LABEL and r[1] == today.strftime("%d/%m/%Y")]
    assert ours, f"no {CONSENT_PURPOSE_LABEL!r} consent given today in {rows}"
    assert ours[0][2] == "" and ours[0][3] == IN_FORCE, f"the new consent's row: {ours[0]}"

    # Withdrawn today: no longer in force, and no second withdrawal offered.
    forms = b.find_all("form.withdraw-consent")
    assert len(forms) == 1, f"{len(forms)} form.withdraw-consent for one consent in force"
    day = forms[0].find_element(By.CSS_SELECTOR, 'input[name="withdrawnOn"]')
    assert day.get_attribute("type") == "text" and day.get_attribute("value") == vn(today)
    set_date(b, day, today)
    b.click_and_wait(forms[0].find_element(By.CSS_SELECTOR, 'button[type="submit"]'),
                     http_error_expected=True)
    assert not field_errors(b), f"the withdrawal was refused: {field_errors(b)}"
    assert b.path == f"/people/{child}", f"after withdrawing the consent: on {b.path}"
    assert b.has(".flash.success"), "no .flash.success after withdrawing the consent"
    rows = consent_rows(b)
    ours = [r for r in rows if r[0] == CONSENT_PURPOSE_LABEL]
    assert len(ours) == 1, f"consents shown after the withdrawal: {rows}"
    assert ours[0][2] == today.strftime("%d/%m/%Y") and ours[0][3] == NOT_IN_FORCE, (
        f"the withdrawn consent's row: {ours[0]}, expected withdrawn today and {NOT_IN_FORCE!r}"
    )
    assert not b.has("form.withdraw-consent"), "a withdrawn consent still offers a withdrawal"
    no_new_console_errors(b, since)


def test_3_allowance_rows_in_the_person_form(browser, team):
    b = browser
    since = len(b.console_errors)
    _, grandmother = ensure_family(b)
    as_case_worker(b)
    open_person(b, grandmother)
    assert b.text("dd#allowances") == "—", f"#allowances before: {b.text('dd#allowances')!r}"

    b.visit(f"/people/{grandmother}/edit")
    assert b.has("form#person-form fieldset#allowances"), f"no fieldset#allowances on {b.path}"
    assert b.has("select#allowance-group-0") and not b.has("select#allowance-group-1"), (
        "a person without allowances is not offered exactly one blank allowance row"
    )
    Select(b.find("select#allowance-group-0")).select_by_value(ALLOWANCE_GROUP)
    b.fill("input#allowance-amount-0", ALLOWANCE_AMOUNT_BAD)
    b.fill("input#allowance-since-0", ALLOWANCE_SINCE)

    # An amount that is not a number of đồng: the row's message, the typed row kept.
    save_person(b, http_error_expected=True)
    assert b.path == f"/people/{grandmother}/edit", f"the refused edit led to {b.path}"
    assert b.status() == 422, f"the refused edit came back with HTTP {b.status()}, expected 422"
    assert b.has("#allowance-0-error"), f"no #allowance-0-error; errors: {field_errors(b)}"
    assert b.text("#allowance-0-error") == ALLOWANCE_AMOUNT_ERROR, (
        f"#allowance-0-error says {b.text('#allowance-0-error')!r}"
    )
    assert b.find("input#allowance-amount-0").get_attribute("value") == ALLOWANCE_AMOUNT_BAD
    chosen = Select(b.find("select#allowance-group-0")).first_selected_option.get_attribute("value")
    assert chosen == ALLOWANCE_GROUP, f"the row's group after the refusal: {chosen!r}"

    b.fill("input#allowance-amount-0", ALLOWANCE_AMOUNT)
    save_person(b, http_error_expected=True)
    assert not field_errors(b), f"the allowance was refused: {field_errors(b)}"
    assert b.path == f"/people/{grandmother}", f"after saving the allowance: on {b.path}"
    assert b.has(".flash.success"), "no .flash.success after saving the allowance"
    assert b.text("dd#allowances") == ALLOWANCE_SHOWN, (
        f"#allowances shows {b.text('dd#allowances')!r}, expected {ALLOWANCE_SHOWN!r}"
    )
    assert facts(b).get("Trợ cấp xã hội hằng tháng") == ALLOWANCE_SHOWN

    # The edit form shows the stored row, and one blank row to add another.
    b.visit(f"/people/{grandmother}/edit")
    group = Select(b.find("select#allowance-group-0")).first_selected_option.get_attribute("value")
    assert group == ALLOWANCE_GROUP, f"allowance-group-0 of the stored row: {group!r}"
    assert b.find("input#allowance-amount-0").get_attribute("value") == ALLOWANCE_AMOUNT
    assert b.find("input#allowance-since-0").get_attribute("value") == ALLOWANCE_SINCE
    assert b.has("select#allowance-group-1"), "no blank row after the stored allowance"
    assert b.find("input#allowance-amount-1").get_attribute("value") == ""
    no_new_console_errors(b, since)


def test_4_case_edits_that_cross_meet_the_conflict_page(browser, team):
    b = browser
    since = len(b.console_errors)
    case = ensure_case(b)
    as_case_worker(b)
    edit = f"/cases/{case}/edit"

    # First window: the edit form, typed into but not saved yet.
    b.visit(edit)
    assert b.path == edit and b.has("form#case-form"), f"no form#case-form on {b.path}"
    version = b.find('form#case-form input[name="version"]').get_attribute("value")
    Select(b.find('form#case-form select[name="protectionLevel"]')).select_by_value("support")
    b.fill("form#case-form textarea#summary", SUMMARY_TYPED)
    first = b.driver.current_window_handle

    # Second window, same user: saves other values first.
    b.driver.switch_to.new_window("tab")
    try:
        b.visit(edit)
        assert b.find('form#case-form input[name="version"]').get_attribute("value") == version
        Select(b.find('form#case-form select[name="protectionLevel"]')).select_by_value("intervention")
        b.fill("form#case-form textarea#summary", SUMMARY_OTHER_WINDOW)
        b.submit("form#case-form", http_error_expected=True)
        assert not field_errors(b), f"the second window's save was refused: {field_errors(b)}"
        assert b.path == f"/cases/{case}", f"the second window's save led to {b.path}"
        assert facts(b).get("Cấp độ bảo vệ") == PROTECTION_LABELS["intervention"]
    finally:
        b.driver.close()
        b.driver.switch_to.window(first)

    # The first window saves on the old version: the conflict page, nothing overwritten.
    b.submit("form#case-form", http_error_expected=True)
    assert b.path == edit, f"the stale save led to {b.path}, expected the form again"
    assert b.status() == 409, f"the stale save came back with HTTP {b.status()}, expected 409"
    assert b.has("section.conflict"), f"no section.conflict after a stale save; errors: {field_errors(b)}"
    assert b.text("section.conflict h2") == CONFLICT_TITLE, (
        f"the conflict notice's title is {b.text('section.conflict h2')!r}"
    )
    both = conflict_rows(b)
    # Only what differs is listed: the two fields the windows set differently.
    assert set(both) == {"Tóm tắt", "Cấp độ bảo vệ"}, f"the conflict notice lists {both}"
    assert both.get("Tóm tắt") == (SUMMARY_OTHER_WINDOW, SUMMARY_TYPED), (
        f"the conflict notice's summary row: {both.get('Tóm tắt')}, expected the stored "
        f"{SUMMARY_OTHER_WINDOW!r} beside the typed {SUMMARY_TYPED!r}"
    )
    # The notice shows the protection level's code (e.g. "intervention") where the form and
    # the case page show its label: either is accepted here.
    stored, typed = both.get("Cấp độ bảo vệ", ("", ""))
    assert stored in ("intervention", PROTECTION_LABELS["intervention"]) and typed in (
        "support", PROTECTION_LABELS["support"]
    ), f"the conflict notice's protection level row: {both.get('Cấp độ bảo vệ')}"
    assert b.find("form#case-form textarea#summary").get_attribute("value") == SUMMARY_TYPED, (
        "the typed summary was not kept on the conflict page"
    )
    level = Select(b.find('form#case-form select[name="protectionLevel"]')).first_selected_option
    assert level.get_attribute("value") == "support", "the typed protection level was not kept"
    fresh = b.find('form#case-form input[name="version"]').get_attribute("value")
    assert int(fresh) > int(version), f"the form still carries version {fresh} (was {version})"

    # The case itself still has the second window's values.
    b.driver.switch_to.new_window("tab")
    try:
        open_case(b, case)
        assert facts(b).get("Cấp độ bảo vệ") == PROTECTION_LABELS["intervention"], (
            "the stale save changed the case"
        )
    finally:
        b.driver.close()
        b.driver.switch_to.window(first)

    # Saving again, knowingly: accepted.
    b.submit("form#case-form", http_error_expected=True)
    assert not field_errors(b), f"saving after the conflict was refused: {field_errors(b)}"
    assert b.path == f"/cases/{case}", f"saving after the conflict led to {b.path}"
    assert b.status() == 200, f"the case page after saving again: HTTP {b.status()}"
    assert b.has(".flash.success"), "no .flash.success after saving again"
    assert facts(b).get("Cấp độ bảo vệ") == PROTECTION_LABELS["support"]
    b.visit(edit)
    assert b.find("form#case-form textarea#summary").get_attribute("value") == SUMMARY_TYPED
    assert not b.has("section.conflict"), "the conflict notice is still shown on a fresh form"
    no_new_console_errors(b, since)


def test_5_transfer_a_case_to_another_unit(browser, team, cli):
    b = browser
    since = len(b.console_errors)
    case = ensure_case(b)
    child, _ = ensure_family(b)
    _, unit_name = ensure_receiving_unit(b, cli)

    # The center's supervisor asks the new unit to take the case.
    as_supervisor(b)
    open_case(b, case)
    number = case_number(b)
    offered_before = transfer_unit_options(b)
    assert unit_name in offered_before, f"{unit_name!r} is not offered: {sorted(offered_before)}"
    assert not b.has("#pending-transfer"), "a transfer is waiting before any was asked for"
    Select(b.find("form#case-transfer select#toUnitId")).select_by_visible_text(unit_name)
    b.fill("form#case-transfer input#transferReason", TRANSFER_REASON)
    b.submit("form#case-transfer", http_error_expected=True)
    assert not field_errors(b), f"the transfer was refused: {field_errors(b)}"
    assert b.path == f"/cases/{case}", f"after asking for the transfer: on {b.path}"
    assert b.has(".flash.success"), "no .flash.success after asking for the transfer"
    assert b.has("#pending-transfer") and TRANSFER_REASON in b.text("#pending-transfer"), (
        "no #pending-transfer with the reason on the case page"
    )
    assert not b.has("form#case-transfer"), "a second transfer is offered while one waits"

    # The receiving unit's supervisor: the case is not theirs yet.
    as_receiver(b)
    b.visit(f"/cases/{case}", http_error_expected=True)
    assert b.status() == 404 and "404" in b.text("h1"), (
        f"the receiver opened the case before accepting it: HTTP {b.status()}, {b.text('h1')!r}"
    )
    b.visit("/cases/transfers")
    assert b.path == "/cases/transfers", f"/cases/transfers led to {b.path}"
    row = transfer_row(b, TRANSFER_REASON)
    assert row is not None, f"/cases/transfers does not list the transfer: {b.text('main')[:500]!r}"
    cells = transfer_cells(row)
    assert cells[0].startswith(number), f"the transfer's case cell: {cells[0]!r}, expected {number}"
    sending = cells[1]
    assert sending and sending != unit_name, f"the transfer's sending unit: {sending!r}"
    # The state says whom the request waits for.
    assert cells[2] == unit_name and cells[4].startswith(TRANSFER_WAITING + " · chờ "), f"the transfer's row: {cells}"
    assert not row.find_elements(By.CSS_SELECTOR, "td:first-child a"), (
        "the case is linked for the receiver before the transfer is accepted"
    )
    form = row.find_element(By.CSS_SELECTOR, "form.transfer-decision")
    Select(form.find_element(By.CSS_SELECTOR, 'select[name="assignedTo"]')).select_by_visible_text(
        RECEIVER_FULL_NAME
    )
    b.click_and_wait(
        form.find_element(By.CSS_SELECTOR, 'button[name="accept"][value="1"]'), http_error_expected=True
    )
    assert not field_errors(b), f"accepting the transfer was refused: {field_errors(b)}"
    assert b.path == "/cases/transfers", f"after accepting: on {b.path}"
    assert b.has(".flash.success"), "no .flash.success after accepting the transfer"
    row = transfer_row(b, TRANSFER_REASON)
    assert row is not None and transfer_cells(row)[4].startswith(TRANSFER_ACCEPTED + " · ngày ") and re.search(
        r"\d{2}/\d{2}/\d{4}$", transfer_cells(row)[4]), (
        f"the transfer is not shown as {TRANSFER_ACCEPTED!r}: {row and transfer_cells(row)}"
    )
    assert not row.find_elements(By.CSS_SELECTOR, "form.transfer-decision"), "still decidable"

    # Now the unit's case: linked, open to the receiver, assigned as chosen; the child's
    # record followed it.
    links = row.find_elements(By.CSS_SELECTOR, "td:first-child a[href]")
    assert links, "the accepted case is not linked for the receiver"
    b.click_and_wait(links[0])
    assert b.path == f"/cases/{case}", f"the case link led to {b.path}"
    assert b.status() == 200, f"the receiver's case page: HTTP {b.status()}"
    assert case_number(b) == number
    assert facts(b).get("Người phụ trách") == RECEIVER_FULL_NAME, (
        f"the case worker is {facts(b).get('Người phụ trách')!r}, expected {RECEIVER_FULL_NAME!r}"
    )
    open_person(b, child)
    assert b.text("h1") == CHILD_NAME, f"the child's record for the receiver: {b.text('h1')!r}"

    # For the center's supervisor the case now belongs to the new unit: it may go back to
    # the sending unit, no longer to the new one, and nothing waits.
    as_supervisor(b)
    open_case(b, case)
    assert not b.has("#pending-transfer"), "#pending-transfer is still shown after the acceptance"
    offered_after = transfer_unit_options(b)
    assert offered_before - offered_after == {unit_name}, (
        f"the new unit is still offered, or others vanished: before {sorted(offered_before)}, "
        f"after {sorted(offered_after)}"
    )
    assert offered_after - offered_before == {sending}, (
        f"the sending unit {sending!r} is not offered after the transfer: {sorted(offered_after)}"
    )
    no_new_console_errors(b, since)


def test_6_merge_duplicate_records(browser, team):
    b = browser
    since = len(b.console_errors)
    as_case_worker(b)

    # The same man registered twice, the second time past the warning, with a case.
    kept = register(b, MAN_NAME, MAN_BIRTH, "male")
    open_new_person(b)
    b.fill('form#person-form [name="fullName"]', MAN_NAME)
    Select(b.find('form#person-form select[name="sex"]')).select_by_value("male")
    b.fill('form#person-form [name="birthDate"]', MAN_BIRTH_AGAIN)
    save_person(b, http_error_expected=True)
    assert kept in linked_person_ids(b, "section#duplicates"), (
        f"registering {MAN_NAME} again is not warned about /people/{kept}"
    )
    b.click_and_wait(b.find("button#confirm-distinct"))
    dup = person_id(b)
    assert dup != kept
    assert not b.has("a#merge-person"), "a case worker is offered a#merge-person"
    dup_case = open_case_for(b, dup, MAN_CASE_TYPE, MAN_CASE_GROUP)
    dup_number = case_number(b)

    # A supervisor merges the second record into the first.
    as_supervisor(b)
    open_person(b, dup)
    assert b.has("a#merge-person"), f"the supervisor is not offered a#merge-person on /people/{dup}"
    b.click_and_wait(b.find("a#merge-person"))
    assert b.path == f"/people/{dup}/merge", f"a#merge-person led to {b.path}"
    assert b.text("h1") == f"Gộp hồ sơ trùng: {MAN_NAME}", f"the merge page's h1: {b.text('h1')!r}"
    assert not b.has("form#merge-form"), "the merge is offered before a record to keep is chosen"
    choose = [
        a for a in b.find_all("a.choose-kept")
        if parse_qs(urlparse(a.get_attribute("href")).query).get("into") == [kept]
    ]
    assert choose, (
        f"the merge page does not offer /people/{kept} as the record to keep: "
        f"{linked_person_ids(b, 'table')}"
    )
    b.click_and_wait(choose[0])
    assert b.path == f"/people/{dup}/merge", f"choosing the record to keep led to {b.path}"
    comparison = b.driver.execute_script(
        "const t = document.querySelector('table');"
        "return t ? [...t.querySelectorAll('tbody tr')].map("
        " tr => [...tr.cells].map(c => c.textContent.trim())) : [];"
    )
    by_label = {row[0]: row[1:] for row in comparison if len(row) == 3}
    assert by_label.get("Họ tên") == [MAN_NAME, MAN_NAME], f"the comparison: {comparison}"
    born = by_label.get("Ngày sinh", ["", ""])
    assert MAN_BIRTH_AGAIN[:4] in born[0] and MAN_BIRTH[:4] in born[1] and born[0] != born[1], (
        f"the comparison's dates of birth: {born}"
    )
    assert b.has("form#merge-form"), "no form#merge-form beside the comparison"
    b.submit("form#merge-form", http_error_expected=True)
    assert b.path == f"/people/{kept}", f"the merge led to {b.path}, expected the kept record"
    assert b.has(".flash.success"), "no .flash.success after the merge"
    numbers = [row[0] for row in case_rows(b)]
    assert dup_number in numbers, (
        f"the kept record does not list the duplicate's case {dup_number}: {numbers}"
    )
    assert b.has(f'a[href="/cases/{dup_case}"]'), f"no link to /cases/{dup_case} on the kept record"

    # The duplicate stays, pointing to the record kept, with nothing left to change.
    open_person(b, dup)
    assert b.has("#merged-into"), f"no #merged-into on /people/{dup} after the merge"
    assert linked_person_ids(b, "#merged-into") == [kept], (
        f"#merged-into links to {linked_person_ids(b, '#merged-into')}, expected {kept}"
    )
    assert MAN_NAME in b.text("#merged-into")
    for css in ("a#merge-person", "a#add-relation", "form#consent-form", "a#open-case"):
        assert not b.has(css), f"the merged record still offers {css}"
    assert case_rows(b) == [], f"the merged record still lists cases: {case_rows(b)}"

    # Only the kept record is found.
    found = search_people(b, MAN_TYPED)
    assert kept in found and dup not in found, (
        f"searching {MAN_TYPED!r} finds {sorted(found)}; expected {kept}, not {dup}"
    )
    no_new_console_errors(b, since)
