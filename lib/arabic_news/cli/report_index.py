"""What the report's index says of each notebook: its sections (summary, limitations, exercises, next),
its exercises with their times and difficulties, and the lesson it makes in a 2-hour lab.

A notebook closes with four cells, each under its own heading: ``## Summary``, ``## Limitations``,
``## Your turn`` (numbered exercises, each with ``*(N min · easy|medium|hard)*``) and the **Next**
link. :func:`sections` also splits a Markdown cell that holds several ``##`` headings, so a section is
never shown under another's heading.

Lesson times add four parts, each stated: the setup of the session (:data:`SETUP_MINUTES`), reading
and running the notebook at a student's pace (:func:`lesson_minutes`, a reading-speed formula checked
against the kernel time measured when the report executes the notebook), the class discussion
(:data:`DISCUSSION_MINUTES`) and the exercises done in class: in their order, each that still fits the
lab (:data:`LAB_MINUTES`); the others are homework. A notebook whose reading alone does not fit
says that it spans two labs.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

#: a student's pace: words of prose per minute (technical text read for understanding, each Arabic
#: term with its gloss and transliteration), minutes per code cell (read it, run it), per table or
#: printed output longer than three lines, and per chart
READING_WPM, CODE_MINUTES, TABLE_MINUTES, CHART_MINUTES = 100, 1.0, 1.0, 1.5
#: minutes to start a session (open JupyterLab or the hosted notebook, run the setup cells): the first
#: lesson also installs the package
SETUP_MINUTES = {"first": 15, "other": 5}
#: minutes of class discussion per lesson (the instructor guide's questions)
DISCUSSION_MINUTES = 15
#: the length of one lab session
LAB_MINUTES = 120

_TAG_RE = re.compile(r"<[^>]+>")
_HEADING_RE = re.compile(r"^##[ \t]+(.+?)[ \t]*$", re.M)
_EXERCISE_RE = re.compile(
    r"^[ \t]*(?P<n>\d+)\.[ \t]+\*\*(?P<title>.+?)\*\*[ \t]*\*\((?P<minutes>\d+) min · (?P<level>easy|medium|hard)\)\*",
    re.M,
)
_NEXT_RE = re.compile(r"^\*\*Next:?\*\*", re.M)


@dataclass
class Section:
    """A ``##`` section of a notebook: its heading, its Markdown (in order) and its code cells."""

    heading: str
    parts: list = field(default_factory=list)  # Markdown strings and code cells, in order

    @property
    def markdown(self) -> str:
        """Return the section's Markdown, its heading line left out."""
        return "\n\n".join(p for p in self.parts if isinstance(p, str)).strip()


def sections(cells: list) -> list[Section]:
    """Return the notebook's sections in order (the first, without heading, is the introduction); a
    Markdown cell that holds several ``##`` headings is split at each, and the **Next** paragraph
    is a section of its own (heading "Next")."""
    found = [Section("")]
    for cell in cells:
        if cell.cell_type != "markdown":
            found[-1].parts.append(cell)
            continue
        source = cell.source
        cuts = sorted(
            [(m.start(), m.group(1).strip(), m.end()) for m in _HEADING_RE.finditer(source)]
            + [(m.start(), "Next", m.start()) for m in _NEXT_RE.finditer(source)]
        )
        pos = 0
        for start, heading, body in cuts:
            if source[pos:start].strip():
                found[-1].parts.append(source[pos:start].strip())
            found.append(Section(heading))
            pos = body
        if source[pos:].strip():
            found[-1].parts.append(source[pos:].strip())
    return found


def section(cells: list, name: str) -> Section | None:
    """Return the first section whose heading starts with ``name`` (case ignored), or None."""
    return next((s for s in sections(cells) if s.heading.lower().startswith(name.lower())), None)


@dataclass(frozen=True)
class Exercise:
    """One "Your turn" exercise: its number, title, minutes and difficulty."""

    number: int
    title: str
    minutes: int
    level: str


def exercises(cells: list) -> list[Exercise]:
    """Return the exercises of the notebook's "Your turn" section (those with a time and a difficulty)."""
    turn = section(cells, "Your turn")
    if turn is None:
        return []
    return [
        Exercise(int(m["n"]), m["title"].strip().rstrip("."), int(m["minutes"]), m["level"])
        for m in _EXERCISE_RE.finditer(turn.markdown)
    ]


def lesson_minutes(nb: object) -> int:
    """Return the minutes a student needs to read and run ``nb`` up to its "Your turn" section (the
    exercises excluded): prose at :data:`READING_WPM`, plus each code cell, table and chart, rounded up to 5."""
    minutes = 0.0
    for part in _before_exercises(nb.cells):  # type: ignore[attr-defined]
        if isinstance(part, str):
            minutes += len(_TAG_RE.sub(" ", part).split()) / READING_WPM
            continue
        minutes += CODE_MINUTES
        for out in part.get("outputs", []):
            data = out.get("data", {})
            text = data.get("text/plain", out.get("text", ""))
            if "image/png" in data:
                minutes += CHART_MINUTES
            elif "text/html" in data or len(text.splitlines()) > 3:
                minutes += TABLE_MINUTES
    return 5 * math.ceil(minutes / 5)


def _before_exercises(cells: list) -> list:
    """Return the Markdown strings and code cells of the notebook before its "Your turn" section."""
    out = []
    for s in sections(cells):
        if s.heading.lower().startswith("your turn"):
            break
        out += ([f"## {s.heading}"] if s.heading else []) + s.parts
    return out


@dataclass
class Lesson:
    """A notebook as a lab session: the minutes of each part and the exercises done in class."""

    setup: int
    reading: int
    discussion: int
    in_class: list[Exercise]
    homework: list[Exercise]

    @property
    def total(self) -> int:
        """Return the minutes of the session (exercises in class included)."""
        return self.setup + self.reading + self.discussion + sum(e.minutes for e in self.in_class)

    @property
    def labs(self) -> int:
        """Return the number of 2-hour labs the lesson needs (2 when the reading alone does not fit)."""
        return 1 if self.setup + self.reading + self.discussion <= LAB_MINUTES else 2

    def plan(self) -> str:
        """Return the lesson in one sentence: its parts, its total and what is left as homework."""
        numbers = ("exercises " if len(self.in_class) > 1 else "exercise ") + ", ".join(
            str(e.number) for e in self.in_class
        )
        parts = [
            f"{self.setup} min setup",
            f"{self.reading} min reading and running",
            f"{self.discussion} min discussion",
        ]
        if self.in_class:
            parts.append(f"{numbers} ({sum(e.minutes for e in self.in_class)} min)")
        fit = "one 2-hour lab" if self.labs == 1 else "two 2-hour labs (it does not fit one)"
        rest = ("exercises " if len(self.homework) > 1 else "exercise ") + ", ".join(
            str(e.number) for e in self.homework
        )
        home = f"; {rest} ({sum(e.minutes for e in self.homework)} min) as homework" if self.homework else ""
        return f"{' + '.join(parts)} = {self.total} min: {fit}{home}."


def lesson(nb: object, first: bool = False) -> Lesson:
    """Return the lab session of ``nb``: setup, reading, discussion, then each of its exercises, in order,
    that still fits :data:`LAB_MINUTES` (two labs when the reading alone does not fit one)."""
    setup = SETUP_MINUTES["first" if first else "other"]
    reading = lesson_minutes(nb)
    items = exercises(nb.cells)  # type: ignore[attr-defined]
    used = setup + reading + DISCUSSION_MINUTES
    budget = LAB_MINUTES if used <= LAB_MINUTES else 2 * LAB_MINUTES
    in_class: list[Exercise] = []
    for e in items:  # in order; one that does not fit is left for homework, a shorter one may still fit
        if used + e.minutes <= budget:
            in_class.append(e)
            used += e.minutes
    return Lesson(setup, reading, DISCUSSION_MINUTES, in_class, [e for e in items if e not in in_class])
