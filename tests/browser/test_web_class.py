"""A live class in the web edition, in-process: the door, a name already playing, a browser whose
name joined elsewhere, the heartbeat, and every decision in the class database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from game.classroom.classdb import ClassDB
from game.classroom.joining import CODE_DIGITS
from game.engine.model import Story
from game.webapp.class_records import ClassRoom, open_room
from tests.browser.web_client import Client, browser, served

CLASS = "Form 4"


pytestmark = pytest.mark.usefixtures("home")


@pytest.fixture
def room() -> Iterator[ClassRoom]:
    opened, notes, problem = open_room(CLASS)
    assert opened is not None, problem
    told = " ".join(notes)
    assert "moscow1921 class" in told
    assert "given a code" in told and "press c on the dashboard" in told  # the teacher knows the code rule
    try:
        yield opened
    finally:
        opened.close()


async def join(client: Client, name: str) -> str:
    """Join as a new student; the code the class gave them (shown once)."""
    door = await client.get("/play")
    assert door.url == "/join" and door.h1 == [f"Join the class “{CLASS}”"]
    page = await client.submit(door.form("/join"), name=name)
    assert page.url == "/join" and page.h1 == ["Your code"], page.text[:300]
    code = page.ids["student-code"]
    assert len(code.replace(" ", "")) == CODE_DIGITS
    return code


async def test_every_page_leads_to_the_door_until_the_student_has_joined(
    ui_story: Story, room: ClassRoom
) -> None:
    async with served(ui_story, room) as server, browser(server) as client:
        for path in ("/", "/play", "/saves", "/journal"):
            assert (await client.get(path)).url == "/join", path
        door = await client.get("/join")
        bad = await client.submit(door.form("/join"), name="   ")
        assert bad.status == 400 and bad.url == "/join" and "empty" in bad.ids["join-problem"]
        page = await client.submit(door.form("/join"), name="Vera")
        assert page.h1 == ["Your code"] and ("/", "I have written it down: go on") in page.links
        page = await client.get("/")
        assert "Vera" in page.text
        page = await client.submit(*page.button("/new", "metalworker"))
        page = await client.submit(*page.button("/choose", "stay_home"))
    with ClassDB.for_class(CLASS, readonly=True) as db:
        snapshot = db.snapshot()
    (student,) = snapshot.students
    assert student.name == "Vera" and student.role == "metalworker" and student.runs == 1


async def test_a_name_that_joined_before_needs_its_code_and_the_other_browser_stops(
    ui_story: Story, room: ClassRoom
) -> None:
    async with served(ui_story, room) as server, browser(server) as first, browser(server) as second:
        code = await join(first, "Lev")
        page = await first.submit(*(await first.get("/")).button("/new", "metalworker"))
        door = await second.get("/join")
        asked = await second.submit(door.form("/join"), name="lev")
        assert asked.url == "/join" and "code" in asked.form("/join").inputs
        assert "Lev has joined this class before" in asked.ids["join-problem"]
        wrong = "000000" if code.replace(" ", "") != "000000" else "111111"
        refused = await second.submit(asked.form("/join"), name="lev", code=wrong)
        assert refused.status == 403 and "not the code for Lev" in refused.ids["join-problem"]
        assert (await second.get("/play")).url == "/join"  # nobody without the code gets in
        taken = await second.submit(refused.form("/join"), name="lev", code=code)
        assert taken.url == "/play" and taken.h1 == page.h1  # Lev's own game, where he was
        # The first browser's next choice is still saved, but it plays no more.
        stopped = await first.submit(*page.button("/choose", "stay_home"))
        assert stopped.url == "/stopped" and stopped.status == 409
        assert (await first.get("/play")).url == "/join"
        assert (await first.post("/alive", {"csrf": stopped.form("/settings").fields["csrf"]})).status == 404


async def test_the_heartbeat_keeps_the_student_connected(ui_story: Story, room: ClassRoom) -> None:
    async with served(ui_story, room) as server, browser(server) as client:
        await join(client, "Olga")
        page = await client.get("/")
        assert 'data-heartbeat="/alive"' in page.html
        token = page.form("/new").fields["csrf"]
        assert (await client.post("/alive", {"csrf": token})).status == 204
        assert (await client.post("/alive", {})).status == 403  # no token: refused like any form
