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
KIND_COLOURS = {"les": "#1d4e89", "principe": "#c2571a"}
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
                  width: int = 760, row_height: int = 26, label_width: int = 300) -> str:
    """A horizontal bar chart as an inline <svg> element with a <title> and a legend per kind."""
    top, legend_height = 8, 28
    height = top + row_height * len(bars) + legend_height
    scale_width = width - label_width - 110
    peak = max([b.value for b in bars] + [1e-9])
    parts = [f'<svg id="{escape(chart_id)}" class="grafiek" role="img" aria-labelledby="{escape(chart_id)}-titel" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg" font-family="DejaVu Sans, Arial, sans-serif" font-size="13">',
             f'<title id="{escape(chart_id)}-titel">{escape(title)}</title>']
    for i, bar in enumerate(bars):
        y = top + i * row_height
        length = 0 if bar.value <= 0 else max(2.0, scale_width * bar.value / peak)
        parts.append(
            f'<a href="{escape(link_prefix + bar.key)}"><g class="balk">'
            f'<title>{escape(bar.label)}: {escape(bar.text)}</title>'
            f'<text x="{label_width - 8}" y="{y + row_height * 0.65:.1f}" text-anchor="end" fill="#222">'
            f'{escape(shorten(bar.label, 40))}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="{row_height - 8}" '
            f'fill="{kind_colour(bar.kind)}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + row_height * 0.65:.1f}" fill="#222">'
            f'{escape(bar.text)}</text></g></a>')
    parts.append(legend_svg(sorted({b.kind for b in bars}), y=top + row_height * len(bars) + 8, x=label_width))
    parts.append("</svg>")
    return "".join(parts)


def legend_svg(kinds: list[str], *, x: int, y: int) -> str:
    """Small coloured squares with the kind names ('les', 'principe')."""
    items = []
    for i, kind in enumerate(k for k in kinds if k):
        left = x + i * 130
        items.append(f'<rect x="{left}" y="{y}" width="12" height="12" fill="{kind_colour(kind)}"/>'
                     f'<text x="{left + 18}" y="{y + 11}" fill="#222">{escape(kind)}</text>')
    return f'<g class="legenda">{"".join(items)}</g>'


def shorten(text: str, limit: int) -> str:
    """Cut a label at a word boundary so it fits the label column."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


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
                        chart_id: str, columns: int = 4, cell_width: int = 190, cell_height: int = 96) -> str:
    """One small line chart per series (key, label, kind, shares 0-1), all on the same y scale, so the
    course of each theme over the meetings can be compared at a glance."""
    rows = -(-len(series) // columns)
    width, height = columns * cell_width, rows * cell_height + 22
    peak = max([v for *_, values in series for v in values] + [1e-9])
    parts = [f'<svg id="{escape(chart_id)}" class="grafiek" role="img" aria-labelledby="{escape(chart_id)}-titel" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" '
             f'font-family="DejaVu Sans, Arial, sans-serif" font-size="11">',
             f'<title id="{escape(chart_id)}-titel">{escape(title)}</title>']
    for i, (key, label, kind, values) in enumerate(series):
        left, top = (i % columns) * cell_width + 8, (i // columns) * cell_height + 4
        plot_w, plot_h, base = cell_width - 24, cell_height - 34, top + cell_height - 12
        step = plot_w / max(len(values) - 1, 1)
        points = [(left + j * step, base - plot_h * v / peak) for j, v in enumerate(values)]
        parts.append(f'<g class="klein"><text x="{left}" y="{top + 12}" fill="#222">{escape(shorten(label, 28))}</text>'
                     f'<line x1="{left}" y1="{base}" x2="{left + plot_w}" y2="{base}" stroke="#bbb"/>'
                     f'<polyline fill="none" stroke="{kind_colour(kind)}" stroke-width="2" points="'
                     + " ".join(f"{x:.1f},{y:.1f}" for x, y in points) + '"/>')
        for (x, y), value, x_label in zip(points, values, x_labels):
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{kind_colour(kind)}">'
                         f'<title>{escape(x_label)}: {100 * value:.0f}%</title></circle>')
        parts.append("</g>")
    first, last = (x_labels[0], x_labels[-1]) if x_labels else ("", "")
    parts.append(f'<text x="8" y="{height - 6}" fill="#555">Van {escape(shorten(first, 45))} tot '
                 f'{escape(shorten(last, 45))}; hoogste punt {100 * peak:.0f}% van de fragmenten.</text></svg>')
    return "".join(parts)
