"""The role screen says plainly that each role is a composite and names the real people in it."""

from __future__ import annotations

from textual.widgets import OptionList

from game import locations
from game.ui.app import create_app
from game.ui.screens.role_choice import RoleScreen
from tests.ui.helpers import app_of, screen_text, until


async def test_the_shipped_roles_show_their_composite_note_and_real_people() -> None:
    app = create_app(locations.default_scenes_dir())
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app_of(pilot).story is not None)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, RoleScreen))
        story = app_of(pilot).story
        assert story is not None
        roles = app.screen.query_one("#roles", OptionList)
        for role in story.roles.values():
            assert role.composite and role.real_people, (
                f"role {role.id} lacks its composite note or real people"
            )
            shown = str(roles.get_option(role.id).prompt)
            assert "A composite: " in shown and "Not a real person" in shown
            for person in role.real_people:
                assert person.split(":", 1)[0].strip() in shown
        visible = screen_text(app.screen)
        assert "A composite:" in visible and "Real people in this story:" in visible
