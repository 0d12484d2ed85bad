"""The widget in real Chromium, embedded by its one script tag on an "intranet" page served
from another loopback origin, talking to a real Pathways server (see conftest.py)."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect

from bot import Assistant
from tests.web.conftest import DESKTOP, NARROW, SCREENSHOTS, Live, new_tab

STATIC = Path(__file__).resolve().parents[2] / "adapters" / "web" / "static"
REPLIES = ".pw-bot:not(.pw-welcome)"
ZOOMED = {"width": DESKTOP["width"] // 2, "height": DESKTOP["height"] // 2}  # 200% of 1280x800


def open_widget(page: Page, intranet: Live) -> None:
    page.goto(f"{intranet.url}/")
    launcher = page.locator(".pw-launcher")
    expect(launcher).to_have_text("Safeguarding help")
    launcher.click()
    expect(page.locator(".pw-welcome")).to_be_visible()


def ask(page: Page, question: str) -> Locator:
    """Type a question as a person would and return the reply it gets."""
    before = page.locator(REPLIES).count()
    page.locator("#pw-input").fill(question)
    page.locator("#pw-input").press("Enter")
    reply = page.locator(REPLIES).nth(before)
    expect(reply).to_be_visible()
    return reply


SHOT_TIME = dt.datetime(2026, 12, 2, 10, 30)  # screenshots show this time, run after run


def shoot(page: Page, name: str) -> None:
    """A screenshot; into the README's folder only when asked (PATHWAYS_SCREENSHOTS=1 make
    test), so a test run leaves the working tree as it found it."""
    wanted = os.environ.get("PATHWAYS_SCREENSHOTS") == "1"
    folder = SCREENSHOTS if wanted else Path(tempfile.gettempdir()) / "pathways-screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name))


def test_widget_is_small_and_self_contained() -> None:
    script = (STATIC / "widget.js").read_text(encoding="utf-8")
    styles = (STATIC / "widget.css").read_text(encoding="utf-8")
    assert len(script.encode()) + len(styles.encode()) < 40 * 1024
    assert "http" not in styles and "@import" not in styles
    urls = set(re.findall(r"https?://[^\s\"'<>]+", script))
    assert urls <= {"https://HOST/widget.js", "https://www.bbc.co.uk/weather"}  # doc, exit page
    for unsafe in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert unsafe not in script


def test_open_panel_and_ask_a_question(page: Page, intranet: Live) -> None:
    page.clock.set_fixed_time(SHOT_TIME)
    open_widget(page, intranet)
    expect(page.locator(".pw-danger")).to_have_text("If a child is in immediate danger, call 999")
    expect(page.locator(".pw-welcome")).to_contain_text("Chorley Council")
    starters = page.locator(".pw-welcome .pw-chip")
    assert 3 <= starters.count() <= 4
    expect(starters.first).to_have_text("How do I report a concern?")
    expect(page.locator("#pw-input")).to_be_focused()
    log = page.locator(".pw-log")
    expect(log).to_have_attribute("role", "log")
    expect(log).to_have_attribute("aria-live", "polite")
    expect(page.locator(".pw-panel")).to_have_attribute("role", "dialog")

    reply = ask(page, "how do I report a concern")
    expect(reply.locator(".pw-reply-title")).to_have_text("Report a concern about a child")
    expect(reply.locator(".pw-steps li").first).to_be_visible()
    expect(reply.locator('a[href="tel:999"]').first).to_be_attached()
    expect(reply.locator(".pw-source")).to_contain_text("Source: Chorley Council")
    expect(reply.locator(".pw-source")).to_contain_text("Last reviewed")
    expect(reply.locator("strong").first).to_have_text(re.compile("immediate danger"))
    expect(page.locator(".pw-user")).to_contain_text("how do I report a concern")
    ask(page, "what does dbs stand for")  # the screenshot shows a cross-reference, copy, time
    page.locator(".pw-log").evaluate("e => { e.scrollTop = e.scrollHeight; }")
    shoot(page, "widget-desktop.png")


def test_starter_prompt_asks_it(page: Page, intranet: Live) -> None:
    open_widget(page, intranet)
    page.locator(".pw-welcome .pw-chip", has_text="What training do I need?").click()
    expect(page.locator(REPLIES).last.locator(".pw-reply-title")).to_contain_text("training")


def test_clicking_a_suggestion_answers_it_and_buttons_stay_usable(
    page: Page, intranet: Live
) -> None:
    open_widget(page, intranet)
    first = ask(page, "how do I report a concern")
    chip = first.locator(".pw-chip").first
    title = chip.inner_text()
    chip.click()
    expect(page.locator(REPLIES)).to_have_count(2)
    expect(page.locator(REPLIES).last.locator(".pw-reply-title")).to_have_text(title)
    expect(page.locator(".pw-user").last).to_contain_text(title)
    expect(chip).to_be_enabled()
    chip.click()
    expect(page.locator(REPLIES)).to_have_count(3)


def test_did_you_mean_on_an_unclear_question(
    page: Page, intranet: Live, assistant: Assistant, unclear: str
) -> None:
    # several topics fit, none well; asked as the page asks (chorley, a member)
    first = assistant.ask(unclear, role="member", council="chorley").suggestions[0].title
    open_widget(page, intranet)
    reply = ask(page, unclear)
    expect(reply.locator(".pw-reply-title")).to_have_text("I'm not sure I have the right answer")
    expect(reply.locator(".pw-choices-label", has_text="Did you mean:")).to_have_count(1)
    offered = reply.locator(".pw-chip", has_text=first)
    expect(offered).to_have_count(1)
    reporting = reply.locator(".pw-chip", has_text="Report a concern about a child")
    expect(reporting).to_have_count(1)  # the reporting route, offered once
    offered.click()
    expect(page.locator(REPLIES).last.locator(".pw-reply-title")).to_have_text(first)


def test_urgent_question_shows_the_999_banner_first(page: Page, intranet: Live) -> None:
    open_widget(page, intranet)
    reply = ask(page, "a child is being attacked right now")
    banner = reply.locator(".pw-urgent")
    expect(banner).to_contain_text("If a child is in immediate danger, call 999 now.")
    expect(banner.locator('a[href="tel:999"]')).to_have_text("Call 999")
    first_shown = reply.locator(":scope > :not(.pw-hidden)").first
    expect(first_shown).to_have_class("pw-urgent")
    assert banner.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(164, 16, 28)"
    above = banner.bounding_box()
    title = reply.locator(".pw-reply-title").bounding_box()
    assert above and title and above["y"] < title["y"]


def test_possible_emergency_shows_one_line_above_the_answer(
    page: Page, intranet: Live, assistant: Any
) -> None:
    """The `possible` tier: the normal answer, with "If this is happening now, call 999."
    on top (a bare "help" is too short for the model alone to lead with 999)."""
    assert assistant.ask("help").urgency.level == "possible"
    open_widget(page, intranet)
    reply = ask(page, "help")
    line = reply.locator(".pw-possible")
    expect(line).to_contain_text("If this is happening now, call 999.")
    expect(line.locator('a[href="tel:999"]')).to_have_text("Call 999")
    expect(reply.locator(".pw-urgent")).to_have_count(0)
    above = line.bounding_box()
    title = reply.locator(".pw-reply-title").bounding_box()
    assert above and title and above["y"] < title["y"]


def test_keyboard_only(page: Page, intranet: Live) -> None:
    page.goto(f"{intranet.url}/")
    page.keyboard.press("Tab")
    expect(page.locator(".pw-launcher")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#pw-input")).to_be_focused()
    page.keyboard.type("how do I report a concern")
    page.keyboard.press("Enter")
    expect(page.locator(REPLIES)).to_have_count(1)
    expect(page.locator("#pw-input")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.locator(".pw-role-select")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.locator(".pw-clear")).to_be_focused()
    page.keyboard.press("Shift+Tab")  # back past Clear to the answer's copy button
    expect(page.locator(".pw-copy")).to_be_focused()
    page.keyboard.press("Shift+Tab")  # and the last follow-up
    expect(page.locator(".pw-chip:focus")).to_have_count(1)
    page.keyboard.press("Enter")
    expect(page.locator(REPLIES)).to_have_count(2)
    page.keyboard.press("Escape")
    expect(page.locator(".pw-panel")).to_be_hidden()
    expect(page.locator(".pw-launcher")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(REPLIES)).to_have_count(2)  # the conversation is still there


def test_quick_exit_button_leaves_and_clears(page: Page, intranet: Live) -> None:
    open_widget(page, intranet)
    ask(page, "how do I report a concern")
    page.locator(".pw-exit").click()
    page.wait_for_url(f"{intranet.url}/neutral")
    assert page.evaluate("() => sessionStorage.length") == 0
    page.goto(f"{intranet.url}/")
    page.locator(".pw-launcher").click()
    expect(page.locator(".pw-welcome")).to_be_visible()
    expect(page.locator(REPLIES)).to_have_count(0)


def test_pressing_shift_three_times_exits(page: Page, intranet: Live) -> None:
    open_widget(page, intranet)
    ask(page, "how do I report a concern")
    for letter in "HDI":  # capitals typed with Shift do not count
        page.keyboard.press(f"Shift+{letter}")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("a")  # another key starts the count again
    expect(page).to_have_url(f"{intranet.url}/")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(f"{intranet.url}/neutral")
    assert page.evaluate("() => sessionStorage.length") == 0


def test_conversation_survives_a_page_change_and_can_be_cleared(page: Page, intranet: Live) -> None:
    open_widget(page, intranet)
    ask(page, "how do I report a concern")
    page.reload()
    expect(page.locator(".pw-panel")).to_be_visible()
    expect(page.locator(REPLIES)).to_have_count(1)
    page.locator(".pw-clear").click()
    expect(page.locator(REPLIES)).to_have_count(0)
    expect(page.locator(".pw-welcome")).to_be_visible()
    page.reload()
    expect(page.locator(REPLIES)).to_have_count(0)


def test_unreachable_server_keeps_the_question(page: Page, intranet: Live) -> None:
    open_widget(page, intranet)
    page.route("**/api/ask", lambda route: route.abort("connectionrefused"))
    page.locator("#pw-input").fill("how do I report a concern")
    page.locator("#pw-input").press("Enter")
    expect(page.locator(".pw-notice")).to_contain_text("could not reach its server")
    expect(page.locator("#pw-input")).to_have_value("how do I report a concern")
    expect(page.locator(".pw-user")).to_have_count(0)
    page.unroute("**/api/ask")
    page.locator(".pw-send").click()
    expect(page.locator(REPLIES)).to_have_count(1)


def test_server_error_message_is_shown(page: Page, intranet: Live) -> None:
    open_widget(page, intranet)
    page.route(
        "**/api/ask",
        lambda route: route.fulfill(
            status=429,
            content_type="application/json",
            body='{"error": {"code": "rate_limited", "message": "Please wait a little."}}',
        ),
    )
    page.locator("#pw-input").fill("how do I report a concern")
    page.locator("#pw-input").press("Enter")
    expect(page.locator(".pw-notice")).to_have_text("Please wait a little.")
    expect(page.locator("#pw-input")).to_have_value("how do I report a concern")


def test_typing_indicator_while_waiting(page: Page, intranet: Live) -> None:
    open_widget(page, intranet)
    held: list[Any] = []
    page.route("**/api/ask", lambda route: held.append(route))
    page.locator("#pw-input").fill("how do I report a concern")
    page.locator("#pw-input").press("Enter")
    expect(page.locator(".pw-typing")).to_be_visible()
    expect(page.locator(".pw-typing")).to_contain_text("finding an answer")
    for _ in range(100):  # route handlers run while Playwright waits
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the question was not sent"
    held[0].continue_()
    expect(page.locator(".pw-typing")).to_be_hidden()
    expect(page.locator(REPLIES)).to_have_count(1)


def test_text_from_the_server_is_never_html(page: Page, intranet: Live) -> None:
    open_widget(page, intranet)
    hostile = (
        '{"title": "<img src=x onerror=alert(1)>", "answer": "**bold** <b>raw</b> '
        '[link](javascript:alert(1)) [ok](https://example.org)", "steps": [], "contacts": [], '
        '"suggestions": [], "related": [], "sources": [], "notes": [], "urgent": false}'
    )
    page.route(
        "**/api/ask",
        lambda route: route.fulfill(status=200, content_type="application/json", body=hostile),
    )
    reply = ask(page, "anything")
    expect(reply.locator(".pw-reply-title")).to_have_text("<img src=x onerror=alert(1)>")
    assert reply.locator("img, b").count() == 0
    expect(reply.locator("strong")).to_have_text("bold")
    links = reply.locator("a")
    expect(links).to_have_count(1)
    expect(links).to_have_attribute("href", "https://example.org/")


def test_360px_layout(browser: Any, intranet: Live) -> None:
    with new_tab(browser, NARROW) as page:
        page.clock.set_fixed_time(SHOT_TIME)
        open_widget(page, intranet)
        reply = ask(page, "how do I report a concern")
        panel = page.locator(".pw-panel").bounding_box()
        assert panel and panel["x"] >= 0 and panel["x"] + panel["width"] <= NARROW["width"]
        for part in (".pw-exit", ".pw-close", "#pw-input", ".pw-send", ".pw-clear"):
            box = page.locator(part).bounding_box()
            assert box and box["x"] + box["width"] <= NARROW["width"], part
        overflow = page.locator(".pw-log").evaluate("e => e.scrollWidth - e.clientWidth")
        assert overflow <= 0
        expect(reply.locator(".pw-reply-title")).to_be_in_viewport()
        shoot(page, "widget-360px.png")


def test_200_percent_zoom(browser: Any, intranet: Live) -> None:
    """200% zoom on a 1280x800 screen leaves a 640x400 CSS-pixel viewport."""
    with new_tab(browser, ZOOMED, device_scale_factor=2) as page:
        open_widget(page, intranet)
        ask(page, "what training do I need")
        for part in (".pw-danger", ".pw-exit", "#pw-input", ".pw-send"):
            expect(page.locator(part)).to_be_in_viewport()
        overflow = page.locator(".pw-log").evaluate("e => e.scrollWidth - e.clientWidth")
        assert overflow <= 0


def test_theme_colours_from_data_attributes(page: Page, intranet: Live) -> None:
    page.goto(f"{intranet.url}/?accent=%23005a30")
    color = page.locator(".pw-launcher").evaluate("e => getComputedStyle(e).backgroundColor")
    assert color == "rgb(0, 90, 48)"


def test_standalone_chat_page_obeys_its_csp(page: Page, pathways: Live) -> None:
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    page.goto(f"{pathways.url}/")
    expect(page.locator(".pw-launcher")).to_have_count(0)
    expect(page.locator(".pw-panel")).to_be_visible()
    reply = ask(page, "how do I report a concern")
    expect(reply.locator(".pw-reply-title")).to_have_text("Report a concern about a child")
    assert not blocked, blocked


RESTORED = "window.addEventListener('pageshow', e => { window.__restored = e.persisted; });"


def test_exit_holds_against_back_with_the_bfcache_on(bfcache_browser: Any, intranet: Live) -> None:
    """Ask on one intranet page, move to another, exit there, press Back: the first page
    comes back from the back/forward cache, and neither it nor the panel shows anything."""
    with new_tab(bfcache_browser, DESKTOP) as tab:
        tab.context.add_init_script(RESTORED)
        open_widget(tab, intranet)
        ask(tab, "how do I report a concern")
        tab.goto(f"{intranet.url}/news")
        expect(tab.locator(REPLIES)).to_have_count(1)  # the conversation follows the person
        tab.locator(".pw-exit").click()
        tab.wait_for_url(f"{intranet.url}/neutral")
        tab.go_back(wait_until="commit")  # a restored page fires no load event
        tab.wait_for_url(f"{intranet.url}/", wait_until="commit")
        tab.wait_for_function("() => window.__restored !== undefined")
        assert tab.evaluate("() => window.__restored") is True, "not restored from the bfcache"
        expect(tab.locator(REPLIES)).to_have_count(0)
        expect(tab.locator(".pw-panel")).to_be_hidden()
        assert "report a concern" not in tab.locator(".pathways-widget").inner_text()
        tab.go_forward(wait_until="commit")
        tab.wait_for_url(f"{intranet.url}/neutral", wait_until="commit")
        kept = tab.evaluate("() => JSON.stringify(Object.assign({}, sessionStorage))")
        assert "report a concern" not in kept


def test_a_page_left_without_exit_comes_back_with_its_conversation(
    bfcache_browser: Any, intranet: Live
) -> None:
    """Without Exit, Back restores the conversation (from storage, not from the snapshot)."""
    with new_tab(bfcache_browser, DESKTOP) as tab:
        tab.context.add_init_script(RESTORED)
        open_widget(tab, intranet)
        ask(tab, "how do I report a concern")
        tab.goto(f"{intranet.url}/neutral")
        tab.go_back(wait_until="commit")  # a restored page fires no load event
        tab.wait_for_url(f"{intranet.url}/", wait_until="commit")
        assert tab.evaluate("() => window.__restored") is True
        expect(tab.locator(REPLIES)).to_have_count(1)


def test_exit_on_the_standalone_chat_page_holds_with_the_bfcache_on(
    bfcache_browser: Any, pathways: Live, intranet: Live
) -> None:
    with new_tab(bfcache_browser, DESKTOP) as tab:
        tab.goto(f"{intranet.url}/neutral")
        tab.goto(f"{pathways.url}/")
        expect(tab.locator(".pw-welcome")).to_be_visible()
        ask(tab, "how do I report a concern")
        tab.locator(".pw-exit").click()
        tab.wait_for_url(f"{intranet.url}/neutral")
        tab.go_back(wait_until="commit")  # the chat page's entry was replaced: back is /neutral
        tab.wait_for_timeout(300)
        assert not tab.url.startswith(pathways.url)
        expect(tab.locator(REPLIES)).to_have_count(0)


def test_the_exit_shortcut_is_announced_once_on_open(page: Page, intranet: Live) -> None:
    open_widget(page, intranet)
    status = page.locator(".pw-hint[role=status]")
    expect(status).to_have_text(re.compile("press Shift three times"))
    first_focusable = page.locator(".pw-panel button, .pw-panel [tabindex='0']").first
    expect(first_focusable).to_have_class(re.compile("pw-exit"))
    page.locator(".pw-close").click()
    page.locator(".pw-launcher").click()
    expect(status).not_to_have_text(re.compile("press Shift three times"))


def test_a_long_message_is_counted_and_never_cut(page: Page, intranet: Live) -> None:
    open_widget(page, intranet)
    box = page.locator("#pw-input")
    counter = page.locator(".pw-count")
    box.fill("a" * 3700)
    expect(counter).to_have_text("300 characters left")
    box.fill("b" * 4100)  # a paste over the limit is kept whole, not truncated
    expect(counter).to_contain_text("100 characters over the limit of 4,000")
    assert len(box.input_value()) == 4100
    box.press("Enter")
    expect(page.locator(REPLIES)).to_have_count(0)  # not sent, not cut
    story = "I do routine licensing visits in the town centre every week. " * 60
    story += "Right now a man is dragging a girl of about 12 into a van outside the shop."
    assert 3000 < len(story) <= 4000
    reply = ask(page, story)
    expect(reply.locator(".pw-urgent")).to_be_visible()
    expect(counter).to_have_text("")


def test_an_off_topic_question_says_so_without_an_unrelated_suggestion(
    page: Page, intranet: Live
) -> None:
    open_widget(page, intranet)
    reply = ask(page, "when are my bins collected")
    expect(reply.locator(".pw-reply-title")).to_have_text("This is outside what Pathways covers")
    expect(reply).not_to_contain_text("Did you mean")
    expect(reply).to_contain_text("outside what Pathways covers")


def test_the_role_picker_changes_whose_answer_comes(page: Page, intranet: Live) -> None:
    open_widget(page, intranet)
    picker = page.locator(".pw-role-select")
    expect(picker).to_have_value("member")  # the embed's data-role
    reply = ask(page, "What training do I need?")
    expect(reply.locator(".pw-reply-title")).to_have_text(
        "CSE and safeguarding training for councillors"
    )
    picker.select_option("officer")
    reply = ask(page, "What training do I need?")
    expect(reply.locator(".pw-reply-title")).to_have_text("CSE training for council officers")
    page.reload()
    expect(page.locator(".pw-role-select")).to_have_value("officer")  # kept for the tab


def test_feedback_thumbs_and_a_reason_are_sent_without_text(page: Page, intranet: Live) -> None:
    open_widget(page, intranet)
    expect(page.locator(".pw-welcome")).to_contain_text("keeps nothing you type")  # store off
    reply = ask(page, "how do I report a concern")
    feedback = reply.locator(".pw-feedback")
    expect(feedback).to_contain_text("Was this helpful?")
    feedback.get_by_role("button", name="No, not helpful").click()
    with page.expect_response("**/api/feedback") as sent:
        feedback.get_by_role("button", name="missing a contact").click()
    response = sent.value
    assert response.status == 202
    assert response.request.post_data_json == {
        "topic_id": "report-a-concern",
        "helpful": False,
        "reason": "missing a contact",
        "council": "chorley",
    }
    expect(feedback).to_have_text("Thank you.")
    other = ask(page, "what does CSE stand for")
    with page.expect_response("**/api/feedback") as sent:
        other.get_by_role("button", name="Yes, helpful").click()
    assert sent.value.request.post_data_json["helpful"] is True
    page.reload()  # the thanks is kept for the tab (the panel stays open): no second prompt
    expect(page.locator(".pw-feedback").first).to_have_text("Thank you.")
