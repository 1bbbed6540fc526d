"""The web edition: Moscow 1921 as accessible web pages, one server process for a whole class.

Every page is rendered on the server from the same :class:`game.session.Session` the terminal
players drive (no second copy of the play rules), with aiohttp and Jinja2 (autoescaping on).
Pages work with JavaScript off; a small script only enhances them.

* :mod:`.server`: the aiohttp application, its middlewares (host, origin and CSRF checks,
  security headers) and ``serve``;
* :mod:`.identity`: the opaque cookie (encrypted and signed) that names a player, and the CSRF token;
* :mod:`.games`: a bounded cache of sessions, read from and written to the same save files
  as the other modes (nothing else is kept in the process);
* :mod:`.story_html`: story text (paragraphs, glossary marks) as HTML;
* :mod:`.pages`, :mod:`.reference_pages`, :mod:`.end_pages`, :mod:`.class_pages`: the
  request handlers, thin: each reads the session and renders a template;
* :mod:`.class_records`: a live class's database, written off the event loop.

No Textual here.
"""
