"""A stand-in for WeasyPrint's drawing step, for tests whose subject is not the PDF itself.

`render_pdf` still renders the Django template (a template error still fails the test) and WeasyPrint still parses
the HTML; only the layout and drawing (`HTML.write_pdf`, a tenth of a second or more per letter) is replaced. The
stand-in is a small but real PDF that carries the document's text, one block of the HTML per line, so `pdftotext`
(tests/pdf.py) reads back what the template wrote. It draws list markers, but none of the layout: no page footers, no
tags, title or language. A test about those opts in to real drawing with `@pytest.mark.real_pdf`.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from weasyprint.urls import URLFetcher

# Elements that start a new line of text, as a browser's default stylesheet makes them blocks.
# fmt: off
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main",
    "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
# fmt: on
# Elements whose text is never drawn.
UNDRAWN = frozenset({"head", "title", "style", "script", "template", "noscript"})
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))

FONT_SIZE = 10
LEADING = 12
MARGIN = 50
CHARS_PER_LINE = 100  # each glyph is half an em wide: 500 pt of text on an A4 page
A4 = (595, 842)


def _tag(element) -> str:
    return element.tag.rpartition("}")[2].lower() if isinstance(element.tag, str) else ""


def text_lines(root) -> list[str]:
    """The document's text as lines: one per block, white space collapsed as CSS `white-space: normal` does, and
    list items numbered or bulleted as the browser's stylesheet marks them."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = " ".join("".join(current).translate(INVISIBLE).split())
        if line:
            lines.append(line)
        current.clear()

    def walk(element, parent=None, number: int = 0) -> None:
        tag = _tag(element)
        if tag in UNDRAWN:
            return
        if tag in BLOCKS or tag == "br":
            flush()
        if tag == "li":
            current.append(f"{number}. " if parent is not None and _tag(parent) == "ol" else "\u2022 ")
        if element.text:
            current.append(element.text)
        item = int(element.get("start", "1")) - 1 if tag == "ol" else 0
        for child in element:
            if _tag(child) == "li":
                item += 1
            walk(child, element, item)
            if child.tail:
                current.append(child.tail)
        if tag in BLOCKS:
            flush()

    walk(root)
    flush()
    return lines


def _wrap(line: str) -> list[str]:
    """Word wrapping; a word longer than a line runs on, as it would in the real letter."""
    wrapped, current = [], ""
    for word in line.split(" "):
        if current and len(current) + 1 + len(word) > CHARS_PER_LINE:
            wrapped.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*wrapped, current]


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def text_pdf(lines: list[str]) -> bytes:
    """A PDF 1.7 drawing each line in a non-embedded font addressed by glyph ids, with a ToUnicode map so that text
    extraction gives back exactly these characters (any Unicode, not only what a standard font encodes)."""
    rows = [row for line in lines for row in _wrap(line)] or [""]
    glyphs: dict[str, int] = {}
    for character in "".join(rows):
        glyphs.setdefault(character, len(glyphs) + 1)
    per_page = (A4[1] - 2 * MARGIN) // LEADING
    pages = [rows[i : i + per_page] for i in range(0, len(rows), per_page)]
    width = max(A4[0], 2 * MARGIN + max(len(row) for row in rows) * FONT_SIZE // 2 + 1)

    objects: dict[int, bytes] = {}
    catalog, page_tree, font, cid_font, descriptor, to_unicode = 1, 2, 3, 4, 5, 6
    first_page = 7
    page_ids = [first_page + 2 * n for n in range(len(pages))]
    objects[catalog] = b"<< /Type /Catalog /Pages 2 0 R >>"
    kids = " ".join(f"{page_id} 0 R" for page_id in page_ids)
    objects[page_tree] = f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode()
    objects[font] = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /LiberationSans /Encoding /Identity-H "
        b"/DescendantFonts [4 0 R] /ToUnicode 6 0 R >>"
    )
    objects[cid_font] = (
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /LiberationSans /CIDToGIDMap /Identity "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R /DW 500 >>"
    )
    objects[descriptor] = (
        b"<< /Type /FontDescriptor /FontName /LiberationSans /Flags 32 /FontBBox [0 -200 1000 900] "
        b"/ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>"
    )
    mappings = sorted(glyphs.items(), key=lambda item: item[1])
    chunks = [mappings[i : i + 100] for i in range(0, len(mappings), 100)]
    cmap = "\n".join(
        [
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
            "1 begincodespacerange <0000> <FFFF> endcodespacerange",
            *(
                f"{len(chunk)} beginbfchar\n"
                + "\n".join(f"<{code:04X}> <{_utf16_hex(character)}>" for character, code in chunk)
                + "\nendbfchar"
                for chunk in chunks
            ),
            "endcmap CMapName currentdict /CMap defineresource pop end end",
        ]
    ).encode()
    objects[to_unicode] = _stream(cmap)
    for page_id, page in zip(page_ids, pages, strict=True):
        drawing = [f"BT /F1 {FONT_SIZE} Tf {LEADING} TL {MARGIN} {A4[1] - MARGIN} Td"]
        drawing += [f"<{''.join(f'{glyphs[c]:04X}' for c in row)}> Tj T*" for row in page]
        drawing.append("ET")
        objects[page_id] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {A4[1]}] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {page_id + 1} 0 R >>"
        ).encode()
        objects[page_id + 1] = _stream("\n".join(drawing).encode())

    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offsets[number] for number in sorted(objects))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


def write_pdf(document, target=None, *args: Any, **kwargs: Any) -> bytes | None:
    """Replaces `weasyprint.HTML.write_pdf`: the same signature and return value, none of the drawing."""
    pdf = text_pdf(text_lines(document.etree_element))
    if target is None:
        return pdf
    if isinstance(target, str | Path):
        Path(target).write_bytes(pdf)
    else:
        target.write(pdf)
    return None


@functools.cache
def url_fetcher() -> URLFetcher:
    """Replaces `weasyprint.URLFetcher()` while the stand-in draws: WeasyPrint makes a fetcher for every document, and
    each builds an SSL context (tens of milliseconds), for fetches that only the real drawing makes."""
    return URLFetcher()
