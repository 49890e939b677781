"""The Chinese font every generated chart, PDF and Word file uses.

Charts and PDFs embed glyphs, so they need a font file on the machine: scripts/system-deps
installs WenQuanYi Micro Hei (fonts-wqy-microhei) and `cjk_font()` finds it, or whatever
DUBAN_CJK_FONT points at. Word files only name their fonts (仿宋_GB2312, 方正小标宋简体, 黑体,
as GB/T 9704 asks); Word substitutes a font of the machine that opens them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Most wanted first: a 宋/仿宋-like serif would suit official documents best, a clean sans is next.
CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),  # index 2: the SC face
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
)

# What a GB/T 9704 document asks for, named in the Word styles.
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"


class FontMissing(RuntimeError):
    """No Chinese font on this machine: charts and PDFs would show empty boxes instead of text."""

    def __init__(self) -> None:
        super().__init__("本机没有中文字体,无法生成图表和 PDF:请运行 scripts/system-deps(安装 fonts-wqy-microhei)"
                         "或设置 DUBAN_CJK_FONT 指向一个中文字体文件")


@dataclass(frozen=True)
class CjkFont:
    path: Path
    index: int  # the face inside a .ttc collection


@lru_cache(maxsize=1)
def cjk_font() -> CjkFont:
    """The first Chinese font found (DUBAN_CJK_FONT first); FontMissing if there is none."""
    given = os.environ.get("DUBAN_CJK_FONT")
    if given and Path(given).is_file():
        return CjkFont(Path(given), 0)
    for path, index in CANDIDATES:
        if Path(path).is_file():
            return CjkFont(Path(path), index)
    raise FontMissing()


@lru_cache(maxsize=1)
def matplotlib_family() -> str:
    """Register the font with matplotlib once and return its family name."""
    from matplotlib import font_manager

    font = cjk_font()
    font_manager.fontManager.addfont(str(font.path))
    return str(font_manager.FontProperties(fname=str(font.path)).get_name())
