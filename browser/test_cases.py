"""Case walk-through: a case worker registers a child, is warned when registering the
same child again and opens the existing record instead, opens a child protection
case for the child, records the initial risk assessment (first with a level left
out, refused) and moves the case through the first steps, and submits a plan; a
supervisor approves the plan; a home visit is noted and the case moves on to
review; the case worker records data shared with a hospital (the child has not
consented: first without a legal ground, refused, then on a duty laid down by law);
the supervisor closes the case, first without a closure reason (refused), then with
one.

The module fixture `cases` makes the case worker and the supervisor (through the
server's command line, then their first logins and password changes in the
browser). The tests run in the order written and share the STATE below (test 1
keeps the child's record, test 2 the case that the later tests move on); each can
also run alone (pytest -k): it then registers the child, opens the case and moves
it to where the test starts, through the same pages. On a server where earlier runs
registered the same name, the first registration may be warned about those: it is
then confirmed, and the record of this run is told apart by its id.

What is tested is what the case worker and the supervisor see in the browser.
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import (
    CASE_PATH, DATA_DIR, VIETNAM,
    PERSON_PATH, create_account, facts, field_errors, linked_person_ids, log_in_as,
    no_new_console_errors, open_new_person, person_id, rows_under, save_person, search_people,
)
from test_foundation import log_out, logged_in

CASE_WORKER = "canbo02"
CASE_WORKER_INITIAL_PASSWORD = "Can-Bo-Ca-2026#"
CASE_WORKER_NEW_PASSWORD = "Bai-Chay-Xanh-2026!"
CASE_WORKER_FULL_NAME = "Phạm Thị Thu Trang"

SUPERVISOR = "giamsat02"
SUPERVISOR_INITIAL_PASSWORD = "Giam-Sat-Vien-2026#"
SUPERVISOR_NEW_PASSWORD = "Yen-Tu-Xanh-2026!"
SUPERVISOR_FULL_NAME = "Vũ Đức Thắng"

# The child, registered once; the second registration (same name, same birth year)
# is warned and abandoned for the existing record.
CHILD_NAME = "Đặng Minh Khôi"
CHILD_NAME_TYPED = "dang minh khoi"  # no tone marks: the search folds them
CHILD_SEX = "male"
CHILD_BIRTH = "2016-05-04"
AGAIN_BIRTH = "2016-10-20"  # same year, another day: still a likely duplicate
GROUP = "child.violence"

CASE_TYPE, CASE_TYPE_LABEL = "childProtection", "Bảo vệ trẻ em"
CASE_SOURCE, CASE_SOURCE_LABEL = "hotline", "Tổng đài"
CLIENT_GROUP_LABEL = "Trẻ em bị bạo lực, ngược đãi"

PLAN_GOAL = "Trẻ an toàn tại nhà"
PLAN_ACTION = ("Tham vấn cho mẹ", "Cán bộ xã", "31/12/2026")
PLAN_ACTION_SHOWN = "Tham vấn cho mẹ · Cán bộ xã · 31/12/2026"
# Added with the form's "+ Thêm hoạt động" button, the date typed with dots.
PLAN_ACTION_2 = ("Thăm nhà hằng tuần", "Gia đình", "15.01.2027")
PLAN_ACTION_2_SHOWN = "Thăm nhà hằng tuần · Gia đình · 15/01/2027"

NOTE_KIND, NOTE_KIND_LABEL = "homeVisit", "Thăm nhà"
NOTE_NARRATIVE = "Thăm nhà: trẻ đi học đều, mẹ đã tham gia buổi tham vấn đầu tiên."
NOTE_NEXT_STEP = "Gọi điện cho mẹ sau hai tuần"

# The initial risk assessment: four dimensions, each high, medium or low; the case's risk
# level is the highest of the four (here not the first one, nor the most frequent).
RISK_LEVEL_LABELS = {"high": "Cao", "medium": "Trung bình", "low": "Thấp"}
RISK_DIMENSIONS = {  # the selects of form#risk-form, in order, with their labels
    "harm": "Mức độ tổn hại đối với trẻ",
    "abuserAccess": "Khả năng người gây hại tiếp cận trẻ",
    "careObstacles": "Trở ngại trong môi trường chăm sóc",
    "childCapacity": "Khả năng tự bảo vệ, phục hồi của trẻ",
}
RISK = {"harm": "medium", "abuserAccess": "high", "careObstacles": "low", "childCapacity": "medium"}
RISK_OVERALL = "high"
RISK_LEFT_OUT = "childCapacity"  # left empty in the first, refused, submission
RISK_NOTES = "Cha dượng vẫn sống cùng nhà; mẹ hợp tác với cán bộ."
RISK_MISSING = "Thiếu bốn mức đánh giá."
RISK_FACT = "Mức độ nguy cơ"
RISK_ASSESSMENT_KIND = "Đánh giá nguy cơ"

# Data shared with a partner. The child has no consent to sharing on record.
SHARING_HEADING = "Chia sẻ thông tin với đối tác"
SHARING_NO_CONSENT = (
    "Đối tượng chưa đồng ý chia sẻ thông tin với đối tác: ghi nhận sự đồng ý ở hồ sơ đối tượng, "
    "hoặc chọn và nêu căn cứ pháp lý."
)
SHARED_WITH = "Bệnh viện Nhi Trung ương"
SHARED_WHAT = "Tóm tắt hồ sơ và kết quả khám sức khỏe của trẻ"
LEGAL_GROUND, LEGAL_GROUND_LABEL = "legalDuty", "Nghĩa vụ theo quy định của luật"
GROUND_STATEMENT = "Luật Trẻ em 2016, điều 51"


def no_basis_message(day) -> str:
    """The refusal of a disclosure on `day` without consent and without a legal ground."""
    return (
        f"Ngày {day.strftime('%d/%m/%Y')} người này chưa đồng ý chia sẻ thông tin với đối tác: "
        "cần ghi nhận sự đồng ý trước, hoặc nêu căn cứ pháp lý."
    )


CLOSURE_REASON, CLOSURE_REASON_LABEL = "goalsAchieved", "Đạt mục tiêu"
CLOSURE_REASON_REQUIRED = "Cần chọn lý do kết thúc."

# The steps of a case, in the order this walk-through takes them, with their labels.
STATE_LABELS = {
    "received": "Tiếp nhận",
    "initialAssessment": "Đánh giá ban đầu",
    "assessment": "Đánh giá",
    "planning": "Lập kế hoạch",
    "planApproved": "Kế hoạch đã duyệt",
    "inProgress": "Đang thực hiện",
    "review": "Rà soát",
    "closed": "Đã kết thúc",
}
PATH = list(STATE_LABELS)
# Steps only a supervisor or the director may take: a case worker never gets their buttons.
APPROVER_MOVES = ("planApproved", "closed")

CASE_NUMBER = re.compile(r"\b([A-Z0-9]+)-(\d{4})-(\d{4})\b")
VN_DATE_TIME = re.compile(r"\d\d/\d\d/\d{4} \d\d:\d\d")

# Shared between the tests, filled as they go.
STATE: dict = {}


# ---------------------------------------------------------------- setup


@pytest.fixture(scope="module")
def cases(browser, cli):
    """The case worker (logged in) and the supervisor; first logins change the passwords."""
    STATE["case_worker_new"] = create_account(
        cli, CASE_WORKER, "caseWorker", CASE_WORKER_INITIAL_PASSWORD, CASE_WORKER_FULL_NAME
    )
    STATE["supervisor_new"] = create_account(
        cli, SUPERVISOR, "supervisor", SUPERVISOR_INITIAL_PASSWORD, SUPERVISOR_FULL_NAME
    )
    log_in_case_worker(browser)


def log_in_case_worker(b) -> None:
    log_in_as(b, STATE, CASE_WORKER, CASE_WORKER_FULL_NAME, STATE.get("case_worker_new", False),
              CASE_WORKER_INITIAL_PASSWORD, CASE_WORKER_NEW_PASSWORD)


def log_in_supervisor(b) -> None:
    log_in_as(b, STATE, SUPERVISOR, SUPERVISOR_FULL_NAME, STATE.get("supervisor_new", False),
              SUPERVISOR_INITIAL_PASSWORD, SUPERVISOR_NEW_PASSWORD)


def switch_to(b, log_in_someone, full_name: str) -> None:
    """Log out whoever is logged in (unless it is full_name already), then log in."""
    if logged_in(b) and b.text("header .user-name") != full_name:
        log_out(b)
    log_in_someone(b)


def as_case_worker(b) -> None:
    switch_to(b, log_in_case_worker, CASE_WORKER_FULL_NAME)


def as_supervisor(b) -> None:
    switch_to(b, log_in_supervisor, SUPERVISOR_FULL_NAME)


# ---------------------------------------------------------------- helpers: people


def today_in_vietnam():
    return datetime.now(VIETNAM).date()


def fill_child(b, birth: str) -> None:
    b.fill('form#person-form [name="fullName"]', CHILD_NAME)
    Select(b.find('form#person-form select[name="sex"]')).select_by_value(CHILD_SEX)
    b.fill('form#person-form [name="birthDate"]', birth)
    box = b.find(f'form#person-form input[type="checkbox"][name="groups[]"][value="{GROUP}"]')
    if not box.is_selected():
        box.click()
    assert box.is_selected(), f"the checkbox groups[]={GROUP} is not ticked"


def ensure_person(b) -> str:
    """The child's record (registered here when a later test runs alone)."""
    if "person" not in STATE:
        as_case_worker(b)
        open_new_person(b)
        fill_child(b, CHILD_BIRTH)
        save_person(b, http_error_expected=True)
        if b.has("#confirm-distinct"):  # an earlier run's record of the same name
            b.click_and_wait(b.find("#confirm-distinct"))
        assert not field_errors(b), f"registering {CHILD_NAME} was refused: {field_errors(b)}"
        STATE["person"] = person_id(b)
    return STATE["person"]


# ---------------------------------------------------------------- helpers: the case


def case_path() -> str:
    return f"/cases/{STATE['case']}"


def open_case(b) -> None:
    b.visit(case_path())
    assert b.path == case_path(), f"{case_path()} led to {b.path}"
    assert CASE_NUMBER.search(b.text("h1")), f"the case page's h1 is {b.text('h1')!r}"


def case_state(b) -> str:
    assert b.has("dd#case-state"), f"no dd#case-state on {b.path}"
    return b.text("dd#case-state")


def state_code(b) -> str:
    shown = case_state(b)
    codes = [code for code, label in STATE_LABELS.items() if label == shown]
    assert codes, f"#case-state shows {shown!r}, not a step of this walk-through"
    return codes[0]


def move_buttons(b) -> list[str]:
    """The values of the `to` buttons in form#case-move, in page order ([] without the form)."""
    return [e.get_attribute("value") for e in b.find_all('form#case-move button[name="to"]')]


def no_approver_moves(b, who: str) -> None:
    """No button anywhere on the page for a move only an approver may take."""
    for to in APPROVER_MOVES:
        shown = b.find_all(f'button[name="to"][value="{to}"]')
        assert not shown, f"{who} is offered the move to {to} in {case_state(b)!r}"


def plan_versions(b) -> list[str]:
    return [e.text.strip() for e in b.find_all("ol.plans li.plan-version")]


def press_move(b, button) -> str | None:
    """Press a move button; a step that cannot be undone asks first (data-confirm): accept.
    Returns the question asked, if any."""
    if button.get_attribute("data-confirm"):
        return b.click_confirm_and_wait(button, http_error_expected=True)
    b.click_and_wait(button, http_error_expected=True)
    return None


def move(b, to: str, *, closure_reason: str = "") -> None:
    """Press the `to` button of form#case-move and expect the case in that step."""
    css = f'form#case-move button[name="to"][value="{to}"]'
    assert b.has(css), (
        f"no {css} in {case_state(b)!r}; the buttons offered: {move_buttons(b)}"
    )
    if closure_reason:
        Select(b.find("form#case-move select#closureReason")).select_by_value(closure_reason)
    asked = press_move(b, b.find(css))
    if to == "closed":
        assert asked and "Kết thúc" in asked, f"closing, a step that cannot be undone, asked {asked!r}"
    assert not field_errors(b), f"the move to {to} was refused: {field_errors(b)}"
    assert b.path == case_path(), f"after the move to {to}: on {b.path}, expected {case_path()}"
    assert b.has(".flash.success"), f"no .flash.success after the move to {to}"
    b.wait_for(
        lambda: case_state(b) == STATE_LABELS[to],
        f"#case-state is {case_state(b)!r} after the move to {to}, expected {STATE_LABELS[to]!r}",
    )


def fill_plan(b) -> None:
    """One goal with two actions, the second in a row added with the form's button; a
    revision's rows (the form starts from the current version) are emptied first."""
    assert b.has("form#plan-form"), f"no form#plan-form in {case_state(b)!r}"
    b.driver.execute_script("document.querySelectorAll('form#plan-form input[type=text]').forEach(e => e.value = '')")
    b.fill('form#plan-form input[name="goal-0"]', PLAN_GOAL)
    for name, value in zip(("what", "who", "due"), PLAN_ACTION):
        b.fill(f'form#plan-form input[name="{name}-0-0"]', value)
    rows = len(b.find_all('fieldset[data-goal="0"] tr.plan-action'))
    b.find('fieldset[data-goal="0"] button.add-action').click()
    added = b.find_all('fieldset[data-goal="0"] tr.plan-action')
    assert len(added) == rows + 1, f"'+ Thêm hoạt động' made {len(added) - rows} rows"
    last = added[-1]
    names = [e.get_attribute("name") for e in last.find_elements(By.CSS_SELECTOR, "input")]
    assert len(set(names)) == 3 and all(n.startswith(("what-0-", "who-0-", "due-0-")) for n in names), names
    for element, value in zip(last.find_elements(By.CSS_SELECTOR, "input"), PLAN_ACTION_2):
        element.send_keys(value)


def submit_plan(b) -> None:
    fill_plan(b)
    b.submit("form#plan-form", http_error_expected=True)
    assert not field_errors(b), f"the plan was refused: {field_errors(b)}"
    assert b.path == case_path(), f"after submitting the plan: on {b.path}"


def plan_waiting(b) -> bool:
    return any("chờ duyệt" in v for v in plan_versions(b))


def assessment_entries(b) -> list[dict]:
    """The entries of ol#assessments, newest first, as {title, lines}: the <strong> heading
    and the items of its list ([] without ol#assessments)."""
    return b.driver.execute_script(
        "return [...document.querySelectorAll('ol#assessments > li.assessment')].map(li => ({"
        " title: (li.querySelector('strong') || {textContent: ''}).textContent.trim(),"
        " lines: [...li.querySelectorAll('ul > li')].map(e => e.textContent.trim())}));"
    )


def is_open(b, css: str) -> bool:
    """Whether the <details> at css is open."""
    return b.driver.execute_script("return arguments[0].open === true", b.find(css))


def risk_select(b, name: str) -> Select:
    return Select(b.find(f'form#risk-form select[name="{name}"]'))


def chosen(select: Select) -> str:
    return select.first_selected_option.get_attribute("value")


def ensure_case(b) -> str:
    """The child's case (opened here when a later test runs alone)."""
    if "case" not in STATE:
        pid = ensure_person(b)
        as_case_worker(b)
        b.visit(f"/cases/new?person={pid}")
        Select(b.find('form#case-form select[name="type"]')).select_by_value(CASE_TYPE)
        Select(b.find('form#case-form select[name="source"]')).select_by_value(CASE_SOURCE)
        box = b.find(f'form#case-form input[name="clientGroups[]"][value="{GROUP}"]')
        if not box.is_selected():
            box.click()
        b.submit("form#case-form", http_error_expected=True)
        m = CASE_PATH.fullmatch(b.path)
        assert m, f"opening the case led to {b.path}; errors: {field_errors(b)}"
        STATE["case"] = m.group(1)
    return STATE["case"]


def ensure_at(b, wanted: str) -> None:
    """Move the case forward along the walk-through until it is in `wanted` (nothing to
    do when the earlier tests ran); ends logged in as the case worker, on the case page,
    unless the last step was the supervisor's."""
    ensure_case(b)
    open_case(b)
    while PATH.index(state_code(b)) < PATH.index(wanted):
        now = state_code(b)
        if now == "planning":
            as_case_worker(b)
            open_case(b)
            if not plan_waiting(b):
                submit_plan(b)
            as_supervisor(b)
            open_case(b)
            b.click_and_wait(b.find("#approve-plan"))
        elif now == "review":
            as_supervisor(b)
            open_case(b)
            move(b, "closed", closure_reason=CLOSURE_REASON)
        else:
            as_case_worker(b)
            open_case(b)
            move(b, PATH[PATH.index(now) + 1])
        open_case(b)
    assert state_code(b) == wanted, (
        f"the case is in {case_state(b)!r}, expected {STATE_LABELS[wanted]!r}"
    )


# ---------------------------------------------------------------- tests


def test_1_register_a_person_with_the_duplicate_warning(browser, cases):
    b = browser
    since = len(b.console_errors)
    as_case_worker(b)

    # Records of the same name left by earlier runs on this server, if any.
    earlier = search_people(b, CHILD_NAME_TYPED)

    open_new_person(b)
    fill_child(b, CHILD_BIRTH)
    save_person(b, http_error_expected=bool(earlier))
    if earlier and b.has("#confirm-distinct"):  # warned about an earlier run's records
        b.click_and_wait(b.find("#confirm-distinct"))
    assert not field_errors(b), f"the registration was refused: {field_errors(b)}"
    assert not b.has("#duplicates"), (
        f"a duplicate warning on the first registration of {CHILD_NAME} on a server without it"
    )
    first = person_id(b)
    assert first not in earlier
    assert b.text("h1") == CHILD_NAME, f"the person page's h1 is {b.text('h1')!r}"
    STATE["person"] = first

    # The same name and birth year again: warned, with a link to the first record.
    open_new_person(b)
    fill_child(b, AGAIN_BIRTH)
    save_person(b, http_error_expected=True)
    assert b.path in ("/people", "/people/new"), f"after the second registration: on {b.path}"
    assert b.has("section#duplicates"), (
        f"no section#duplicates when registering {CHILD_NAME} born {AGAIN_BIRTH[:4]} again"
    )
    links = [
        a for a in b.find_all("section#duplicates a[href]")
        if (PERSON_PATH.search(a.get_attribute("href") or "") or [None, None])[1] == first
    ]
    assert links, (
        f"section#duplicates does not link to /people/{first}: "
        f"{linked_person_ids(b, 'section#duplicates')} ({b.text('section#duplicates')!r})"
    )
    assert CHILD_BIRTH[:4] in b.text("section#duplicates"), (
        f"section#duplicates does not give the birth year {CHILD_BIRTH[:4]}: "
        f"{b.text('section#duplicates')!r}"
    )

    # It is the same child: open the existing record instead of confirming.
    b.click_and_wait(links[0])
    assert b.path == f"/people/{first}", f"the link in section#duplicates led to {b.path}"
    assert b.text("h1") == CHILD_NAME, f"the person page's h1 is {b.text('h1')!r}"

    # No second record was made.
    now = search_people(b, CHILD_NAME_TYPED)
    assert now == earlier | {first}, (
        f"searching {CHILD_NAME_TYPED!r} finds {sorted(now - earlier)} of this run, "
        f"expected only {first}"
    )
    no_new_console_errors(b, since)


def test_2_open_a_child_protection_case(browser, cases):
    b = browser
    since = len(b.console_errors)
    pid = ensure_person(b)
    as_case_worker(b)

    b.visit(f"/people/{pid}")
    assert b.path == f"/people/{pid}", f"/people/{pid} led to {b.path}"
    assert b.has("a#open-case"), f"no a#open-case on the case worker's view of /people/{pid}"
    b.click_and_wait(b.find("a#open-case"))
    assert b.path == "/cases/new", f"a#open-case led to {b.path}"
    query = parse_qs(urlparse(b.driver.current_url).query)
    assert query.get("person") == [pid], f"a#open-case led to {b.driver.current_url}"
    assert b.has("form#case-form"), "no form#case-form on /cases/new"
    assert CHILD_NAME in b.text("h1"), f"the h1 of /cases/new is {b.text('h1')!r}"

    Select(b.find('form#case-form select[name="type"]')).select_by_value(CASE_TYPE)
    Select(b.find('form#case-form select[name="source"]')).select_by_value(CASE_SOURCE)
    received = b.find('form#case-form input[name="receivedAt"]')
    # Text typed and shown as dd/mm/yyyy hh:mm, 24 h: not the browser's picker.
    assert received.get_attribute("type") == "text"
    value = received.get_attribute("value") or ""
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", value), (
        f"receivedAt is not prefilled with a date and time as dd/mm/yyyy hh:mm: {value!r}"
    )
    prefilled = datetime.strptime(value, "%d/%m/%Y %H:%M").replace(tzinfo=VIETNAM)
    off = abs((datetime.now(VIETNAM) - prefilled).total_seconds())
    assert off < 15 * 60, f"receivedAt is prefilled with {value}, not now in Vietnam"
    box = b.find(f'form#case-form input[type="checkbox"][name="clientGroups[]"][value="{GROUP}"]')
    if not box.is_selected():
        box.click()
    assert box.is_selected(), f"the checkbox clientGroups[]={GROUP} is not ticked"
    b.submit("form#case-form", http_error_expected=True)

    assert not field_errors(b), f"opening the case was refused: {field_errors(b)}"
    m = CASE_PATH.fullmatch(b.path)
    assert m, f"after opening the case: on {b.path}, expected /cases/<id>"
    STATE["case"] = m.group(1)

    h1 = b.text("h1")
    number = CASE_NUMBER.search(h1)
    assert number, f"the case page's h1 has no case number like CTXH-2026-0001: {h1!r}"
    assert number.group(2) == str(datetime.now(VIETNAM).year), (
        f"the case number {number.group(0)} is not of this year"
    )
    assert CHILD_NAME in h1, f"the case page's h1 does not name the child: {h1!r}"
    assert b.has(".flash.success"), "no .flash.success after opening the case"
    assert case_state(b) == STATE_LABELS["received"], f"#case-state is {case_state(b)!r}"
    due = b.text("dd#case-due")
    assert VN_DATE_TIME.search(due) and "còn" in due, (
        f"#case-due does not show a deadline and the time left: {due!r}"
    )
    shown = facts(b)
    for label, expected in (
        ("Loại", CASE_TYPE_LABEL), ("Nguồn", CASE_SOURCE_LABEL), ("Nhóm đối tượng", CLIENT_GROUP_LABEL),
    ):
        assert shown.get(label) == expected, f"the fact {label!r} is {shown.get(label)!r}, expected {expected!r}"
    no_new_console_errors(b, since)


def test_3_initial_assessment_then_planning(browser, cases):
    b = browser
    since = len(b.console_errors)
    as_case_worker(b)
    ensure_at(b, "received")
    as_case_worker(b)
    open_case(b)

    # From "Tiếp nhận" the only step offered is the initial assessment.
    assert move_buttons(b) == ["initialAssessment"], (
        f"from {STATE_LABELS['received']!r} the case worker is offered {move_buttons(b)}, "
        "expected only initialAssessment"
    )
    assert not b.has("form#case-move select#closureReason"), "a closure reason is offered at intake"

    # A step with no button (straight to planning), sent anyway: refused, the case stays.
    button = b.find('form#case-move button[name="to"]')
    b.driver.execute_script("arguments[0].value = 'planning'", button)
    press_move(b, button)
    assert case_state(b) == STATE_LABELS["received"], (
        f"a move from intake straight to planning was accepted: #case-state is {case_state(b)!r}"
    )
    assert b.has(".flash.error"), f"no .flash.error after a move with no button ({b.path})"
    assert b.has("#reason-error") and STATE_LABELS["planning"] in b.text("#reason-error"), (
        f"no message about the refused move beside the reason: {field_errors(b)}"
    )
    open_case(b)
    assert case_state(b) == STATE_LABELS["received"], f"#case-state is {case_state(b)!r}"

    no_approver_moves(b, "the case worker")
    move(b, "initialAssessment")

    # The initial assessment: the risk assessment form, folded away in its <details>.
    assert facts(b).get(RISK_FACT) == "—", (
        f"a new case already has a risk level: {facts(b).get(RISK_FACT)!r}"
    )
    assert assessment_entries(b) == [], f"a new case already has assessments: {assessment_entries(b)}"
    assert b.has("details#risk-assessment form#risk-form"), (
        "no form#risk-form inside details#risk-assessment on the case page"
    )
    assert not is_open(b, "details#risk-assessment"), "details#risk-assessment is open before any click"
    assert not b.find('form#risk-form select[name="harm"]').is_displayed(), (
        "the risk form's fields show while details#risk-assessment is closed"
    )
    b.find("details#risk-assessment > summary").click()
    b.wait_for(lambda: is_open(b, "details#risk-assessment"),
               "details#risk-assessment did not open when its <summary> was clicked")
    for name, label in RISK_DIMENSIONS.items():
        element = b.find(f'form#risk-form select[name="{name}"]')
        select = Select(element)
        assert element.is_displayed(), f"select {name} is not shown in the opened risk form"
        assert element.get_attribute("required") is not None, f"select {name} is not required"
        assert chosen(select) == "", f"select {name} has a level chosen before anyone chose one"
        options = {o.get_attribute("value"): o.text.strip() for o in select.options if o.get_attribute("value")}
        assert options == RISK_LEVEL_LABELS, f"the levels offered for {name}: {options}"
        shown = b.text(f'form#risk-form label[for="{name}"]')
        assert shown == label, f"the label of select {name} is {shown!r}, expected {label!r}"

    # One level left out; the browser would refuse to send the form (required), so the
    # attribute goes: the server must refuse it too, and give back the form as typed.
    for name, level in RISK.items():
        if name != RISK_LEFT_OUT:
            risk_select(b, name).select_by_value(level)
    b.fill('form#risk-form input[name="riskNotes"]', RISK_NOTES)
    b.driver.execute_script(
        "arguments[0].removeAttribute('required')", b.find(f'form#risk-form select[name="{RISK_LEFT_OUT}"]')
    )
    b.submit("form#risk-form", http_error_expected=True)
    assert b.status() == 422, f"the risk form without {RISK_LEFT_OUT} came back with HTTP {b.status()}, expected 422"
    assert b.path == case_path() + "/assessments", f"the refused risk form led to {b.path}"
    assert b.has("#risk-error"), f"no #risk-error after a risk form without {RISK_LEFT_OUT}; errors: {field_errors(b)}"
    assert b.text("#risk-error") == RISK_MISSING, f"#risk-error says {b.text('#risk-error')!r}"
    assert b.find("#risk-error").is_displayed(), "#risk-error is hidden in a closed <details>"
    in_form = b.driver.execute_script(
        "return !!document.querySelector('#risk-error').closest('details#risk-assessment form#risk-form');"
    )
    assert in_form, "#risk-error is not inside form#risk-form"
    assert is_open(b, "details#risk-assessment"), "the refused risk form came back folded away"
    others = [d.get_attribute("id") for d in b.find_all("details.assessment-form[open]")]
    assert others == ["risk-assessment"], f"the <details> open after the refusal: {others}"
    assert field_errors(b) == [RISK_MISSING], f"other errors shown: {field_errors(b)}"
    kept = b.find('form#risk-form input[name="riskNotes"]').get_attribute("value")
    assert kept == RISK_NOTES, f"the notes after the refusal: {kept!r}"
    for name, level in RISK.items():
        expected = "" if name == RISK_LEFT_OUT else level
        assert chosen(risk_select(b, name)) == expected, (
            f"select {name} after the refusal holds {chosen(risk_select(b, name))!r}, expected {expected!r}"
        )
    assert assessment_entries(b) == [], f"the refused risk form was recorded: {assessment_entries(b)}"
    assert facts(b).get(RISK_FACT) == "—", f"the refused risk form set the risk level: {facts(b).get(RISK_FACT)!r}"
    assert case_state(b) == STATE_LABELS["initialAssessment"], f"#case-state is {case_state(b)!r}"

    # All four chosen: recorded, and the case's risk level is the highest of them.
    risk_select(b, RISK_LEFT_OUT).select_by_value(RISK[RISK_LEFT_OUT])
    b.submit("form#risk-form", http_error_expected=True)
    assert not field_errors(b), f"the risk assessment was refused: {field_errors(b)}"
    assert b.status() == 200 and b.path == case_path(), (
        f"after recording the risk assessment: HTTP {b.status()} on {b.path}"
    )
    assert b.has(".flash.success"), "no .flash.success after recording the risk assessment"
    overall = RISK_LEVEL_LABELS[RISK_OVERALL]
    assert facts(b).get(RISK_FACT) == overall, (
        f"the fact {RISK_FACT!r} is {facts(b).get(RISK_FACT)!r}, expected {overall!r} (the highest of {RISK})"
    )
    entries = assessment_entries(b)
    assert len(entries) == 1, f"ol#assessments after the risk assessment: {entries}"
    title = entries[0]["title"]
    assert title.startswith(RISK_ASSESSMENT_KIND + " · ") and title.endswith(f" · Mức {overall}"), (
        f"the risk assessment is listed as {title!r}, expected '{RISK_ASSESSMENT_KIND} · … · Mức {overall}'"
    )
    assert VN_DATE_TIME.search(title), f"the risk assessment's entry has no date and time: {title!r}"
    expected_lines = [f"{label}: {RISK_LEVEL_LABELS[RISK[name]]}" for name, label in RISK_DIMENSIONS.items()]
    expected_lines.append(f"Ghi chú: {RISK_NOTES}")
    assert entries[0]["lines"] == expected_lines, (
        f"the risk assessment's details: {entries[0]['lines']}, expected {expected_lines}"
    )
    assert not is_open(b, "details#risk-assessment"), "the risk form is still open after it was recorded"
    assert case_state(b) == STATE_LABELS["initialAssessment"], f"#case-state is {case_state(b)!r}"

    for to in ("assessment", "planning"):
        no_approver_moves(b, "the case worker")
        move(b, to)
    no_approver_moves(b, "the case worker")
    assert facts(b).get(RISK_FACT) == overall, (
        f"the risk level after the moves is {facts(b).get(RISK_FACT)!r}, expected {overall!r}"
    )
    # In planning the next step is the plan's approval: nothing for the case worker to press.
    assert move_buttons(b) == [], f"in planning the case worker is offered {move_buttons(b)}"

    history = rows_under(b, "Lịch sử")
    assert history is not None, "no <h2>Lịch sử</h2> on the case page"
    steps = [row[1] for row in history if len(row) > 2 and row[2] == CASE_WORKER_FULL_NAME]
    for to in ("initialAssessment", "assessment", "planning"):
        assert STATE_LABELS[to] in steps, (
            f"the history has no step {STATE_LABELS[to]!r} by {CASE_WORKER_FULL_NAME}: {history}"
        )
    no_new_console_errors(b, since)


def test_4_submit_the_plan(browser, cases):
    b = browser
    since = len(b.console_errors)
    as_case_worker(b)
    ensure_at(b, "planning")
    as_case_worker(b)
    open_case(b)
    before = len(plan_versions(b))

    submit_plan(b)
    assert b.has(".flash.success"), "no .flash.success after submitting the plan"
    versions = plan_versions(b)
    assert len(versions) == before + 1, f"plan versions shown: {versions}"
    newest = versions[0]  # newest first
    assert f"Phiên bản {before + 1}" in newest and "chờ duyệt" in newest, (
        f"the submitted plan is shown as {newest!r}, expected 'Phiên bản {before + 1}' and 'chờ duyệt'"
    )
    assert PLAN_GOAL in newest and PLAN_ACTION_SHOWN in newest and PLAN_ACTION_2_SHOWN in newest, (
        f"the plan's goal or action is not shown as typed: {newest!r}"
    )
    assert not b.has("#approve-plan"), "the case worker is offered #approve-plan for a plan"
    assert case_state(b) == STATE_LABELS["planning"], f"#case-state is {case_state(b)!r}"
    no_approver_moves(b, "the case worker")
    no_new_console_errors(b, since)


def test_5_supervisor_approves(browser, cases):
    b = browser
    since = len(b.console_errors)
    as_case_worker(b)
    ensure_at(b, "planning")
    if not plan_waiting(b):  # test 4 did not run
        submit_plan(b)

    log_out(b)
    log_in_supervisor(b)
    open_case(b)
    assert case_state(b) == STATE_LABELS["planning"], f"#case-state is {case_state(b)!r}"
    assert b.has("#approve-plan"), (
        f"the supervisor is not offered #approve-plan; plans shown: {plan_versions(b)}"
    )
    b.click_and_wait(b.find("#approve-plan"), http_error_expected=True)
    assert not field_errors(b), f"approving the plan was refused: {field_errors(b)}"
    assert b.path == case_path(), f"after approving the plan: on {b.path}"
    assert b.has(".flash.success"), "no .flash.success after approving the plan"
    assert case_state(b) == STATE_LABELS["planApproved"], (
        f"#case-state is {case_state(b)!r} after the approval, expected {STATE_LABELS['planApproved']!r}"
    )
    newest = plan_versions(b)[0]
    assert "đã duyệt" in newest and "chờ duyệt" not in newest, (
        f"the approved plan is shown as {newest!r}, expected 'đã duyệt'"
    )
    assert not b.has("#approve-plan"), "#approve-plan is still offered after the approval"
    no_new_console_errors(b, since)


def test_6_note_and_progress(browser, cases):
    b = browser
    since = len(b.console_errors)
    ensure_at(b, "planApproved")
    as_case_worker(b)  # the home visit is the case worker's
    open_case(b)
    notes_before = rows_under(b, "Ghi chép liên hệ")
    assert notes_before is not None, "no <h2>Ghi chép liên hệ</h2> on the case page"

    today = today_in_vietnam()
    follow_up = today + timedelta(days=14)
    assert b.has("form#note-form"), "no form#note-form on the case page"
    Select(b.find('form#note-form select[name="kind"]')).select_by_value(NOTE_KIND)
    date = b.find('form#note-form input[name="date"]')
    assert date.get_attribute("type") == "text"
    assert date.get_attribute("value") == today.strftime("%d/%m/%Y"), (
        f"the note's date is prefilled with {date.get_attribute('value')!r}, expected today {today}"
    )
    # Typed as a user does, with dots: dd.mm.yyyy is read as dd/mm/yyyy.
    later = b.find('form#note-form input[name="followUpOn"]')
    later.send_keys(follow_up.strftime("%d.%m.%Y"))
    b.fill("form#note-form textarea#narrative", NOTE_NARRATIVE)
    b.fill('form#note-form input[name="nextStep"]', NOTE_NEXT_STEP)
    b.submit("form#note-form", http_error_expected=True)
    assert not field_errors(b), f"the note was refused: {field_errors(b)}"
    assert b.path == case_path(), f"after adding the note: on {b.path}"
    assert b.has(".flash.success"), "no .flash.success after adding the note"

    notes = rows_under(b, "Ghi chép liên hệ")
    assert len(notes) == len(notes_before) + 1, f"notes shown: {notes}"
    ours = [row for row in notes if len(row) > 3 and row[2] == NOTE_NARRATIVE]
    assert ours, f"the note {NOTE_NARRATIVE!r} is not in the notes table: {notes}"
    row = ours[0]
    assert row[0] == today.strftime("%d/%m/%Y"), f"the note's date cell: {row[0]!r}"
    assert row[1] == NOTE_KIND_LABEL, f"the note's kind cell: {row[1]!r}"
    assert NOTE_NEXT_STEP in row[3] and f"hẹn {follow_up.strftime('%d/%m/%Y')}" in row[3], (
        f"the note's next step cell: {row[3]!r}"
    )

    for to in ("inProgress", "review"):
        no_approver_moves(b, "the case worker")
        move(b, to)
    # In review, closing is the supervisor's: the case worker has no button and no reason to pick.
    no_approver_moves(b, "the case worker")
    assert not b.has("form#case-move select#closureReason"), (
        "the case worker is offered a closure reason in review"
    )
    no_new_console_errors(b, since)


def test_7_share_data_with_a_partner(browser, cases):
    b = browser
    since = len(b.console_errors)
    ensure_at(b, "review")
    as_case_worker(b)  # the disclosure is recorded by the case worker
    open_case(b)
    before = rows_under(b, SHARING_HEADING)
    assert before is not None, f"no <h2>{SHARING_HEADING}</h2> on the case page"
    assert before == [], f"the case already lists data shared: {before}"

    # The consent notice shows only when a sharing is being recorded: the form is folded.
    assert b.has("details#disclosure-details form#disclosure-form #sharing-consent"), (
        "no #sharing-consent in form#disclosure-form inside details#disclosure-details"
    )
    assert not b.find("#sharing-consent").is_displayed(), "the consent notice shows before any sharing is recorded"
    b.find("details#disclosure-details > summary").click()
    assert b.find("#sharing-consent").is_displayed(), "opening 'Ghi nhận một lần chia sẻ' does not show the form"
    # The child has not consented to sharing with partners: the form says so up front.
    classes = (b.find("#sharing-consent").get_attribute("class") or "").split()
    assert "flash" in classes and "warning" in classes, (
        f"#sharing-consent is not a warning without consent: class={classes}"
    )
    assert b.text("#sharing-consent") == SHARING_NO_CONSENT, f"#sharing-consent says {b.text('#sharing-consent')!r}"
    in_section = b.driver.execute_script(
        """
        const form = document.querySelector('details#disclosure-details');
        let e = form.previousElementSibling;
        while (e && e.tagName !== 'H2') e = e.previousElementSibling;
        return e ? e.textContent.trim() : null;
        """
    )
    assert in_section == SHARING_HEADING, f"form#disclosure-form sits under <h2>{in_section}</h2>"

    today = today_in_vietnam()
    shared_on = today - timedelta(days=1)
    day = b.find('form#disclosure-form input[name="sharedOn"]')
    assert day.get_attribute("type") == "text"
    assert day.get_attribute("value") == today.strftime("%d/%m/%Y"), (
        f"sharedOn is prefilled with {day.get_attribute('value')!r}, expected today {today}"
    )
    b.fill('form#disclosure-form input[name="sharedOn"]', shared_on.strftime("%d/%m/%Y"))
    b.fill('form#disclosure-form input[name="partner"]', SHARED_WITH)
    b.fill('form#disclosure-form input[name="what"]', SHARED_WHAT)
    ground = Select(b.find('form#disclosure-form select[name="legalGround"]'))
    assert chosen(ground) == "", "select legalGround has a ground chosen before anyone chose one"
    labels = {o.get_attribute("value"): o.text.strip() for o in ground.options}
    assert labels.get(LEGAL_GROUND) == LEGAL_GROUND_LABEL, f"the grounds offered: {labels}"
    assert b.find('form#disclosure-form input[name="groundStatement"]').get_attribute("value") == ""

    # Neither consent nor a legal ground: refused, the message beside the legal ground.
    b.submit("form#disclosure-form", http_error_expected=True)
    assert b.status() == 422, f"the disclosure without a basis came back with HTTP {b.status()}, expected 422"
    assert b.path == case_path() + "/disclosures", f"the refused disclosure led to {b.path}"
    assert b.has("#legalGround-error"), f"no #legalGround-error; errors: {field_errors(b)}"
    expected = no_basis_message(shared_on)
    assert b.text("#legalGround-error") == expected, f"#legalGround-error says {b.text('#legalGround-error')!r}"
    beside = b.driver.execute_script(
        "const f = document.querySelector('#legalGround-error').closest('.field');"
        "return !!(f && f.querySelector('select#legalGround') && f.closest('form#disclosure-form'));"
    )
    assert beside, "#legalGround-error is not in the field of select#legalGround in form#disclosure-form"
    described = b.find("form#disclosure-form select#legalGround").get_attribute("aria-describedby") or ""
    assert "legalGround-error" in described.split(), (
        f"select#legalGround is not described by its error: aria-describedby={described!r}"
    )
    assert field_errors(b) == [expected], f"other errors shown: {field_errors(b)}"
    for name, typed in (("partner", SHARED_WITH), ("what", SHARED_WHAT), ("sharedOn", shared_on.strftime("%d/%m/%Y"))):
        kept = b.find(f'form#disclosure-form input[name="{name}"]').get_attribute("value")
        assert kept == typed, f"{name} after the refusal: {kept!r}, expected {typed!r}"
    assert rows_under(b, SHARING_HEADING) == [], (
        f"the refused disclosure is listed: {rows_under(b, SHARING_HEADING)}"
    )

    # On a duty laid down by law, stated: recorded, with its basis.
    Select(b.find('form#disclosure-form select[name="legalGround"]')).select_by_value(LEGAL_GROUND)
    b.fill('form#disclosure-form input[name="groundStatement"]', GROUND_STATEMENT)
    b.submit("form#disclosure-form", http_error_expected=True)
    assert not field_errors(b), f"the disclosure was refused: {field_errors(b)}"
    assert b.status() == 200 and b.path == case_path(), (
        f"after recording the disclosure: HTTP {b.status()} on {b.path}"
    )
    assert b.has(".flash.success"), "no .flash.success after recording the disclosure"
    rows = rows_under(b, SHARING_HEADING)
    expected_row = [
        shared_on.strftime("%d/%m/%Y"), SHARED_WITH, SHARED_WHAT, f"{LEGAL_GROUND_LABEL}: {GROUND_STATEMENT}",
    ]
    assert rows == [expected_row], f"the data shared listed: {rows}, expected [{expected_row}]"
    # Still no consent: the warning stays; the form is blank again for the next disclosure.
    assert "warning" in (b.find("#sharing-consent").get_attribute("class") or "").split()
    assert b.find('form#disclosure-form input[name="partner"]').get_attribute("value") == ""
    assert case_state(b) == STATE_LABELS["review"], f"#case-state is {case_state(b)!r}"
    no_new_console_errors(b, since)


def test_8_supervisor_closes_the_case(browser, cases):
    b = browser
    since = len(b.console_errors)
    ensure_at(b, "review")
    as_supervisor(b)
    open_case(b)
    assert case_state(b) == STATE_LABELS["review"], f"#case-state is {case_state(b)!r}"
    assert "closed" in move_buttons(b), (
        f"the supervisor is not offered the move to closed in review: {move_buttons(b)}"
    )
    reason = Select(b.find("form#case-move select#closureReason"))
    assert reason.first_selected_option.get_attribute("value") == "", (
        "select#closureReason has a reason chosen before anyone chose one"
    )

    # Closing without a reason: refused, the message beside the closure reason.
    press_move(b, b.find('form#case-move button[name="to"][value="closed"]'))
    assert case_state(b) == STATE_LABELS["review"], (
        f"the case was closed without a closure reason: #case-state is {case_state(b)!r}"
    )
    assert b.has(".flash.error"), f"no .flash.error after closing without a reason ({b.path})"
    assert b.has("#closureReason-error"), (
        f"no #closureReason-error beside the closure reason; errors: {field_errors(b)}"
    )
    assert b.text("#closureReason-error") == CLOSURE_REASON_REQUIRED, (
        f"#closureReason-error says {b.text('#closureReason-error')!r}"
    )
    beside = b.driver.execute_script(
        "const e = document.querySelector('#closureReason-error').closest('.field');"
        "return !!(e && e.querySelector('select#closureReason'));"
    )
    assert beside, "#closureReason-error is not in the field of select#closureReason"
    described = b.find("select#closureReason").get_attribute("aria-describedby") or ""
    assert "closureReason-error" in described.split(), (
        f"select#closureReason is not described by its error: aria-describedby={described!r}"
    )

    # With a reason: closed.
    move(b, "closed", closure_reason=CLOSURE_REASON)
    assert facts(b).get("Kết thúc") == CLOSURE_REASON_LABEL, (
        f"the closure fact is {facts(b).get('Kết thúc')!r}, expected {CLOSURE_REASON_LABEL!r}"
    )
    assert move_buttons(b) == ["reopened"], f"a closed case offers {move_buttons(b)}"
    history = rows_under(b, "Lịch sử")
    assert any(
        row[1] == STATE_LABELS["closed"] and row[2] == SUPERVISOR_FULL_NAME for row in history
    ), f"the history has no closing by {SUPERVISOR_FULL_NAME}: {history}"
    no_new_console_errors(b, since)


def test_9_a_long_home_visit_note_is_saved_whole(browser, cases):
    """About 7,900 Vietnamese characters (the form allows 8,000) are some 60 KB once the form
    percent-encodes them: the old 16 KB body limit answered 413 and the note was lost."""
    b = browser
    since = len(b.console_errors)
    ensure_case(b)
    as_case_worker(b)
    open_case(b)
    area = b.find("form#note-form textarea#narrative")
    limit = int(area.get_attribute("maxlength"))
    assert limit == 8000, f"textarea#narrative maxlength={limit}"
    sentence = "Thăm nhà: mẹ kể rằng bố dượng thường xuyên đánh đập, chửi bới; trẻ sợ hãi, bỏ học, mất ngủ. "
    text = (sentence * 100)[:7900].strip()
    b.driver.execute_script("arguments[0].value = arguments[1]", area, text)
    b.submit("form#note-form", http_error_expected=True)
    assert not field_errors(b), f"the note was refused: {field_errors(b)}"
    assert b.path == case_path(), f"after the long note: on {b.path} ({b.text('h1')})"
    assert text[-60:] in b.driver.page_source, "the long note is not shown whole"
    no_new_console_errors(b, since)


def age_sessions_of(username: str, minutes: int) -> None:
    """Moves every session of `username` `minutes` into the past, straight in the server's
    SQLite file (WAL mode: safe while it runs), as that long away from the keyboard would."""
    con = sqlite3.connect(os.path.join(DATA_DIR, "ansinh.sqlite"), timeout=10)
    try:
        with con:
            changed = con.execute(
                "UPDATE user_sessions SET last_seen_at = last_seen_at - ? "
                "WHERE user_id = (SELECT id FROM users WHERE username = ?)",
                (minutes * 60, username),
            ).rowcount
    finally:
        con.close()
    assert changed >= 1, f"no session of {username} to age"


def test_10_a_note_sent_after_the_session_expired_is_kept_for_its_author(browser, cases):
    """Issue 14, item 2: a note typed while the session ran out went to the login page and
    was lost. It is now held for the same account, and comes back after login to send."""
    b = browser
    since = len(b.console_errors)
    ensure_case(b)
    as_case_worker(b)
    open_case(b)
    text = "Thăm nhà lần hai: trẻ đã đi học lại, mẹ đồng ý tham gia nhóm hỗ trợ. " + datetime.now().strftime("%H%M%S%f")
    b.fill("form#note-form textarea#narrative", text)
    age_sessions_of(CASE_WORKER, 31)
    b.submit("form#note-form", http_error_expected=True)
    assert b.has("form#login-form"), f"after the session expired: on {b.path}, not the login page"
    assert "giữ lại" in b.text(".flash"), f"the login page does not say the note is kept: {b.text('.flash')!r}"
    assert text not in b.driver.page_source, "the login page carries what was typed"
    log_in_case_worker(b)
    assert b.path == "/account/held-form", f"after login: on {b.path}, not the held form"
    assert b.has("form#replay-form"), "no form to send the note again"
    b.submit("form#replay-form", http_error_expected=True)
    assert b.path == case_path(), f"after sending again: on {b.path} ({b.text('h1')})"
    assert text in b.driver.page_source, "the note typed before the expiry is not on the case"
    no_new_console_errors(b, since)
