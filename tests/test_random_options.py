"""Random option values at every directive: warnings, never a traceback, nothing lost."""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path

from docutils.parsers.rst.states import Body
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import chmdocs
from chmdocs.sphinxext.directives import OBJECT_DIRECTIVES
from chmdocs.sphinxext.views import VIEW_DIRECTIVES

# One line of text, as an author could type into an option.
values = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=24).map(
    str.strip
)
titles = values.filter(bool)


def options_of(directive: type) -> list[str]:
    return list(directive.accepted_options)


def names_an_option(head: str, directive: type) -> bool:
    """A title docutils reads as one of the directive's options (``:id: x``):
    that object has no title, is warned of and left out."""
    marker = re.match(Body.patterns["field_marker"], head.partition("::")[2].strip())
    if not marker:
        return False
    name = marker.group().rstrip()[1:-1].replace("\\", "").lower()
    return name in directive.accepted_options or name in directive.synonyms


@st.composite
def projects(draw: st.DrawFn) -> tuple[str, int]:
    """A page holding every directive once, each option given a random value."""
    blocks = []
    objects = 0
    for name, directive in {**OBJECT_DIRECTIVES, **VIEW_DIRECTIVES}.items():
        head = f".. {name}:: {draw(titles)}" if name in OBJECT_DIRECTIVES else f".. {name}::"
        lines = [head]
        for option in options_of(directive):
            if draw(st.booleans()):
                lines.append(f"   :{option}: {draw(values)}".rstrip())
        blocks.append("\n".join(lines))
        objects += name in OBJECT_DIRECTIVES and not names_an_option(head, directive)
    return "Fuzz\n====\n\n" + "\n\n".join(blocks) + "\n", objects


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_random_option_values_never_break_the_build(project: tuple[str, int]) -> None:
    text, objects = project
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "src"
        source.mkdir()
        (source / "conf.py").write_text('extensions = ["chmdocs"]\nlanguage = "fr"\n')
        (source / "index.rst").write_text(text, encoding="utf-8")
        chmdocs.build(source, Path(scratch) / "out", ["html"], warning=io.StringIO())
        assert (Path(scratch) / "out" / "html" / "index.html").exists()
        workshop = chmdocs.load(source)
        found = 1 + len(
            workshop.objectives
            + workshop.sessions
            + workshop.groups
            + workshop.actions
            + workshop.participants
            + workshop.progress
            + workshop.measures
            + workshop.questions
        )
        assert found == objects  # every object written is kept, whatever its options
