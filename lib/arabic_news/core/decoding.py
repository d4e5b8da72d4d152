"""Decoding corpus files and checking their text: encodings (UTF-8, with the encoding a file that is
not UTF-8 looks like), binary files recognised by their first bytes, damaged bytes, unpaired
surrogates, empty text and text that reads backwards (copied from a PDF in visual order).

Every problem is a :class:`~arabic_news.core.errors.CorpusError` that names the file (and row), the
problem and the fix (see :mod:`arabic_news.core.corpus` for the policies).
"""

from __future__ import annotations

import codecs
import re

from .errors import CorpusError
from .text import ARABIC_OR_FORMS_RE, TATWEEL, normalize

SUGGESTED_ENCODINGS = {
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16 (little-endian, no BOM)",
    "utf-16-be": "UTF-16 (big-endian, no BOM)",
    "cp1256": "Windows-1256",
}

#: leading bytes of binary formats people rename to .txt -> (what it is, what to do)
SIGNATURES: dict[bytes, tuple[str, str]] = {
    b"\x89PNG": ("is a binary file (a PNG image), not text", "Pass the article as plain text (UTF-8)."),
    b"\xff\xd8\xff": ("is a binary file (a JPEG image), not text", "Pass the article as plain text (UTF-8)."),
    b"GIF8": ("is a binary file (a GIF image), not text", "Pass the article as plain text (UTF-8)."),
    b"%PDF-": (
        "is a binary file (a PDF document), not text",
        "Copy the article from its web page, or extract the text with a tool that keeps "
        "logical order (e.g. `pdftotext`) and save it as UTF-8.",
    ),
    b"PK\x03\x04": (
        "is a binary file (a ZIP archive; .docx and .xlsx files are ZIP archives), not text",
        "Save the article as plain text (UTF-8), or unpack the archive first.",
    ),
    b"\x1f\x8b": (
        "is a binary file (gzip-compressed data), not text",
        "Decompress it first (gunzip), or name it .jsonl.gz if it holds JSON lines.",
    ),
    b"{\\rtf": (
        "is an RTF document, not plain text",
        "Save it from the word processor as plain text with UTF-8 encoding.",
    ),
}


def arabic_or_forms(text: str) -> bool:
    """Return True when ``text`` holds an Arabic letter or an Arabic presentation form."""
    return ARABIC_OR_FORMS_RE.search(text) is not None


def _plausible(text: str) -> bool:
    """Return True when ``text`` is mostly Arabic letters, spaces, digits and punctuation."""
    if not arabic_or_forms(text):
        return False
    good = sum(1 for ch in text if ch.isspace() or ch.isalnum() or ch in ".,;:!?()\"'-،؛؟«»")
    return good >= 0.9 * len(text)


def guess_encoding(data: bytes) -> str | None:
    """Return a likely encoding for bytes that are not UTF-8, or None when unsure."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for codec in ("utf-16-le", "utf-16-be", "cp1256"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return codec
    return _utf16_latin(data)


def _utf16_latin(data: bytes) -> str | None:
    """Return "utf-16-le" or "utf-16-be" for bytes that read as Latin-script text in it (every other
    byte NUL, as a CSV header or JSON keys in UTF-16 without BOM), else None."""
    data = data[: len(data) // 2 * 2]
    if len(data) < 4:
        return None
    for codec, zeros in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if zeros.count(0) < 0.9 * len(zeros):
            continue
        text = data.decode(codec, errors="replace").strip("\x00")
        if text and sum(ch.isascii() and (ch.isprintable() or ch in "\t\r\n") for ch in text) >= 0.9 * len(text):
            return codec
    return None


def encoding_fix(guess: str) -> str:
    """Return the advice for a file that looks encoded with ``guess``."""
    return (
        f"It looks like {SUGGESTED_ENCODINGS[guess]}: pass `--encoding {guess}` "
        f"(encoding='{guess}' in Python), or re-save the file as UTF-8."
    )


def check_signature(data: bytes, source: str) -> None:
    """Raise CorpusError when ``data`` starts like a known binary format."""
    for magic, (problem, fix) in SIGNATURES.items():
        if data.startswith(magic):
            raise CorpusError(source, problem, fix)


def is_utf8_family(encoding: str) -> bool:
    """Return True for utf-8, utf-8-sig and ascii, which read UTF-8 files correctly."""
    return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig", "ascii")


def check_encoding(encoding: str | None, source: str) -> None:
    """Raise CorpusError when ``encoding`` is not a text encoding Python knows (``rot13`` and
    ``base64`` are codecs, not text encodings)."""
    if encoding is None:
        return
    try:
        info = codecs.lookup(encoding)
    except (LookupError, TypeError, ValueError):
        raise CorpusError(
            source, f"unknown encoding {encoding!r}", "Pass a codec name Python knows, e.g. utf-8, cp1256, utf-16."
        ) from None
    if not getattr(info, "_is_text_encoding", True):
        raise CorpusError(
            source,
            f"{encoding!r} is not a text encoding",
            "Pass the encoding the file is saved in, e.g. utf-8, cp1256, utf-16.",
        )


def decode_bytes(data: bytes, source: str, encoding: str | None = None) -> str:
    """Return ``data`` decoded: UTF-8 (with or without BOM), else ``encoding`` when given.

    A file that is valid UTF-8 (and not ASCII) is read as UTF-8 even when another ``encoding`` is
    given, so a folder mixing UTF-8 and Windows-1256 files loads with ``encoding="cp1256"`` and
    nothing is garbled.
    """
    check_signature(data, source)
    if encoding is not None:
        check_encoding(encoding, source)
        if not is_utf8_family(encoding) and not data.isascii() and b"\x00" not in data:
            try:  # valid UTF-8 is read as UTF-8: reading it as cp1256 would garble it silently
                return data.decode("utf-8-sig")
            except UnicodeDecodeError:
                pass
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise CorpusError(
                source,
                f"cannot be decoded as {encoding} (byte {exc.start})",
                "Check the file's encoding and pass the right one.",
            ) from None
        if "\x00" in text:
            raise CorpusError(
                source,
                f"contains NUL characters when read as {encoding}",
                "Check the file's encoding (UTF-16 files need `--encoding utf-16`).",
            )
        return text[1:] if text.startswith("\ufeff") else text
    if not data.strip():
        raise CorpusError(source, "the file is empty", "Remove it or add the article text.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        guess = guess_encoding(data)
        if guess:
            if not data.decode(guess).lstrip("\ufeff").strip():
                raise CorpusError(source, "the file is empty", "Remove it or add the article text.") from None
            fix = encoding_fix(guess)
        elif b"\x00" in data:
            raise CorpusError(
                source, "looks like a binary file, not text", "Export the article as plain text (UTF-8) first."
            ) from None
        else:
            repaired = data.decode("utf-8", errors="replace")
            bad = repaired.count("\ufffd")
            if arabic_or_forms(repaired) and bad <= max(16, len(repaired) // 100):
                line = data[: exc.start].count(b"\n") + 1
                raise CorpusError(
                    source,
                    f"is not valid UTF-8 (byte {exc.start}, line {line}): {bad} undecodable "
                    "byte(s) in an otherwise UTF-8 file",
                    "Repair or re-export the file; no encoding option can read damaged bytes.",
                ) from None
            fix = "Re-save the file as UTF-8, or pass its encoding with `--encoding`."
        raise CorpusError(source, f"is not valid UTF-8 (byte {exc.start})", fix) from None
    if "\x00" in text:
        guess = guess_encoding(data)
        if guess:
            raise CorpusError(source, "is not UTF-8 text (it contains NUL bytes)", encoding_fix(guess))
        raise CorpusError(
            source,
            "contains NUL bytes, so it is probably a binary file",
            "Export the article as plain text (UTF-8) first.",
        )
    return text


SURROGATE_RE = re.compile("[\ud800-\udfff]")
#: frequent function words (normalized: في in, من from, علي on, عن about) whose reversals no Arabic
#: word spells: seen reversed, the text was copied in visual order. الي (to) and من are left out:
#: their reversals يلا (colloquial "come on") and نم ("sleep!") are words.
_FORWARD_WORDS = frozenset({"في", "من", "علي", "الي", "عن"})
_REVERSED_WORDS = frozenset({"يف", "يلع", "نع"})
_REVERSAL_SAMPLE = 5000
_REVERSED_RE = re.compile(r"(?<!\S)(?:" + "|".join(sorted(_REVERSED_WORDS)) + r")(?!\S)")


def looks_reversed(text: str, normalized: str | None = None) -> bool:
    """Return True when ``text`` reads backwards (visual order, as copied from some PDFs).

    The evidence is at least three reversed function words (يف for في, يلع for علي, نع for عن),
    at least two different ones, and more than twice as many reversed as forward ones in the opening
    of the text; ``normalized`` may pass the text already normalized.
    """
    opening = normalize(text[:_REVERSAL_SAMPLE]) if normalized is None else normalized[:_REVERSAL_SAMPLE]
    if sum(map(opening.count, _REVERSED_WORDS)) < 3 or len(_REVERSED_RE.findall(opening)) < 3:
        return False  # the usual case, decided without splitting the text (substrings: a quick bound)
    words = opening.split()
    forward = sum(map(_FORWARD_WORDS.__contains__, words))
    backward = list(filter(_REVERSED_WORDS.__contains__, words))
    return len(backward) >= 3 and len(set(backward)) >= 2 and len(backward) > 2 * forward


def check_surrogates(value: str, field: str, source: str, row: int | None) -> None:
    """Raise CorpusError when ``value`` holds an unpaired surrogate (not valid Unicode)."""
    m = SURROGATE_RE.search(value)
    if m:
        raise CorpusError(
            source,
            f"{field!r} contains an unpaired surrogate (U+{ord(m.group()):04X} "
            f"at character {m.start()}), which is not valid Unicode text",
            "Fix the program that wrote the file (a JSON \\ud800-style escape without its pair), or remove the row.",
            row,
        )


def check_text(text: str, norm: str, source: str, row: int | None = None) -> None:
    """Raise CorpusError when ``text`` is empty, holds NUL characters, has no Arabic letter once
    normalized (a text of tatweel or diacritics alone has no word: refused, as a text of Latin letters
    is), or reads backwards (``norm`` is its normalized form)."""
    if not text.strip():
        raise CorpusError(source, "the text is empty", "Remove it or add the article text.", row)
    if "\x00" in text:
        raise CorpusError(
            source,
            f"the text contains a NUL character (character {text.index(chr(0))})",
            "Remove the NUL characters, or check the file's encoding.",
            row,
        )
    if not arabic_or_forms(norm.replace(TATWEEL, "")):  # tatweel or diacritics alone are no word
        raise CorpusError(
            source,
            "contains no Arabic text",
            "Check that this is an Arabic article and that the encoding is right (pass `--encoding`).",
            row,
        )
    if looks_reversed(text, norm):
        raise CorpusError(
            source,
            "reads backwards (words such as يف for في): it was probably "
            "copied from a PDF in visual order, which cannot be repaired reliably",
            "Copy the article from its web page, or extract the PDF with a tool that "
            "keeps logical order (e.g. `pdftotext`).",
            row,
        )
