"""Make Word documents and PDFs from the seed papers' text, as an author's tools would.

The conversion is deliberately simple and separate from the importer's own text reader:
"#" and bold-only lines become headings, "-" lines bullets (Word's List Bullet style),
"1." lines numbered paragraphs (List Number, so Word numbering), tab-separated lines
table rows (bullets inside a cell become paragraphs of the cell), and the rest
paragraphs. The PDF is the same structure as HTML, rendered by WeasyPrint.
"""

from __future__ import annotations

import html
import io
import re

BULLET = re.compile(r"\s*[•\uf0b7]\s+")
TAG = re.compile(r"<[^>]+>")


def _plain(text: str) -> str:
    text = TAG.sub(" ", text)
    text = re.sub(r"\*\*|\*(?=\S)|(?<=\S)\*", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    return html.unescape(" ".join(text.split()))


def parts(text: str) -> list[tuple]:
    """Return the seed as ("heading", level, text), ("bullet", level, text),
    ("number", text), ("para", text) and ("table", rows) parts, in order."""
    out: list[tuple] = []
    table: list[list[list[str]]] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if "\t" in line.strip("\t "):
            row = []
            for cell in line.split("\t"):
                pieces = [_plain(p) for p in BULLET.split(" " + cell + " ")]
                row.append([p for p in pieces if p])
            table.append(row)
            continue
        if table:
            out.append(("table", table))
            table = []
        stripped = line.strip()
        if not stripped or set(stripped) <= set("-_*. "):
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", stripped)
        if heading:
            out.append(("heading", min(len(heading.group(1)), 3), _plain(heading.group(2))))
        elif re.fullmatch(r"(\d+\s+)?\*\*[^*]+\*\*", stripped):
            out.append(("heading", 2, _plain(stripped)))
        elif re.match(r"^[-•]\s+", stripped):
            level = 2 if line.startswith((" ", "\t")) else 1
            for piece in BULLET.split(" " + _plain(stripped[2:]) + " "):
                if piece.strip():
                    out.append(("bullet", level, piece.strip()))
        elif re.match(r"^\d{1,2}\.\s+\S", stripped):
            out.append(("number", _plain(re.sub(r"^\d{1,2}\.\s+", "", stripped))))
        else:
            text_ = _plain(stripped)
            pieces = [p.strip() for p in BULLET.split(" " + text_ + " ") if p.strip()]
            out.append(("para", pieces[0]))
            out.extend(("bullet", 1, p) for p in pieces[1:])
    if table:
        out.append(("table", table))
    return out


def make_docx(text: str) -> bytes:
    """Return a .docx of the seed text, with headings, lists and tables."""
    import docx

    document = docx.Document()
    for part in parts(text):
        kind = part[0]
        if kind == "heading":
            document.add_heading(part[2], level=part[1])
        elif kind == "bullet":
            style = "List Bullet" if part[1] == 1 else "List Bullet 2"
            document.add_paragraph(part[2], style=style)
        elif kind == "number":
            document.add_paragraph(part[1], style="List Number")
        elif kind == "para":
            document.add_paragraph(part[1])
        else:
            rows = part[1]
            width = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=width)
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, pieces in enumerate(row):
                    cell = table.cell(r, c)
                    cell.text = pieces[0] if pieces else ""
                    for piece in pieces[1:]:
                        cell.add_paragraph(piece, style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_html(text: str) -> str:
    body = []
    for part in parts(text):
        kind = part[0]
        if kind == "heading":
            body.append(f"<h{part[1] + 1}>{html.escape(part[2])}</h{part[1] + 1}>")
        elif kind == "bullet":
            body.append(f"<ul><li>{html.escape(part[2])}</li></ul>")
        elif kind == "number":
            body.append(f"<ol><li>{html.escape(part[1])}</li></ol>")
        elif kind == "para":
            body.append(f"<p>{html.escape(part[1])}</p>")
        else:
            rows = []
            for row in part[1]:
                cells = []
                for pieces in row:
                    first = html.escape(pieces[0]) if pieces else ""
                    items = "".join(f"<li>{html.escape(p)}</li>" for p in pieces[1:])
                    cells.append(
                        f"<td><p>{first}</p>{'<ul>' + items + '</ul>' if items else ''}</td>"
                    )
                rows.append(f"<tr>{''.join(cells)}</tr>")
            body.append(f"<table>{''.join(rows)}</table>")
    style = (
        "@page { size: A4; margin: 2cm }"
        "body { font-family: sans-serif; font-size: 11pt; line-height: 1.4 }"
        "td { vertical-align: top; border: 1px solid #999; padding: 4pt }"
        "table { border-collapse: collapse; width: 100% }"
    )
    return f"<html><head><style>{style}</style></head><body>{''.join(body)}</body></html>"


def make_pdf(text: str) -> bytes:
    """Return a text PDF of the seed, rendered from the same structure by WeasyPrint."""
    import weasyprint

    return weasyprint.HTML(string=make_html(text)).write_pdf()


def make_image_pdf() -> bytes:
    """Return a PDF whose only content is a picture of a page (a scan)."""
    import base64

    import weasyprint
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 300), "white")
    ImageDraw.Draw(image).rectangle((40, 40, 560, 80), fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    data = base64.b64encode(buffer.getvalue()).decode()
    return weasyprint.HTML(
        string=f'<html><body><img src="data:image/png;base64,{data}" width="500"></body></html>'
    ).write_pdf()
