"""One site in several languages (``chmdocs build -l fr -l en -f html``).

Each language is built on its own (``OUTDIR/<lang>/``); its pages are then
published together as ``OUTDIR/html/<lang>/``, with a root page that sends
readers to their language (a static page with both links: no guess from the
browser). Every page names the same page in the other languages
(``<link rel="alternate" hreflang>``) and offers a visible switch.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from babel import Locale
from sphinx.application import Sphinx

from chmdocs.core.language import locale_name


def language_name(language: str) -> str:
    """A language's name in itself: "Français", "English"."""
    try:
        locale = Locale.parse(locale_name(language))
        name = locale.get_language_name(locale_name(language))
    except (ValueError, LookupError):
        return language
    return str(name)[:1].upper() + str(name)[1:] if name else language


def alternates(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: the same page in the site's other languages."""
    languages: Sequence[str] = app.config.chmdocs_site_languages
    own = str(app.config.language or "")
    if len(languages) < 2 or own not in languages:
        return
    up = "../" * (pagename.count("/") + 1)
    target = app.builder.get_target_uri(pagename)
    links = []
    switch = []
    for language in languages:
        href = html.escape(f"{up}{language}/{target}", quote=True)
        tag = html.escape(language.replace("_", "-"), quote=True)
        links.append(f'<link rel="alternate" hreflang="{tag}" href="{href}" />')
        name = html.escape(language_name(language))
        if language == own:
            switch.append(f'<span aria-current="true" lang="{tag}">{name}</span>')
        else:
            switch.append(f'<a href="{href}" hreflang="{tag}" lang="{tag}">{name}</a>')
    context["metatags"] = context.get("metatags", "") + "\n".join(links)
    label = html.escape(language_name(own))
    nav = f'<nav class="chm-languages" aria-label="{label}">{" · ".join(switch)}</nav>'
    context["body"] = nav + str(context.get("body", ""))


def publish_site(outdir: Path, languages: Sequence[str]) -> None:
    """``OUTDIR/html/<lang>/`` from each language's build, and the root page;
    the languages' pages change all at once (renamed into place)."""
    site = outdir / "html"
    site.mkdir(parents=True, exist_ok=True)
    for language in languages:
        built = outdir / language / "html"
        if not built.is_dir():
            continue
        target = site / language
        incoming = site / f".{language}.incoming"
        outgoing = site / f".{language}.outgoing"
        for stale in (incoming, outgoing):
            shutil.rmtree(stale, ignore_errors=True)
        shutil.copytree(built, incoming)
        if target.exists():
            target.rename(outgoing)
        incoming.rename(target)
        shutil.rmtree(outgoing, ignore_errors=True)
    titles = {lang: site_title(site / lang / "index.html") for lang in languages}
    (site / "index.html").write_text(root_page(languages, titles), encoding="utf-8")


def site_title(page: Path) -> str:
    """The title a language's home page carries ("Atelier … — Bruxelles, 2–3 mai 2007")."""
    try:
        text = page.read_text(encoding="utf-8")
    except OSError:
        return ""
    found = re.search(r"<title>(.*?)</title>", text, re.DOTALL)
    return " ".join(html.unescape(found.group(1)).split()) if found else ""


def root_page(languages: Sequence[str], titles: Mapping[str, str] | None = None) -> str:
    """A page that lets readers choose their language, in each language: each
    link names the language and the workshop as that language's site does."""
    titles = titles or {}
    first = languages[0].replace("_", "-")

    def entry(lang: str) -> str:
        tag = html.escape(lang.replace("_", "-"))
        title = titles.get(lang, "")
        named = f'<span class="title">{html.escape(title)}</span>' if title else ""
        return (
            f'    <li lang="{tag}"><a href="{html.escape(lang)}/index.html" hreflang="{tag}">'
            f"{html.escape(language_name(lang))}</a>{named}</li>"
        )

    links = "\n".join(entry(lang) for lang in languages)
    heading = " / ".join(html.escape(language_name(lang)) for lang in languages)
    named = titles.get(languages[0], "")
    alternates = "\n".join(
        f'  <link rel="alternate" hreflang="{html.escape(lang)}" '
        f'href="{html.escape(lang)}/index.html" />'
        for lang in languages
    )
    return f"""<!DOCTYPE html>
<html lang="{html.escape(first)}">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>{html.escape(named) + " · " if named else ""}{heading}</title>
{alternates}
  <style>
    body {{ font-family: system-ui, sans-serif; margin: 3em auto; max-width: 30em;
           padding: 0 1em; color: #1b1b1b; background: #fff; }}
    a {{ color: #0b4f6c; font-size: 1.4em; }}
    li {{ margin: 0.8em 0; list-style: none; }}
    ul {{ padding: 0; }}
    .title {{ display: block; color: #3d3d3d; }}
  </style>
</head>
<body>
  <main>
  <h1>{heading}</h1>
  <ul>
{links}
  </ul>
  </main>
</body>
</html>
"""


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", alternates, priority=900)
