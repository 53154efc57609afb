"""Wordle layout that is honest and reproducible.

Honest: a word's font size depends only on how many respondents gave it, on one scale for every
word (and for every panel of a series). The area of a word grows with its respondents, so the font
size grows with the square root. When the words do not fit, the whole scale shrinks; no single word
is made smaller on its own. Words that would become too small to read are left out (and counted).

Reproducible: the layout is made on a reference canvas 1000 units wide. Each word goes to the free
spot nearest to a target point that depends only on the seed and the word's rank. So a seed gives
the same picture at every size with the same aspect ratio, and the same order of placement at any
size.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageFont, UnidentifiedImageError

from pipeline.config import ConfigError

REFERENCE_WIDTH = 1000.0
CELL = 2.0  # grid cell of the occupancy map, in reference units
TOP_SIZE = 0.24  # font size of the most-named word, as a share of the reference height, before shrinking
MIN_SIZE = 0.028  # smallest readable font size, as a share of the reference height (about 7 pt at 300 dpi)
SHRINK = 0.93
FILL = 0.6  # words start at a scale where they would cover at most this share of the room
MAX_ATTEMPTS = 30
PADDING = 0.06  # space around a word, as a share of its font size
MARGIN = 0.03  # empty edge around the picture, as a share of the reference height (no word touches the edge)
JITTER = 0.06  # how far (share of the canvas) a word's target point may lie from the centre
BUILT_IN_MASKS = {"ellips": "ellipse", "ellipse": "ellipse", "cirkel": "circle", "circle": "circle"}


@dataclass(frozen=True)
class Word:
    key: str
    text: str
    respondents: int


@dataclass(frozen=True)
class Placement:
    """A placed word; x, y is the left end of its baseline, in reference units."""

    key: str
    text: str
    respondents: int
    size: float
    x: float
    y: float


@dataclass(frozen=True)
class Layout:
    width: float  # reference units
    height: float
    placements: tuple[Placement, ...]
    too_small: tuple[str, ...]  # keys
    no_room: tuple[str, ...]
    scale: float  # shared size factor that was used


class TextMeasure:
    """Text extents of one TrueType font, measured once per text at size 100 and scaled."""

    def __init__(self, font_path: str | Path):
        self.font_path = str(font_path)
        self._font = ImageFont.truetype(self.font_path, 100)
        self._cache: dict[str, tuple[float, float, float, float]] = {}

    def box(self, text: str, size: float) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of `text` at `size`, relative to the baseline start."""
        if text not in self._cache:
            self._cache[text] = tuple(float(v) for v in self._font.getbbox(text, anchor="ls"))
        return tuple(v * size / 100 for v in self._cache[text])

    def advance(self, text: str, size: float) -> float:
        return float(self._font.getlength(text)) * size / 100


def reference_size(width: int, height: int) -> tuple[float, float]:
    """The reference canvas for an output size: 1000 units wide, same aspect ratio."""
    return REFERENCE_WIDTH, REFERENCE_WIDTH * height / width


def font_size(respondents: int, *, top_respondents: int, top_size: float) -> float:
    """Font size for a number of respondents: the area of a word grows linearly with it."""
    return top_size * math.sqrt(respondents / top_respondents)


def layout_panels(panels: Sequence[Sequence[Word]], *, width: int, height: int, measure: TextMeasure, seed: int,
                  mask: str | Path | None = None) -> list[Layout]:
    """Lay out one or more panels on one shared size scale (words in rank order, largest first)."""
    ref_w, ref_h = reference_size(width, height)
    allowed = allowed_cells(mask, shape=(int(ref_h / CELL), int(ref_w / CELL)))
    top = max((w.respondents for words in panels for w in words), default=1)
    bases = [[font_size(w.respondents, top_respondents=top, top_size=TOP_SIZE * ref_h) for w in words]
             for words in panels]
    scale = _start_scale(panels, bases, measure=measure, ref_w=ref_w, ref_h=ref_h, room=float(allowed.mean()))
    for _ in range(MAX_ATTEMPTS):
        layouts = []
        for words, base in zip(panels, bases):
            layout = _place_words(words, [b * scale for b in base], allowed=allowed, measure=measure, seed=seed,
                                  ref=(ref_w, ref_h), scale=scale, give_up=True)
            if layout is None:
                break
            layouts.append(layout)
        else:
            return layouts
        scale *= SHRINK
    return [_place_words(words, [b * scale for b in base], allowed=allowed, measure=measure, seed=seed,
                         ref=(ref_w, ref_h), scale=scale, give_up=False) for words, base in zip(panels, bases)]


def _start_scale(panels, bases, *, measure: TextMeasure, ref_w: float, ref_h: float, room: float) -> float:
    """A scale to start shrinking from: at most 1, every word fits on its own, and the words together
    cover no more than FILL of the room (`room`: share of the canvas the mask leaves)."""
    scale = 1.0
    for words, base in zip(panels, bases):
        area = 0.0
        for word, size in zip(words, base):
            left, top, right, bottom = measure.box(word.text, size)
            scale = min(scale, 0.95 * ref_w / max(right - left, 1e-9), 0.9 * ref_h / max(bottom - top, 1e-9))
            area += (right - left) * (bottom - top) * (1 + 2 * PADDING) ** 2
        scale = min(scale, math.sqrt(FILL * room * ref_w * ref_h / max(area, 1e-9)))
    return scale


def word_targets(seed: int, n: int) -> list[tuple[float, float]]:
    """Target points (share of width, share of height) for the words of rank 1..n; from the seed only."""
    rng = random.Random(seed)
    return [(0.5 + rng.uniform(-JITTER, JITTER), 0.5 + rng.uniform(-JITTER, JITTER)) for _ in range(n)]


def _place_words(words: Sequence[Word], sizes: list[float], *, allowed: np.ndarray, measure: TextMeasure,
                 seed: int, ref: tuple[float, float], scale: float, give_up: bool) -> Layout | None:
    """Place words in order; None (when `give_up`) as soon as a readable word finds no room."""
    occupied = ~allowed
    grid_h, grid_w = occupied.shape
    edge = math.ceil(MARGIN * ref[1] / CELL)
    occupied[:edge, :], occupied[-edge:, :], occupied[:, :edge], occupied[:, -edge:] = True, True, True, True
    placements, too_small, no_room = [], [], []
    for word, size, (tx, ty) in zip(words, sizes, word_targets(seed, len(words))):
        if size < MIN_SIZE * ref[1]:
            too_small.append(word.key)
            continue
        left, top, right, bottom = measure.box(word.text, size)
        pad = PADDING * size + CELL
        cells_w, cells_h = math.ceil((right - left + 2 * pad) / CELL), math.ceil((bottom - top + 2 * pad) / CELL)
        spot = find_free_spot(occupied, height=cells_h, width=cells_w, target=(tx * grid_w, ty * grid_h))
        if spot is None:
            if give_up:
                return None
            no_room.append(word.key)
            continue
        row, col = spot
        occupied[row:row + cells_h, col:col + cells_w] = True
        placements.append(Placement(word.key, word.text, word.respondents, size,
                                    x=col * CELL + pad - left, y=row * CELL + pad - top))
    return Layout(ref[0], ref[1], tuple(placements), tuple(too_small), tuple(no_room), scale)


def find_free_spot(occupied: np.ndarray, *, height: int, width: int,
                   target: tuple[float, float]) -> tuple[int, int] | None:
    """Top-left cell of the free height x width box whose centre is nearest to `target` (x, y)."""
    grid_h, grid_w = occupied.shape
    if height > grid_h or width > grid_w:
        return None
    integral = np.zeros((grid_h + 1, grid_w + 1), dtype=np.int32)
    integral[1:, 1:] = occupied.cumsum(axis=0, dtype=np.int32).cumsum(axis=1, dtype=np.int32)
    filled = (integral[height:, width:] - integral[:-height, width:]
              - integral[height:, :-width] + integral[:-height, :-width])
    free = filled == 0
    if not free.any():
        return None
    dy = ((np.arange(free.shape[0]) + height / 2 - target[1]) / grid_h) ** 2
    dx = ((np.arange(free.shape[1]) + width / 2 - target[0]) / grid_w) ** 2
    distance = np.where(free, dy[:, None] + dx[None, :], np.inf)
    return tuple(int(v) for v in np.unravel_index(int(np.argmin(distance)), distance.shape))


def allowed_cells(mask: str | Path | None, *, shape: tuple[int, int]) -> np.ndarray:
    """Cells where words may go: everywhere, a built-in ellipse or circle, or the dark (or opaque)
    part of a mask image (white or transparent is outside), stretched to the canvas."""
    rows, cols = shape
    if mask is None:
        return np.ones(shape, dtype=bool)
    if str(mask).lower() in BUILT_IN_MASKS:
        return _shape_mask(BUILT_IN_MASKS[str(mask).lower()], rows=rows, cols=cols)
    return _image_mask(Path(mask), rows=rows, cols=cols)


def _shape_mask(kind: str, *, rows: int, cols: int) -> np.ndarray:
    y, x = np.mgrid[0:rows, 0:cols]
    ry, rx = (rows / 2, cols / 2) if kind == "ellipse" else (min(rows, cols) / 2,) * 2
    return ((x + 0.5 - cols / 2) / rx) ** 2 + ((y + 0.5 - rows / 2) / ry) ** 2 <= 1


@lru_cache(maxsize=8)
def _image_mask(path: Path, *, rows: int, cols: int) -> np.ndarray:
    try:
        image = Image.open(path)
        image.load()
    except (OSError, UnidentifiedImageError):
        raise ConfigError(f"Maskerafbeelding {path} kan niet worden gelezen; geef een PNG of JPG, "
                          f"of kies 'ellips' of 'cirkel'.") from None
    if "A" in image.getbands():
        inside = np.asarray(image.getchannel("A").resize((cols, rows), Image.NEAREST)) > 127
    else:
        inside = np.asarray(image.convert("L").resize((cols, rows), Image.NEAREST)) < 128
    if not inside.any():
        raise ConfigError(f"Maskerafbeelding {path} heeft geen donker of ondoorzichtig deel om woorden in te zetten.")
    return inside
