"""What the web edition's tests share: the app served in-process, a client that keeps its cookie
and sends forms as a browser would, and a small reader of the pages' HTML (forms, buttons,
links, headings and text) built on the standard library's parser."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer

from game.engine.model import Story
from game.web_guard import Guard
from game.webapp.class_records import ClassRoom
from game.webapp.identity import Signer
from game.webapp.server import make_app

KEY = b"k" * 64


@dataclass
class Button:
    name: str
    value: str
    text: str
    disabled: bool
    described_by: str = ""


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    buttons: list[Button] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)  # visible fields' names


@dataclass
class Page:
    status: int
    url: str
    html: str
    title: str = ""
    headings: list[tuple[str, str]] = field(default_factory=list)  # (tag, text)
    forms: list[Form] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, text)
    text: str = ""
    ids: dict[str, str] = field(default_factory=dict)  # element id -> its text

    def form(self, action: str) -> Form:
        found = [form for form in self.forms if form.action == action]
        assert found, f"no form to {action} on {self.url}; forms: {[f.action for f in self.forms]}"
        return found[0]

    def button(self, action: str, value: str) -> tuple[Form, Button]:
        """The form to ``action`` holding the button of ``value``, and the button."""
        for form in self.forms:
            for button in form.buttons:
                if form.action == action and button.value == value:
                    return form, button
        raise AssertionError(f"no button {value!r} for {action} on {self.url}")

    @property
    def h1(self) -> list[str]:
        return [text for tag, text in self.headings if tag == "h1"]


class _Reader(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.texts: list[list[str]] = []  # open collectors
        self.form: Form | None = None
        self.collect: list[tuple[str, dict[str, str], list[str]]] = []
        self.all_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.form = Form(attributes.get("action", ""), attributes.get("method", "get").lower())
            self.page.forms.append(self.form)
        elif tag == "input" and self.form is not None:
            if attributes.get("type") == "hidden":
                self.form.fields[attributes.get("name", "")] = attributes.get("value", "")
            else:
                self.form.inputs.append(attributes.get("name", ""))
        if tag in ("title", "h1", "h2", "h3", "button", "a") or "id" in attributes:
            self.collect.append((tag, attributes, []))
        if tag in ("input", "meta", "link", "br", "img"):
            return
        self.stack.append((tag, attributes))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        while self.collect and self.collect[-1][0] != tag and tag in {c[0] for c in self.collect}:
            self._close()
        if self.collect and self.collect[-1][0] == tag:
            self._close()

    def _close(self) -> None:
        tag, attributes, parts = self.collect.pop()
        text = " ".join("".join(parts).split())
        if "id" in attributes:
            self.page.ids[attributes["id"]] = text
        if tag == "title":
            self.page.title = text
        elif tag in ("h1", "h2", "h3"):
            self.page.headings.append((tag, text))
        elif tag == "a":
            self.page.links.append((attributes.get("href", ""), text))
        elif tag == "button" and self.form is not None:
            self.form.buttons.append(
                Button(
                    attributes.get("name", ""),
                    attributes.get("value", ""),
                    text,
                    "disabled" in attributes,
                    attributes.get("aria-describedby", ""),
                )
            )

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] in ("script", "style"):
            return
        for _, _, parts in self.collect:
            parts.append(data)
        self.all_text.append(data)


def read_page(status: int, url: str, html: str) -> Page:
    page = Page(status, url, html)
    reader = _Reader(page)
    reader.feed(html)
    reader.close()
    while reader.collect:
        reader._close()
    page.text = " ".join(" ".join(reader.all_text).split())
    return page


class Client:
    """A browser as far as the server can tell: one cookie jar, forms sent from this origin."""

    def __init__(self, server: TestServer, jar: aiohttp.CookieJar | None = None) -> None:
        self.server = server
        self.jar = jar or aiohttp.CookieJar(unsafe=True)
        self.http = aiohttp.ClientSession(cookie_jar=self.jar)
        self.origin = f"http://127.0.0.1:{server.port}"
        self.page: Page | None = None

    def url(self, path: str) -> str:
        return f"{self.origin}{path}"

    async def get(self, path: str) -> Page:
        async with self.http.get(self.url(path)) as response:
            self.page = read_page(response.status, str(response.url.path), await response.text())
        return self.page

    async def download(self, path: str) -> tuple[int, str, str]:
        """(status, Content-Disposition, body) of a file the page offers."""
        async with self.http.get(self.url(path)) as response:
            return response.status, response.headers.get("Content-Disposition", ""), await response.text()

    async def post(self, path: str, data: dict[str, str], headers: dict[str, str] | None = None) -> Page:
        sent = {"Origin": self.origin, **(headers or {})}
        async with self.http.post(self.url(path), data=data, headers=sent) as response:
            self.page = read_page(response.status, str(response.url.path), await response.text())
        return self.page

    async def submit(self, form: Form, button: Button | None = None, **typed: str) -> Page:
        data = dict(form.fields)
        data.update(typed)
        if button is not None and button.name:
            data[button.name] = button.value
        if form.method == "get":
            query = "&".join(f"{k}={v}" for k, v in data.items())
            return await self.get(f"{form.action}?{query}")
        return await self.post(form.action, data)

    async def close(self) -> None:
        await self.http.close()


@contextlib.asynccontextmanager
async def served(story: Story, room: ClassRoom | None = None) -> AsyncIterator[TestServer]:
    """The web edition of ``story`` on a free loopback port, in this process."""
    app: web.Application = make_app(story, Guard.for_server("127.0.0.1"), Signer(KEY), room=room)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield server
    finally:
        await server.close()


@contextlib.asynccontextmanager
async def browser(server: TestServer) -> AsyncIterator[Client]:
    client = Client(server)
    try:
        yield client
    finally:
        await client.close()
