"""Server-side charts with matplotlib: one place that sets the backend and the fonts.

Chinese labels need Noto Sans CJK and Arabic labels Noto Sans Arabic (Debian's fonts-noto-cjk and
fonts-noto-core, installed by .ci/run). Where a font is missing we warn once, clearly, and the
chart still renders (with boxes for the missing glyphs) rather than failing.

matplotlib is imported on the first chart, not with this module: every page module imports a charts
module, and importing matplotlib costs a second or two of every start (of `irm serve`, of each command).
"""

from __future__ import annotations

import io
import logging
import warnings
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

logger = logging.getLogger("irm.charts")

FONT_FILES = {
    "cjk": [
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc",
    ],
    "arabic": [
        "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf",
    ],
}
PACKAGES = {"cjk": "fonts-noto-cjk", "arabic": "fonts-noto-core"}


@cache
def mpl() -> ModuleType:
    """matplotlib, imported on first use with the non-interactive backend."""
    import matplotlib

    matplotlib.use("Agg")
    return matplotlib


@cache
def configure_fonts() -> dict[str, str | None]:
    """Register the CJK and Arabic fonts and put them in the fallback list. Returns the family names."""
    matplotlib = mpl()
    from matplotlib import font_manager

    families: dict[str, str | None] = {}
    for script, candidates in FONT_FILES.items():
        path = next((Path(p) for p in candidates if Path(p).exists()), None)
        if path is None:
            message = (
                f"No {script} font found for charts: install Debian's {PACKAGES[script]}; "
                f"{script} labels will show as boxes."
            )
            warnings.warn(message, RuntimeWarning, stacklevel=2)
            logger.warning(message)
            families[script] = None
            continue
        font_manager.fontManager.addfont(str(path))
        families[script] = font_manager.FontProperties(fname=str(path)).get_name()
    fallbacks = [f for f in (families.get("cjk"), families.get("arabic")) if f]
    # A list of families: matplotlib falls back glyph by glyph along it.
    matplotlib.rcParams["font.family"] = ["DejaVu Sans", *fallbacks]
    matplotlib.rcParams["svg.fonttype"] = "path"  # text as outlines: the SVG shows the same without the fonts
    matplotlib.rcParams["axes.unicode_minus"] = False
    return families


#: The printed width of a figure in a Word document (irm.documents.word.FIGURE_WIDTH_CM), in inches.
PRINT_WIDTH_IN = 16 / 2.54
#: The smallest text of a printed figure (issue 18 §2), in points at print size.
MIN_PRINT_PT = 8


def new_figure(width: float = 8, height: float = 4.5) -> Figure:
    """A figure outside pyplot's registry: nothing is kept alive when a caller never renders it."""
    configure_fonts()
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100)


def print_figure(height: float) -> Figure:
    """A figure drawn at its printed size (16 cm wide, `height` inches high), so that a font size in points
    is the size on paper; its layout keeps every label inside the figure (nothing shrinks it when placed)."""
    figure = new_figure(PRINT_WIDTH_IN, height)
    figure.set_layout_engine("tight")
    return figure


def render(figure: Figure, fmt: str = "svg") -> bytes:
    """The figure as SVG or PNG bytes; the figure is closed afterwards."""
    if fmt not in {"svg", "png"}:
        raise ValueError(f"unsupported chart format {fmt!r} (svg or png)")
    buffer = io.BytesIO()
    # A figure drawn at its printed size keeps its size (its layout already fits the labels in): cropped or
    # padded, it would be scaled when placed at 16 cm, and so would its text.
    printed = figure.get_layout_engine() is not None and figure.get_figwidth() == PRINT_WIDTH_IN
    figure.savefig(buffer, format=fmt, bbox_inches=None if printed else "tight")
    return buffer.getvalue()
