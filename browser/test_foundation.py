"""Foundation walk-through: first admin login, a unit and a user, the user's
first login, languages, logout, a 360 px screen, and a clean JavaScript console.

The tests run in the order written and share one browser and the STATE below
(test 1 changes the admin's password, test 2 creates the user that test 3 logs
in as). Each test can also run alone (pytest -k): it then logs in or creates
what it needs itself.
"""

from __future__ import annotations

import os
import secrets
import string

from selenium.webdriver.support.ui import Select

ADMIN = "admin"
ADMIN_INITIAL_PASSWORD = os.environ.get("ANSINH_ADMIN_PASSWORD", "")
ADMIN_NEW_PASSWORD = "Bien-Xanh-2026!"
USER_INITIAL_PASSWORD = "Tam-Thoi-2026#"
USER_NEW_PASSWORD = "Song-Hong-2026!"
USER_FULL_NAME = "Nguyễn Thị Lan"

ROLE_LABELS = {
    "admin": {"vi": "Quản trị hệ thống", "en": "Administrator"},
    "caseWorker": {"vi": "Cán bộ quản lý trường hợp", "en": "Case worker"},
}

# Shared between the tests, filled as they go.
STATE: dict[str, str] = {}


# ---------------------------------------------------------------- helpers


def logged_in(b) -> bool:
    return b.has("form#logout-form")


def log_out(b) -> None:
    if not logged_in(b):
        b.visit("/")
    if logged_in(b):
        b.click_and_wait(b.find("button#logout"))
    assert not logged_in(b), "still logged in after pressing logout"


def submit_login(b, username: str, password: str, *, wrong: bool = False) -> None:
    b.visit("/login")
    assert b.has("form#login-form"), f"no login form on {b.path}"
    b.fill("input#username", username)
    b.fill("input#password", password)
    b.submit("form#login-form", http_error_expected=wrong)


def change_password(b, current: str, new: str) -> None:
    assert b.path == "/account/password", f"expected /account/password, on {b.path}"
    assert b.has("form#password-form")
    b.fill("input#current_password", current)
    b.fill("input#new_password", new)
    b.fill("input#confirm_password", new)
    b.submit("form#password-form")
    assert b.path == "/", f"after changing the password: on {b.path}, expected /"
    assert b.has(".flash.success"), "no .flash.success after changing the password"


def log_in(b, username: str, passwords: list[str], new_password: str) -> str:
    """Log in with the first password that works; if the account must change its
    password, change it to new_password. Returns the password now in force."""
    if logged_in(b):
        log_out(b)
    for password in passwords:
        if not password:
            continue
        submit_login(b, username, password, wrong=True)
        if b.has("form#login-form") and b.has(".flash.error"):
            continue  # wrong password: try the next one
        if b.path == "/account/password":
            change_password(b, password, new_password)
            return new_password
        assert logged_in(b), f"login as {username}: no logout form on {b.path}"
        return password
    raise AssertionError(f"could not log in as {username}")


def log_in_admin(b) -> None:
    passwords = [STATE.get("admin_password", ""), ADMIN_INITIAL_PASSWORD, ADMIN_NEW_PASSWORD]
    STATE["admin_password"] = log_in(b, ADMIN, passwords, ADMIN_NEW_PASSWORD)


def log_in_user(b) -> None:
    ensure_user(b)
    passwords = [STATE.get("user_password", ""), USER_INITIAL_PASSWORD]
    STATE["user_password"] = log_in(b, STATE["username"], passwords, USER_NEW_PASSWORD)


def ensure_user(b) -> None:
    if "username" not in STATE:
        log_in_admin(b)
        create_unit(b)
        create_user(b)
        log_out(b)


def check_header(b, full_name: str, role: str) -> None:
    lang = b.lang()
    assert b.has("header .center-name") and b.text("header .center-name"), "no .center-name"
    assert b.text("header .user-name") == full_name
    assert b.text("header .user-role") == ROLE_LABELS[role][lang]
    assert b.has("nav#main-nav a"), "nav#main-nav has no links"


def random_suffix(n: int = 3) -> str:
    return "".join(secrets.choice(string.ascii_uppercase) for _ in range(n))


def create_unit(b) -> tuple[str, str]:
    """A commune office in Quảng Ninh, in phường Hạ Long (the admin is logged in); returns
    its code and name."""
    code = "HL" + random_suffix()
    name = f"Văn phòng CTXH Hạ Long {code}"
    b.visit("/admin/units/new")
    assert b.has("form#unit-form"), f"no unit form on {b.path}"
    b.fill("input#name", name)
    Select(b.find("select#kind")).select_by_value("commune")
    b.fill("input#code", code)
    parent = Select(b.find("select#parent_id"))
    assert parent.first_selected_option.get_attribute("value"), "parent_id has no default"
    Select(b.find("select#province_code")).select_by_value("22")

    # Type without diacritics: the suggestions must still offer Hạ Long.
    commune = b.find("input#commune")
    assert commune.get_attribute("list") == "commune-options"
    commune.clear()
    commune.send_keys("ha long")
    b.wait_for(
        lambda: b.driver.execute_script(
            "return [...document.querySelectorAll('datalist#commune-options option')]"
            ".some(o => o.value === 'Hạ Long')"
        ),
        "typing 'ha long' did not offer 'Hạ Long' in datalist#commune-options",
    )
    b.collect_console()
    # Take the suggestion: the hidden commune code must follow.
    commune.clear()
    commune.send_keys("Hạ Long")
    b.wait_for(
        lambda: b.find("input#commune_code").get_attribute("value"),
        "input#commune_code stayed empty after choosing 'Hạ Long'",
    )
    b.collect_console()

    b.fill("input#phone", "0912345678")
    b.fill("input#address_detail", "Số 1 đường Trần Hưng Đạo")
    b.submit("form#unit-form")
    errors = [e.text for e in b.find_all(".field-error") if e.text.strip()]
    assert not errors, f"the unit form was refused: {errors}"
    assert b.path == "/admin/units", f"after creating the unit: on {b.path}"
    assert b.has(".flash.success"), "no .flash.success after creating the unit"
    assert name in b.text("table"), "the new unit is not in the units table"
    STATE["unit_name"] = name
    return code, name


def create_user(b) -> None:
    """A case worker in the unit made by create_unit (the admin is logged in)."""
    username = "canbo" + "".join(secrets.choice(string.digits) for _ in range(4))
    b.visit("/admin/users/new")
    assert b.has("form#user-form"), f"no user form on {b.path}"
    b.fill("input#username", username)
    b.fill("input#full_name", USER_FULL_NAME)
    Select(b.find("select#role")).select_by_value("caseWorker")
    units = Select(b.find("select#unit_id"))
    matching = [o for o in units.options if STATE["unit_name"] in o.text]
    assert matching, f"unit {STATE['unit_name']!r} is not offered in select#unit_id"
    units.select_by_value(matching[0].get_attribute("value"))
    b.fill("input#password", USER_INITIAL_PASSWORD)
    b.submit("form#user-form")
    errors = [e.text for e in b.find_all(".field-error") if e.text.strip()]
    assert not errors, f"the user form was refused: {errors}"
    assert b.path == "/admin/users", f"after creating the user: on {b.path}"
    assert b.has(".flash.success"), "no .flash.success after creating the user"
    assert username in b.text("table"), "the new user is not in the users table"
    STATE["username"] = username
    STATE.pop("user_password", None)


def no_horizontal_scroll(b) -> None:
    has_viewport_meta = b.driver.execute_script(
        "const m = document.querySelector('meta[name=viewport]');"
        "return !!m && m.content.includes('width=device-width')"
    )
    assert has_viewport_meta, f"{b.path}: no <meta name=viewport content=width=device-width>"
    scroll_width, inner_width = b.driver.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]"
    )
    # A page wider than the screen makes mobile Chromium zoom out, which widens
    # innerWidth: so innerWidth must still be 360 too.
    assert inner_width == 360, f"{b.path}: window.innerWidth is {inner_width} at 360 px"
    assert scroll_width <= inner_width, (
        f"{b.path}: scrolls sideways at 360 px (scrollWidth {scroll_width})"
    )


# ---------------------------------------------------------------- tests


def test_1_first_admin_login_forces_a_password_change(browser):
    b = browser
    assert ADMIN_INITIAL_PASSWORD, "ANSINH_ADMIN_PASSWORD is not set"
    if logged_in(b):
        log_out(b)

    b.visit("/login")
    assert b.lang() == "vi", "the default language must be Vietnamese"
    assert b.has("form#login-form input#username")
    assert b.has("form#login-form input#password")
    assert b.text('form#login-form button[type="submit"]') == "Đăng nhập"
    # The switch to the other language (a page may also offer its own).
    assert b.has("a#lang-en"), "no a#lang-en on the Vietnamese login page"

    # Wrong credentials: the same page again, with an error.
    submit_login(b, ADMIN, "not-the-password-123", wrong=True)
    assert b.has("form#login-form"), "wrong password: the login form is gone"
    assert b.has(".flash.error") and b.text(".flash.error"), "wrong password: no .flash.error"

    if "admin_password" in STATE:  # the password was changed already
        log_in_admin(b)
    else:
        submit_login(b, ADMIN, ADMIN_INITIAL_PASSWORD)
        assert b.path == "/account/password", (
            f"the first login must land on /account/password, not {b.path}"
        )
        change_password(b, ADMIN_INITIAL_PASSWORD, ADMIN_NEW_PASSWORD)
        STATE["admin_password"] = ADMIN_NEW_PASSWORD

    check_header(b, b.text("header .user-name"), "admin")
    assert b.text("header .user-name"), "no .user-name for the admin"
    assert b.has('nav#main-nav a[href="/admin/units"]')
    assert b.has('nav#main-nav a[href="/admin/users"]')


def test_2_admin_creates_a_unit_and_a_user(browser):
    b = browser
    log_in_admin(b)
    create_unit(b)
    create_user(b)


def test_3_new_user_changes_password_and_sees_home(browser):
    b = browser
    ensure_user(b)
    log_out(b)
    if "user_password" not in STATE:
        # The very first login: must go through the password change.
        submit_login(b, STATE["username"], USER_INITIAL_PASSWORD)
        assert b.path == "/account/password", (
            f"a new user's first login must land on /account/password, not {b.path}"
        )
        change_password(b, USER_INITIAL_PASSWORD, USER_NEW_PASSWORD)
        STATE["user_password"] = USER_NEW_PASSWORD
    else:
        log_in_user(b)
    b.visit("/")
    check_header(b, USER_FULL_NAME, "caseWorker")
    assert not b.has('a[href="/admin/users"]'), "a case worker is offered the user admin"


def test_4_switch_to_english_and_back(browser):
    b = browser
    if not logged_in(b):
        log_in_user(b)
    b.visit("/")
    role = "admin" if b.text("header .user-name") != USER_FULL_NAME else "caseWorker"
    full_name = b.text("header .user-name")
    assert b.lang() == "vi"
    label_vi = b.text("header .user-role")
    assert label_vi == ROLE_LABELS[role]["vi"]

    b.click_and_wait(b.find("a#lang-en"))
    assert b.lang() == "en"
    check_header(b, full_name, role)
    assert b.text("header .user-role") != label_vi

    b.visit("/")  # the choice is kept (cookie), without ?lang=
    assert b.lang() == "en", "English was not kept after the next page load"
    assert b.text("header .user-role") == ROLE_LABELS[role]["en"]

    b.click_and_wait(b.find("a#lang-vi"))
    assert b.lang() == "vi"
    assert b.text("header .user-role") == label_vi
    b.visit("/")
    assert b.lang() == "vi", "Vietnamese was not kept after the next page load"


def test_5_log_out(browser):
    b = browser
    if not logged_in(b):
        log_in_user(b)
    b.click_and_wait(b.find("form#logout-form button#logout"))
    assert not logged_in(b), "still logged in after logout"
    b.visit("/")
    assert b.path == "/login", f"after logout, / must lead to /login, not {b.path}"
    assert b.has("form#login-form")

    # The login page speaks both languages too.
    assert b.text('form#login-form button[type="submit"]') == "Đăng nhập"
    b.click_and_wait(b.find("a#lang-en"))
    assert b.lang() == "en"
    assert b.text('form#login-form button[type="submit"]') == "Log in"
    b.click_and_wait(b.find("a#lang-vi"))
    assert b.lang() == "vi"
    assert b.text('form#login-form button[type="submit"]') == "Đăng nhập"


def test_6_no_horizontal_scroll_at_360_px(browser):
    b = browser
    # set_window_size cannot go below ~500 px in some headless builds: emulate
    # a 360 px phone instead.
    b.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 360, "height": 800, "deviceScaleFactor": 1, "mobile": True},
    )
    try:
        if logged_in(b):
            log_out(b)
        b.visit("/login")
        no_horizontal_scroll(b)
        log_in_user(b)
        b.visit("/")
        no_horizontal_scroll(b)
    finally:
        b.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


# Words of letters (Vietnamese syllables) whose text is laid out on more than one line.
SPLIT_WORDS_JS = r"""
const split = [];
document.querySelectorAll(arguments[0]).forEach(cell => {
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const re = /[\p{L}\p{M}]+/gu;
    let m;
    while ((m = re.exec(node.data))) {
      const r = document.createRange();
      r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
      const tops = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
      if (tops.size > 1) split.push(m[0]);
    }
  }
});
return split;
"""


def test_6b_phone_menu_and_tables_as_cards(browser):
    """At 360 px: the menu folds behind one button and takes at most a fifth of the screen;
    list tables read as cards of "heading: value" lines; no word is split across lines."""
    b = browser
    b.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 360, "height": 740, "deviceScaleFactor": 1, "mobile": True},
    )
    try:
        log_in_admin(b)
        for path in ("/admin/users", "/admin/units", "/admin/audit"):
            b.visit(path)
            no_horizontal_scroll(b)
            nav_height = b.driver.execute_script("return document.getElementById('main-nav').getBoundingClientRect().height")
            assert nav_height <= 740 / 5, f"{path}: the menu takes {nav_height:.0f} px of a 740 px screen"
            assert b.find("#nav-toggle").is_displayed(), f"{path}: no menu button at 360 px"
            assert not b.find("#main-nav-list").is_displayed(), f"{path}: the menu is open at 360 px"
            assert b.has("table.cards td[data-label]"), f"{path}: the table is not shown as cards"
            head_shown = b.driver.execute_script(
                "return getComputedStyle(document.querySelector('table.cards thead')).display !== 'none'")
            assert not head_shown, f"{path}: the table heading row still shows above the cards"
            split = b.driver.execute_script(SPLIT_WORDS_JS, "main td, main th")
            assert not split, f"{path}: words split across lines at 360 px: {split[:10]}"
        b.find("#nav-toggle").click()
        assert b.find("#main-nav-list").is_displayed(), "the menu button does not open the menu"
        assert b.find("#nav-toggle").get_attribute("aria-expanded") == "true"
    finally:
        b.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    # At a desk the menu is a plain row of links, no button.
    b.visit("/admin/users")
    assert not b.find("#nav-toggle").is_displayed(), "the menu button shows at 1280 px"
    assert b.find("#main-nav-list").is_displayed(), "the menu is hidden at 1280 px"


def test_7_no_javascript_console_errors(browser):
    b = browser
    if not b.pages_seen:  # run alone: visit a couple of pages first
        b.visit("/login")
        log_in_admin(b)
        b.visit("/admin/units/new")
    b.collect_console()
    assert not b.console_errors, "JavaScript console errors:\n" + "\n".join(b.console_errors)
