"""Draw wordle layouts as a 300-dpi PNG and as an SVG with one <text> element per word.

Several panels (a series) are drawn side by side with a title above each. Colours come from a
palette (a matplotlib colormap name or a list of colours): per term by a stable hash, so a term has
the same colour in every panel and every run, or per theme when a term -> theme mapping is given.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import matplotlib
import numpy as np
from matplotlib.colors import ListedColormap, to_hex
from PIL import Image, ImageDraw, ImageFont

from pipeline.config import ConfigError
from pipeline.wordle_layout import REFERENCE_WIDTH, Layout
from pipeline.wordle_text import compact_key, normalise_term

# Dark, distinguishable colours; each has a contrast of at least 5:1 on white.
DEFAULT_PALETTE = ("#1A6FB0", "#A6361C", "#117733", "#882255", "#5D3A9B", "#8C510A", "#006D5B", "#332288")
NEUTRAL_COLOUR = "#6B6B6B"
BACKGROUND = "#FFFFFF"
TITLE_COLOUR = "#222222"
SVG_FONT_FAMILY = "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', sans-serif"
TITLE_BAND = 0.08  # title height above a panel, as a share of the panel height
PANEL_GAP = 0.02  # space between panels, as a share of the panel width


def default_font_path() -> Path:
    """DejaVu Sans, shipped with matplotlib: covers Dutch diacritics (ë, é, ï, ĳ)."""
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


@lru_cache(maxsize=4)
def font_characters(font_path: str) -> frozenset[int]:
    """Code points the font has a glyph for."""
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(font_path).get_charmap())


def missing_glyphs(text: str, font_path: str | Path) -> str:
    """Characters of `text` (other than spaces) that the font cannot draw."""
    have = font_characters(str(font_path))
    return "".join(sorted({c for c in text if not c.isspace() and ord(c) not in have}))


def drawable(text: str, font_path: str | Path) -> str:
    """`text` without characters the font cannot draw (no tofu boxes), spaces tidied."""
    missing = set(missing_glyphs(text, font_path))
    return " ".join("".join(c for c in text if c not in missing).split())


def palette_colours(palette: str | Sequence[str]) -> list[str]:
    """A list of hex colours from a matplotlib colormap name, one colour, or a list of colours."""
    try:
        if isinstance(palette, str) and not palette.startswith("#"):
            cmap = matplotlib.colormaps[palette]
            if isinstance(cmap, ListedColormap) and cmap.N <= 20:
                return [to_hex(c) for c in cmap.colors]
            return [to_hex(cmap(x)) for x in np.linspace(0.0, 0.85, 8)]  # skip the palest end
        return [to_hex(c) for c in ([palette] if isinstance(palette, str) else palette)]
    except (KeyError, ValueError):
        raise ConfigError(f"Onbekend kleurenpalet {palette!r}: geef de naam van een matplotlib-kleurenkaart "
                          f"(bijv. 'Dark2', 'viridis') of een lijst kleuren zoals '#1A6FB0'.") from None


def term_colours(keys: Iterable[str], *, palette: str | Sequence[str] = DEFAULT_PALETTE,
                 term_themes: Mapping[str, str] | None = None,
                 theme_colours: Mapping[str, str] | None = None) -> dict[str, str]:
    """Colour per term key: by theme when `term_themes` (term -> theme id) is given, else by a stable
    hash of the term; terms without a theme are grey."""
    colours = palette_colours(palette)
    if term_themes is None:
        return {k: colours[_stable_index(compact_key(k), len(colours))] for k in keys}
    themes = {compact_key(normalise_term(t)): str(theme) for t, theme in term_themes.items()}
    theme_ids = sorted(set(themes.values()))
    by_theme = {t: to_hex((theme_colours or {}).get(t, colours[i % len(colours)])) for i, t in enumerate(theme_ids)}
    return {k: by_theme.get(themes.get(compact_key(k), ""), NEUTRAL_COLOUR) for k in keys}


def _stable_index(key: str, n: int) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=4).digest(), "big") % n


@dataclass(frozen=True)
class Panel:
    layout: Layout
    title: str | None = None


@dataclass(frozen=True)
class Frame:
    """Pixel geometry of a figure of panels side by side."""

    panel_width: int
    panel_height: int
    n_panels: int
    titled: bool

    @property
    def title_height(self) -> int:
        return round(TITLE_BAND * self.panel_height) if self.titled else 0

    @property
    def gap(self) -> int:
        return round(PANEL_GAP * self.panel_width) if self.n_panels > 1 else 0

    @property
    def size(self) -> tuple[int, int]:
        return (self.n_panels * self.panel_width + (self.n_panels - 1) * self.gap,
                self.panel_height + self.title_height)

    def origin(self, i: int) -> tuple[int, int]:
        return i * (self.panel_width + self.gap), self.title_height

    @property
    def scale(self) -> float:
        return self.panel_width / REFERENCE_WIDTH


def render_png(panels: Sequence[Panel], *, frame: Frame, colours: Mapping[str, str], font_path: str | Path,
               background: str = BACKGROUND) -> Image.Image:
    """The figure as an RGB image (panels side by side, titles on top)."""
    image = Image.new("RGB", frame.size, background)
    draw = ImageDraw.Draw(image)
    for i, panel in enumerate(panels):
        ox, oy = frame.origin(i)
        if panel.title:
            draw.text((ox + frame.panel_width / 2, frame.title_height * 0.7), panel.title, fill=TITLE_COLOUR,
                      font=_font(str(font_path), frame.title_height * 0.45), anchor="ms")
        for p in panel.layout.placements:
            draw.text((ox + p.x * frame.scale, oy + p.y * frame.scale), p.text, fill=colours.get(p.key, NEUTRAL_COLOUR),
                      font=_font(str(font_path), p.size * frame.scale), anchor="ls")
    return image


@lru_cache(maxsize=256)
def _font(font_path: str, size: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path, round(size, 2))


def save_png(image: Image.Image, path: Path, *, dpi: int) -> Path:
    """Save with the resolution in the PNG's pHYs chunk; the bytes depend only on the pixels."""
    image.save(path, format="PNG", dpi=(dpi, dpi), optimize=False)
    return path


def render_svg(panels: Sequence[Panel], *, frame: Frame, colours: Mapping[str, str], measure, title: str,
               description: str, background: str = BACKGROUND) -> str:
    """The figure as SVG: one <text> per word, in the reading order of the layout (largest first).

    `textLength` pins each word to its measured width, so a fallback font cannot make words overlap.
    """
    width, height = frame.size
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="titel beschrijving" xml:lang="nl">',
           f'<title id="titel">{escape(title)}</title>', f'<desc id="beschrijving">{escape(description)}</desc>',
           f'<rect width="100%" height="100%" fill={quoteattr(background)}/>',
           f'<g font-family={quoteattr(SVG_FONT_FAMILY)}>']
    for i, panel in enumerate(panels):
        ox, oy = frame.origin(i)
        out.append(f'<g class="paneel" transform="translate({ox},{oy})">')
        if panel.title:
            out.append(f'<text class="titel" x="{frame.panel_width / 2:.1f}" y="{-frame.title_height * 0.3:.1f}" '
                       f'font-size="{frame.title_height * 0.45:.1f}" fill="{TITLE_COLOUR}" '
                       f'text-anchor="middle">{escape(panel.title)}</text>')
        out += [_svg_word(p, scale=frame.scale, colour=colours.get(p.key, NEUTRAL_COLOUR), measure=measure)
                for p in panel.layout.placements]
        out.append("</g>")
    out += ["</g>", "</svg>"]
    return "\n".join(out) + "\n"


def _svg_word(p, *, scale: float, colour: str, measure) -> str:
    size = p.size * scale
    length = measure.advance(p.text, p.size) * scale
    return (f'<text x="{p.x * scale:.2f}" y="{p.y * scale:.2f}" font-size="{size:.2f}" fill="{colour}" '
            f'textLength="{length:.2f}" lengthAdjust="spacingAndGlyphs" data-respondenten="{p.respondents}">'
            f'{escape(p.text)}</text>')
