"""What people expect of a chat, on the widget and the standalone chat page, in real Chromium
against the real server (see conftest.py): cross-references as buttons, copy, print, times,
a draft line, the 360 x 640 layout, dark and forced colours, and screen-reader details."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from bot import Assistant, messages
from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, Live, new_tab
from tests.web.test_widget import REPLIES, SHOT_TIME, ZOOMED, ask, open_widget, shoot

PHONE = {"width": 360, "height": 640}
HHMM = re.compile(r"^\d\d:\d\d$")


def open_embedded(page: Page, intranet: Live) -> None:
    """The widget on an intranet page with a banner, main and footer of its own."""
    page.goto(f"{intranet.url}/landmarks")
    page.locator(".pw-launcher").click()
    expect(page.locator(".pw-welcome")).to_be_visible()


def open_chat_page(page: Page, pathways: Live) -> None:
    page.goto(f"{pathways.url}/")
    expect(page.locator(".pw-welcome")).to_be_visible()


# ---- cross-references --------------------------------------------------------------------
def test_a_see_reference_in_the_widget_is_a_button_that_asks_it(
    page: Page, intranet: Live, assistant: Assistant
) -> None:
    open_widget(page, intranet)
    reply = ask(page, "what does dbs stand for")
    xref = reply.get_by_role("button", name="DBS checks for councillors")
    expect(xref).to_have_class("pw-xref")
    expect(reply.locator("p:has(.pw-xref)")).to_contain_text("See DBS checks for councillors")
    target = assistant.topic_reply("dbs-checks-members", council="chorley")
    assert target is not None
    xref.click()
    expect(page.locator(REPLIES)).to_have_count(2)
    expect(page.locator(REPLIES).last.locator(".pw-reply-title")).to_have_text(target.title)
    expect(page.locator(".pw-user").last).to_contain_text(target.title)


def test_a_see_reference_on_the_chat_page_is_a_button_and_other_bold_is_not(
    page: Page, pathways: Live
) -> None:
    open_chat_page(page, pathways)
    greeting = ask(page, "hello")  # "type **help** to see what I cover": bold, not a reference
    expect(greeting.locator("strong", has_text="help").first).to_be_visible()
    expect(greeting.locator(".pw-xref")).to_have_count(0)
    reply = ask(page, "what does cpn mean")
    expect(reply.locator(".pw-reply-title")).to_have_text("CPN: Community Protection Notice")
    expect(reply.locator(".pw-xref")).to_have_text(["Laws and guidance"])
    reply.get_by_role("button", name="Laws and guidance").click()
    expect(page.locator(REPLIES).last.locator(".pw-reply-title")).to_have_text(
        "Laws and statutory guidance on CSE"
    )


# ---- copy --------------------------------------------------------------------------------
def test_copy_puts_the_answer_on_the_clipboard_and_says_so(page: Page, intranet: Live) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=intranet.url)
    open_widget(page, intranet)
    reply = ask(page, "how do I report a concern")
    reply.get_by_role("button", name="Copy answer").click()
    said = page.locator(".pw-panel [role=status]", has_text="Copied")
    expect(said).to_have_text("Copied")
    expect(said).to_have_class(re.compile("pw-hidden"))  # heard, and the mark is seen
    expect(reply.locator(".pw-copied")).to_have_text("Copied")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith("Report a concern about a child\n\n")
    assert "1. " in copied and "Contacts:\n- " in copied and "Source: " in copied
    assert "**" not in copied and "Copy answer" not in copied


@pytest.fixture(scope="module")
def insecure_browser(playwright: Any) -> Iterator[Any]:
    """Chromium resolving pathways.test to loopback: http://pathways.test is not a secure
    context, so the clipboard API is missing there, as on a plain-http intranet."""
    chromium = playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP pathways.test 127.0.0.1"],
    )
    yield chromium
    chromium.close()


def test_copy_falls_back_where_the_clipboard_api_is_missing(
    insecure_browser: Any, pathways: Live
) -> None:
    port = pathways.url.rsplit(":", 1)[1]
    with new_tab(insecure_browser, DESKTOP) as page:
        page.goto(f"http://pathways.test:{port}/")
        assert page.evaluate("() => [isSecureContext, 'clipboard' in navigator]") == [
            False,
            False,
        ]
        reply = ask(page, "how do I report a concern")
        copy = reply.get_by_role("button", name="Copy answer")
        copy.click()
        expect(page.locator(".pw-panel [role=status]", has_text="Copied")).to_have_count(1)
        expect(copy).to_be_focused()  # focus comes back from the copy box
        reader = page.context.new_page()
        page.context.grant_permissions(["clipboard-read"], origin=pathways.url)
        reader.goto(f"{pathways.url}/healthz")
        copied = reader.evaluate("() => navigator.clipboard.readText()")
        assert copied.startswith("Report a concern about a child\n\n")


# ---- print -------------------------------------------------------------------------------
def pdf_pages(page: Page) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", page.pdf(format="A4")))


def long_transcript(page: Page) -> None:
    for question in (
        "how do I report a concern",
        "what are the signs of cse",
        "what training do councillors need",
        "what does lado mean",
    ):
        ask(page, question)


def assert_prints_whole(page: Page) -> None:
    page.emulate_media(media="print")
    log = page.locator(".pw-log")
    style = log.evaluate("e => getComputedStyle(e).overflowY")
    assert style == "visible"
    clipped = log.evaluate("e => e.scrollHeight - e.clientHeight")
    assert clipped <= 1, f"the transcript is cut by {clipped}px in print"
    panel = page.locator(".pw-panel").evaluate("e => getComputedStyle(e).position")
    assert panel == "static"
    for part in (".pw-form", ".pw-exit", ".pw-copy", ".pw-chip"):
        expect(page.locator(part).first).to_be_hidden()
    expect(page.locator(REPLIES).last).to_be_visible()
    expect(page.locator(".pw-reply-title").last).to_be_visible()


def test_printing_the_chat_page_prints_the_whole_conversation(page: Page, pathways: Live) -> None:
    open_chat_page(page, pathways)
    long_transcript(page)
    on_screen = page.locator(".pw-log").evaluate("e => e.scrollHeight - e.clientHeight")
    assert on_screen > 400  # on screen the transcript scrolls inside the panel
    assert_prints_whole(page)
    assert pdf_pages(page) >= 3


def test_printing_a_page_with_the_widget_open_prints_its_conversation(
    page: Page, intranet: Live
) -> None:
    open_widget(page, intranet)
    long_transcript(page)
    assert_prints_whole(page)
    expect(page.locator(".pw-launcher")).to_be_hidden()
    assert pdf_pages(page) >= 3


# ---- times -------------------------------------------------------------------------------
def test_each_message_has_its_local_time(browser: Any, intranet: Live) -> None:
    """Kolkata is UTC+5:30, so a time shown in UTC (or the server's zone) would not match."""
    with new_tab(browser, DESKTOP, timezone_id="Asia/Kolkata") as page:
        open_widget(page, intranet)
        ask(page, "how do I report a concern")
        times = page.locator(".pw-user time, .pw-bot:not(.pw-welcome) time.pw-time")
        expect(times).to_have_count(2)
        zone = dt.timezone(dt.timedelta(hours=5, minutes=30))
        shown = []
        for i in range(2):
            text = times.nth(i).inner_text()
            stamp = dt.datetime.fromisoformat(times.nth(i).get_attribute("datetime") or "")
            assert stamp.tzinfo is not None
            assert HHMM.match(text) and text == stamp.astimezone(zone).strftime("%H:%M")
            assert abs(dt.datetime.now(dt.UTC) - stamp) < dt.timedelta(minutes=5)
            shown.append(text)
        page.reload()
        expect(times).to_have_text(shown)  # kept with the conversation, not re-stamped


# ---- draft answers -----------------------------------------------------------------------
DRAFT = messages.DRAFT_LINE  # the words Slack, Teams and the CLI show too


def test_a_draft_answer_says_so_and_an_approved_one_does_not(page: Page, intranet: Live) -> None:
    """The real server's reply with `draft` set true, false, and left out (a server from before
    the field): only the first shows the line, under the answer."""
    open_widget(page, intranet)
    marks = iter([True, False, None])

    def mark(route: Any) -> None:
        real = route.fetch()
        reply, value = real.json(), next(marks)
        reply.pop("draft", None)
        route.fulfill(response=real, json=reply if value is None else {**reply, "draft": value})

    page.route("**/api/ask", mark)
    draft = ask(page, "what does lado mean")
    line = draft.locator(".pw-draft")
    expect(line).to_have_text(DRAFT)
    answer = draft.locator(".pw-reply-title + p").bounding_box()
    box = line.bounding_box()
    assert answer and box and box["y"] > answer["y"]  # under the answer
    for _ in ("approved", "no such field"):
        expect(ask(page, "what does lado mean").locator(".pw-draft")).to_have_count(0)
    expect(page.locator(".pw-draft")).to_have_count(1)


# ---- layout ------------------------------------------------------------------------------
def assert_fits_a_phone(page: Page) -> None:
    send = page.locator(".pw-send").bounding_box()
    assert send and send["y"] >= 0 and send["y"] + send["height"] <= PHONE["height"]
    assert send["x"] + send["width"] <= PHONE["width"]
    scroll = page.evaluate("() => document.scrollingElement.scrollHeight - innerHeight")
    assert scroll <= 0, f"the page scrolls by {scroll}px as well as the transcript"
    log = page.locator(".pw-log").bounding_box()
    assert log and log["height"] >= 240, log
    assert page.locator(".pw-log").evaluate("e => getComputedStyle(e).overflowY") == "auto"


def test_the_chat_page_fits_360_by_640(browser: Any, pathways: Live) -> None:
    with new_tab(browser, PHONE) as page:
        page.clock.set_fixed_time(SHOT_TIME)
        open_chat_page(page, pathways)
        ask(page, "how do I report a concern")
        assert_fits_a_phone(page)
        shoot(page, "chat-page-360x640.png")
        expect(page.locator(".pw-page-intro")).to_be_in_viewport()  # what is kept, still said
        expect(page.locator(".pw-exit")).to_be_in_viewport()


def test_the_widget_fits_360_by_640(browser: Any, intranet: Live) -> None:
    with new_tab(browser, PHONE) as page:
        open_widget(page, intranet)
        ask(page, "how do I report a concern")
        assert_fits_a_phone(page)


def colour(page: Page, selector: str, prop: str) -> tuple[int, ...]:
    value = page.locator(selector).first.evaluate(f"e => getComputedStyle(e).{prop}")
    return tuple(int(n) for n in re.findall(r"\d+", value)[:3])


def test_a_dark_scheme_follows_the_system(browser: Any, intranet: Live) -> None:
    with new_tab(browser, DESKTOP, color_scheme="dark") as page:
        page.clock.set_fixed_time(SHOT_TIME)
        open_embedded(page, intranet)
        ask(page, "what does dbs stand for")
        page.locator(".pw-log").evaluate("e => { e.scrollTop = e.scrollHeight; }")
        shoot(page, "widget-dark.png")
        assert max(colour(page, ".pw-log", "backgroundColor")) < 60
        assert min(colour(page, ".pw-reply-title", "color")) > 200
        assert_no_axe_violations(page)
        page.emulate_media(color_scheme="light")
        assert colour(page, ".pw-log", "backgroundColor") == (255, 255, 255)


def test_forced_colours_keep_every_edge(page: Page, intranet: Live) -> None:
    open_embedded(page, intranet)
    ask(page, "how do I report a concern")
    user = page.locator(".pw-user")
    assert user.evaluate("e => getComputedStyle(e).borderTopStyle") == "none"
    page.emulate_media(forced_colors="active")
    for part in (".pw-user", ".pw-bot", ".pw-send", ".pw-copy", ".pw-chip", ".pw-exit"):
        style = page.locator(part).first.evaluate("e => getComputedStyle(e).borderTopStyle")
        assert style == "solid", part
    assert_no_axe_violations(page)


# ---- screen readers and axe -------------------------------------------------------------
def test_the_widget_adds_no_landmark_that_collides_with_the_page(
    page: Page, intranet: Live
) -> None:
    open_embedded(page, intranet)
    expect(page.get_by_role("banner")).to_have_count(1)
    expect(page.get_by_role("contentinfo")).to_have_count(1)
    expect(page.get_by_role("main")).to_have_count(1)
    inside = ".pathways-widget :is(header, footer, main, nav, aside, [role=banner], [role=main])"
    expect(page.locator(inside)).to_have_count(0)
    expect(page.get_by_role("region", name="Safeguarding help")).to_have_count(1)
    expect(page.get_by_role("dialog", name="Safeguarding help")).to_be_visible()


def test_try_asking_is_read_once(page: Page, intranet: Live) -> None:
    open_widget(page, intranet)
    tree = page.locator(".pw-welcome").aria_snapshot()
    assert tree.count("Try asking") == 1, tree


WATCH_LIVE = """() => {
  window.__heard = [];
  const root = document.querySelector('.pathways-widget').shadowRoot;
  new MutationObserver((records) => {
    for (const r of records) {
      const live = (r.target.closest ? r.target : r.target.parentElement)
        .closest('[aria-live], [role=status], [role=log], [role=alert]');
      const text = [...r.addedNodes].map((n) => n.textContent).join('');
      if (live && text.includes('finding an answer')) window.__heard.push(live.className);
    }
  }).observe(root, { childList: true, subtree: true, characterData: true });
}"""


def test_the_typing_indicator_is_announced_once(page: Page, intranet: Live) -> None:
    page.clock.install()  # the page's timers run when the test says, not by the wall clock
    open_widget(page, intranet)
    page.evaluate(WATCH_LIVE)
    held: list[Any] = []
    page.route("**/api/ask", lambda route: held.append(route))
    page.locator("#pw-input").fill("how do I report a concern")
    page.locator("#pw-input").press("Enter")
    typing = page.locator(".pw-typing")
    expect(typing).to_have_text(re.compile("^Pathways is finding an answer"))
    expect(typing).to_have_attribute("role", "status")
    expect(page.locator(".pw-log .pw-typing")).to_have_count(0)  # not inside the log
    page.wait_for_function("() => window.__heard.length > 0")
    page.clock.run_for(10_000)  # ten seconds of waiting: the words are not said again
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the question was not sent"
    held[0].continue_()
    expect(page.locator(REPLIES)).to_have_count(1)
    expect(typing).to_have_text("")
    assert page.evaluate("() => window.__heard") == ["pw-typing"]


def test_links_that_open_a_tab_say_so(page: Page, intranet: Live) -> None:
    open_widget(page, intranet)
    reply = ask(page, "what does dbs stand for")
    links = reply.locator("a[target=_blank]")
    assert links.count() > 0
    for i in range(links.count()):
        link = links.nth(i)
        assert "noopener" in (link.get_attribute("rel") or "").split()
        expect(link).to_have_accessible_name(re.compile(r"\(opens in a new tab\)$"))
        expect(link.locator(".pw-hidden")).to_have_text(" (opens in a new tab)")


def assert_no_axe_violations(page: Page) -> None:
    results = Axe().run(page)
    found = [
        f"{v['id']} ({v['impact']}): {v['help']}: "
        + json.dumps([n["target"] for n in v["nodes"]])[:300]
        for v in results.response["violations"]
        if v["impact"] in ("moderate", "serious", "critical")
    ]
    assert not found, found


@pytest.mark.parametrize(
    "size", [DESKTOP, PHONE, ZOOMED], ids=["desktop", "360px", "200-percent-zoom"]
)
@pytest.mark.parametrize("surface", ["embedded", "chat-page"])
def test_axe_finds_nothing_moderate_or_worse(
    browser: Any, intranet: Live, pathways: Live, size: dict[str, int], surface: str
) -> None:
    """Embedded in an intranet page with its own header and footer, and on the chat page; at
    200% zoom (a 640 x 400 CSS-pixel window at twice the pixel density)."""
    scale = 2 if size is ZOOMED else 1
    with new_tab(browser, size, device_scale_factor=scale) as page:
        if surface == "embedded":
            open_embedded(page, intranet)
        else:
            open_chat_page(page, pathways)
        ask(page, "a child is being attacked right now")
        ask(page, "what does dbs stand for")
        ask(page, "zxqv blorf wibble")
        assert_no_axe_violations(page)


# ---- where each contact came from ------------------------------------------------------------
def test_each_contact_shows_the_page_it_came_from(
    page: Page, intranet: Live, assistant: Assistant
) -> None:
    open_widget(page, intranet)
    reply = ask(page, "I want to speak to a person")
    expected = assistant.topic_reply("speak-to-someone", council="chorley")
    assert expected is not None
    checked = [c for c in expected.contacts if c.source_url]
    sources = reply.locator(".pw-contact-source a")
    expect(sources).to_have_count(len(checked))
    assert [sources.nth(i).get_attribute("href") for i in range(len(checked))] == [
        c.source_url for c in checked
    ]
    expect(reply.locator(".pw-contact-source").first).to_contain_text("checked 2 December 2026")
    expect(reply.locator(".pw-contacts")).to_contain_text("0300 123 6722")  # the night line
