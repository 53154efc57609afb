"""Charts for the report as plain SVG text and embedded images, so report.html stays one offline file.

No plotting library: a horizontal bar chart is a few rectangles, and hand-made SVG is small,
sharp on paper and searchable. Every text that goes into the SVG is XML-escaped here.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from html import escape
from pathlib import Path

# Colour per theme kind (lessons and principles); other kinds get the last colour.
KIND_COLOURS = {"les": "#1d4e89", "principe": "#a84a12"}  # as the badges of the report (white on it: 5.7:1)
OTHER_COLOUR = "#4d7c0f"
# Large PNGs are scaled down before embedding to keep report.html small.
EMBED_MAX_WIDTH = 1200


@dataclass(frozen=True)
class Bar:
    """One bar: `key` becomes the link target '#thema-<key>'."""

    key: str
    label: str
    value: float
    text: str  # shown after the bar, e.g. '12 (8,4%)'
    kind: str = ""


def kind_colour(kind: str) -> str:
    return KIND_COLOURS.get(kind, OTHER_COLOUR)


def bar_chart_svg(bars: list[Bar], *, title: str, chart_id: str, link_prefix: str = "#thema-",
                  unit: tuple[str, str] = ("fragment", "fragmenten"), width: int = 480, font_size: int = 15) -> str:
    """A horizontal bar chart as an inline <svg> element: each label on its own line(s) above its bar, so the
    chart stays narrow and its text readable when a phone scales it down (480 wide at 15 px: about 11 px on
    a 390 px screen). A group, not an image, so a screen reader reaches the links; each link is named
    '<label>: <value> <unit>' (unit: singular, plural)."""
    line, bar_height, gap = round(font_size * 1.3), round(font_size * 1.1), round(font_size * 0.7)
    scale_width = width - round(font_size * 6.5)  # room for the text after the longest bar
    peak = max([b.value for b in bars] + [1e-9])
    rows, y = [], 6
    for bar in bars:
        labels = wrap_lines(bar.label, round(width / (font_size * 0.6)), max_lines=2)
        length = 0 if bar.value <= 0 else max(2.0, scale_width * bar.value / peak)
        name = f"{bar.label}: {bar.value:g} {unit[0] if bar.value == 1 else unit[1]}"
        text = "".join(f'<tspan x="0" dy="{0 if i == 0 else line}">{escape(t)}</tspan>' for i, t in enumerate(labels))
        bar_top = y + line * len(labels) + 2
        rows.append(
            f'<a href="{escape(link_prefix + bar.key)}" aria-label="{escape(name)}"><g class="balk">'
            f'<title>{escape(bar.label)}: {escape(bar.text)}</title>'
            f'<text x="0" y="{y + font_size}" fill="#222">{text}</text>'
            f'<rect x="0" y="{bar_top}" width="{length:.1f}" height="{bar_height}" fill="{kind_colour(bar.kind)}"/>'
            f'<text x="{length + 6:.1f}" y="{bar_top + bar_height - round(font_size * 0.2)}" fill="#222">'
            f'{escape(bar.text)}</text></g></a>')
        y = bar_top + bar_height + gap
    height = y + font_size + 10
    return (f'<svg id="{escape(chart_id)}" class="grafiek" role="group" aria-label="{escape(title)}" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'xmlns="http://www.w3.org/2000/svg" font-family="DejaVu Sans, Arial, sans-serif" '
            f'font-size="{font_size}"><title>{escape(title)}</title>' + "".join(rows)
            + legend_svg(sorted({b.kind for b in bars}), x=0, y=y + 2, size=font_size) + "</svg>")


def legend_svg(kinds: list[str], *, x: int, y: int, size: int = 12) -> str:
    """Small coloured squares with the kind names ('les', 'principe')."""
    items = []
    for i, kind in enumerate(k for k in kinds if k):
        left = x + i * size * 10
        items.append(f'<rect x="{left}" y="{y}" width="{size}" height="{size}" fill="{kind_colour(kind)}"/>'
                     f'<text x="{left + size * 1.5:g}" y="{y + size - 1}" fill="#222">{escape(kind)}</text>')
    return f'<g class="legenda">{"".join(items)}</g>'


def shorten(text: str, limit: int) -> str:
    """Cut a label at a word boundary so it fits the label column."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def wrap_lines(text: str, limit: int, *, max_lines: int | None = None) -> list[str]:
    """Words of `text` in lines of at most `limit` characters (a longer word gets its own line); with
    `max_lines`, the last line kept is shortened with '…' when text remains."""
    lines: list[str] = []
    for word in str(text).split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines - 1] + [shorten(" ".join(lines[max_lines - 1:]), limit)]
    return lines or [""]


def heat_colour(value: float, peak: float) -> str:
    """Background for a table cell: white for 0, up to a strong blue at `peak` (as rgba)."""
    if peak <= 0 or value <= 0:
        return "transparent"
    return f"rgba(29, 78, 137, {0.06 + 0.34 * min(value / peak, 1.0):.2f})"


def png_data_uri(path: Path, *, max_width: int = EMBED_MAX_WIDTH) -> str:
    """A PNG as a data URI for report.html: at most `max_width` pixels wide and reduced to 256 colours
    (wordles have few colours; this makes them 3-4 times smaller), unless the original is smaller."""
    data = Path(path).read_bytes()
    try:
        from PIL import Image
    except ImportError:  # Pillow comes with matplotlib and wordcloud; embed as it is without it
        return "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    with Image.open(io.BytesIO(data)) as original:
        image = original.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
    if flat.width > max_width:
        flat = flat.resize((max_width, round(flat.height * max_width / flat.width)), Image.LANCZOS)
    buffer = io.BytesIO()
    flat.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(
        buffer, "PNG", compress_level=6)
    smaller = min(data, buffer.getvalue(), key=len)
    return "data:image/png;base64," + base64.b64encode(smaller).decode("ascii")


def small_multiples_svg(series: list[tuple[str, str, str, list[float]]], *, x_labels: list[str], title: str,
                        chart_id: str, x_short: list[str] | None = None, columns: int = 3, cell_width: int = 240,
                        cell_height: int = 144) -> str:
    """One small line chart per series (key, label, kind, shares 0-1), all on the same y scale, so the
    course of each theme over the meetings can be compared at a glance. Readable on paper: each panel has
    its label (two lines at most, in full in its <title>), the y scale (0 and the top) and the first and
    last of `x_short` (default: the first word of each x label, the date) under it; a wrapped footnote."""
    x_short = x_short or [str(x).split(" ", 1)[0] for x in x_labels]
    rows = -(-len(series) // columns)
    width = columns * cell_width
    top_share = nice_top(max([v for *_, values in series for v in values] + [0.0]))
    notes = trend_footnote(x_labels, series, top_share, chars=round((width - 16) / 6.4))
    height = rows * cell_height + 8 + 14 * len(notes)
    parts = [f'<svg id="{escape(chart_id)}" class="grafiek" role="img" aria-labelledby="{escape(chart_id)}-titel" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" '
             f'font-family="DejaVu Sans, Arial, sans-serif" font-size="11">',
             f'<title id="{escape(chart_id)}-titel">{escape(title)}</title>']
    for i, one in enumerate(series):
        parts.append(panel_svg(one, left=(i % columns) * cell_width + 8, top=(i // columns) * cell_height + 4,
                               size=(cell_width - 16, cell_height - 8), top_share=top_share, x_labels=x_labels,
                               x_short=x_short))
    parts.extend(f'<text x="8" y="{rows * cell_height + 12 + 14 * i}" fill="#555">{escape(note)}</text>'
                 for i, note in enumerate(notes))
    return "".join(parts) + "</svg>"


def nice_top(peak: float) -> float:
    """The top of the shared y scale: the highest share rounded up to a whole 5% (1% below 5%)."""
    step = 5 if peak > 0.05 else 1
    return max(step, -(-round(100 * peak, 6) // step) * step) / 100


def trend_footnote(x_labels: list[str], series: list, top_share: float, *, chars: int) -> list[str]:
    """The lines under the small multiples: the period and the shared scale, wrapped to `chars`."""
    peak = max([v for *_, values in series for v in values] + [0.0])
    first, last = (x_labels[0], x_labels[-1]) if x_labels else ("", "")
    text = (f"Per thema het aandeel van de fragmenten van elke bijeenkomst dat erover gaat, van {first} "
            f"tot {last.rstrip('.')}. Alle thema's op dezelfde schaal, van 0 tot {100 * top_share:.0f}%; "
            f"hoogste punt {100 * peak:.0f}%.")
    return wrap_lines(text, chars)


def panel_svg(one: tuple[str, str, str, list[float]], *, left: float, top: float, size: tuple[int, int],
              top_share: float, x_labels: list[str], x_short: list[str]) -> str:
    """One small multiple: a two-line title, the y scale at the left, the line, the first and last date."""
    _, label, kind, values = one
    gutter, (w, h) = 30, size
    plot_left, plot_w, plot_top, base = left + gutter, w - gutter - 4, top + 44, top + h - 22
    step = plot_w / max(len(values) - 1, 1)
    points = [(plot_left + j * step, base - (base - plot_top) * v / top_share) for j, v in enumerate(values)]
    colour = kind_colour(kind)
    title = "".join(f'<text x="{left}" y="{top + 12 + 14 * i}" fill="#222">{escape(t)}</text>'
                    for i, t in enumerate(wrap_lines(label, round(w / 6.6), max_lines=2)))
    dates = (f'<text x="{plot_left}" y="{base + 14}" font-size="10" fill="#555">{escape(x_short[0])}</text>'
             f'<text x="{plot_left + plot_w}" y="{base + 14}" font-size="10" fill="#555" text-anchor="end">'
             f'{escape(x_short[-1])}</text>') if x_short else ""
    parts = [f'<g class="klein"><title>{escape(label)}</title>{title}',
             f'<text x="{plot_left - 4}" y="{plot_top + 4}" font-size="10" fill="#555" text-anchor="end">'
             f'{100 * top_share:.0f}%</text>'
             f'<text x="{plot_left - 4}" y="{base + 3}" font-size="10" fill="#555" text-anchor="end">0</text>'
             f'<line x1="{plot_left}" y1="{plot_top}" x2="{plot_left + plot_w}" y2="{plot_top}" stroke="#e4e4e4"/>'
             f'<line x1="{plot_left}" y1="{base}" x2="{plot_left + plot_w}" y2="{base}" stroke="#bbb"/>{dates}'
             f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="'
             + " ".join(f"{x:.1f},{y:.1f}" for x, y in points) + '"/>']
    parts.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}"><title>{escape(x_label)}: '
                 f'{100 * value:.0f}%</title></circle>' for (x, y), value, x_label in zip(points, values, x_labels))
    return "".join(parts) + "</g>"
