"""What ``moscow1921 serve`` accepts from a browser before any game starts: no aiohttp here.

Three rules, each the one place its check is made:

* :func:`host_problem`: the ``Host:`` header must be a plain host name or address (it is put
  into the page's links, so nothing else may get that far) and a name this server answers to:
  an IP address, ``localhost``, this machine's own names, the ``--host`` given, or a host named
  with ``--allow-origin``.  A page served under any other name could only have been reached
  through someone else's DNS name for this machine ("DNS rebinding").
* :func:`origin_problem`: a websocket (which starts a game) must come from a page of this
  server: its ``Origin:`` is this server's own origin, or one named with ``--allow-origin``.
  Browsers always send ``Origin`` on a websocket; a page on another site cannot forge it.
* :func:`capped_size`: the terminal size a browser asks for is capped at what a screen can show
  (:data:`MAX_COLUMNS` x :data:`MAX_ROWS`), whether asked in the websocket's address or later.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_COLUMNS = 500
MAX_ROWS = 200
"""The largest terminal a browser may ask for: a 4K screen at a 7-pixel font is about 550x200
cells; 20000x20000 made one game process take 1.6 GB and send 800 MB in 30 s."""

_HOST = re.compile(
    r"(?P<name>[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?\.?|\[[0-9A-Fa-f:.]+\])(?::(?P<port>\d{1,5}))?"
)


def capped_size(width: object, height: object) -> tuple[int, int]:
    """The terminal size to give a game for what a browser asked: whole numbers, 1 to the cap
    (anything that is not a number counts as the usual 80x24)."""
    return _capped(width, 80, MAX_COLUMNS), _capped(height, 24, MAX_ROWS)


def _capped(value: object, default: int, most: int) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = default
    return max(1, min(number, most))


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Guard:
    """The names and origins one server accepts (see the module's doc)."""

    names: frozenset[str]
    """Host names (lower case, without port) this server answers to, besides IP addresses."""
    origins: frozenset[str]
    """Origins allowed besides the server's own (``scheme://host[:port]``, as browsers send them)."""

    @classmethod
    def for_server(cls, host: str, allow_origins: Iterable[str] = ()) -> Guard:
        """The guard of a server listening on ``host``, with ``--allow-origin`` values."""
        origins = frozenset(normal_origin(origin) for origin in allow_origins)
        names = {"localhost", host.lower().strip("[]")}
        machine = socket.gethostname().lower()
        names |= {machine, f"{machine}.local"}
        with contextlib.suppress(OSError):  # a resolver that fails outright
            names.add(socket.getfqdn().lower())
        names |= {urlsplit(origin).hostname or "" for origin in origins}
        return cls(frozenset(name for name in names if name), origins)

    def host_problem(self, host: str | None) -> str | None:
        """Why a request with this ``Host:`` header is refused, or None if it is one of ours."""
        match = _HOST.fullmatch(host or "")
        if match is None:
            return "the request's Host header is not a host name or address"
        name = match["name"].strip("[]").rstrip(".").lower()
        if _is_address(name) or name in self.names:
            return None
        return (
            f"this server does not answer to the name {name!r}; "
            f"to allow it, start the server with --allow-origin http://{host}"
        )

    def origin_problem(self, origin: str | None, scheme: str, host: str | None) -> str | None:
        """Why a websocket from a page of ``origin`` is refused, or None if the page is ours."""
        if not origin:
            return "the websocket has no Origin header (browsers always send one)"
        try:
            given = normal_origin(origin)
        except ValueError:
            return "the websocket's Origin header is not an origin"
        if given in self.origins:
            return None
        if (
            host is not None
            and self.host_problem(host) is None
            and given == normal_origin(f"{scheme}://{host}")
        ):
            return None
        return (
            f"a page from {origin} may not start games here; only this server's own pages may "
            "(add --allow-origin ORIGIN to allow another)"
        )


def normal_origin(origin: str) -> str:
    """An origin as browsers compare them: lower-case scheme and host, the default port dropped.
    Raises ValueError for anything that is not ``http(s)://host[:port]``."""
    parts = urlsplit(origin.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise ValueError(f"{origin!r} is not an origin such as http://teacher-pc:8000")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(f"{origin!r} is not an origin such as http://teacher-pc:8000")
    port = parts.port  # raises ValueError for a port that is not a number
    default = 80 if parts.scheme == "http" else 443
    host = parts.hostname.lower()
    host = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{host}" + (f":{port}" if port is not None and port != default else "")
