"""One site in several languages (``chmdocs build -l fr -l en -f html``).

Each language is built on its own (``OUTDIR/<lang>/``); its pages are then
published together as ``OUTDIR/html/<lang>/``, with a root page that sends
readers to their language (a static page with both links: no guess from the
browser). Every page names the same page in the other languages
(``<link rel="alternate" hreflang>``) and offers a visible switch.
"""

from __future__ import annotations

import html
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from babel import Locale
from sphinx.application import Sphinx

from chmdocs.messages import locale_name


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
    (site / "index.html").write_text(root_page(languages), encoding="utf-8")


def root_page(languages: Sequence[str]) -> str:
    """A page that lets readers choose their language, in each language."""
    first = languages[0].replace("_", "-")
    links = "\n".join(
        f'    <li><a href="{html.escape(lang)}/index.html" hreflang="{html.escape(lang)}" '
        f'lang="{html.escape(lang)}">{html.escape(language_name(lang))}</a></li>'
        for lang in languages
    )
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
  <title>{" / ".join(html.escape(language_name(lang)) for lang in languages)}</title>
{alternates}
  <style>
    body {{ font-family: system-ui, sans-serif; margin: 3em auto; max-width: 30em;
           padding: 0 1em; color: #1b1b1b; background: #fff; }}
    a {{ color: #0b4f6c; font-size: 1.4em; }}
    li {{ margin: 0.6em 0; }}
  </style>
</head>
<body>
  <main>
  <h1>{" / ".join(html.escape(language_name(lang)) for lang in languages)}</h1>
  <ul>
{links}
  </ul>
  </main>
</body>
</html>
"""


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", alternates, priority=900)
