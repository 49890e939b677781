"""The Chinese font every generated chart, PDF and Word file uses.

Charts and PDFs embed glyphs, so they need a font file on the machine: scripts/system-deps
installs WenQuanYi Micro Hei (fonts-wqy-microhei) and `cjk_font()` finds it, or whatever
DUBAN_CJK_FONT points at. Word files only name their fonts (仿宋_GB2312, 方正小标宋简体, 黑体,
as GB/T 9704 asks); Word substitutes a font of the machine that opens them.

The PDF bulletin sets its body in a 仿宋, its title in a 小标宋 and its headings in a 黑体 when
the machine has one (`role_font`, found through fontconfig); where it has none — the usual
server, which only has the free fonts — the role falls back to `cjk_font()` (文泉驿微米黑) and
the PDF's metadata says which font stood in for which.
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


# fontconfig family names a machine may have for each role of GB/T 9704, most wanted first
ROLE_FAMILIES: dict[str, tuple[str, ...]] = {
    "body": ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "华文仿宋", "方正仿宋_GBK", "方正仿宋简体"),
    "title": ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "小标宋", "华文中宋", "STZhongsong"),
    "heading": ("黑体", "SimHei", "方正黑体_GBK", "方正黑体简体", "STHeiti", "华文黑体"),
}
ROLE_NAMES = {"body": "仿宋", "title": "小标宋", "heading": "黑体"}


@dataclass(frozen=True)
class RoleFont:
    font: CjkFont
    family: str  # the family found, or the fallback's name
    fallback: bool  # True: no font of this role on the machine, cjk_font() stands in


def _fc_lookup(family: str) -> CjkFont | None:
    """The file of a font family fontconfig knows by exactly this name (no substitution)."""
    import shutil
    import subprocess

    if shutil.which("fc-list") is None:
        return None
    out = subprocess.run(["fc-list", f":family={family}", "file", "index"],  # noqa: S603,S607 - our own family names
                         capture_output=True, text=True, timeout=10, check=False).stdout
    for line in out.splitlines():
        path, _, rest = line.partition(":")
        index = rest.split("=", 1)[1].strip() if "index=" in rest else "0"
        if path.strip() and Path(path.strip()).is_file():
            return CjkFont(Path(path.strip()), int(index or 0))
    return None


@lru_cache(maxsize=8)
def role_font(role: str) -> RoleFont:
    """The font for a role of GB/T 9704 (body 仿宋, title 小标宋, heading 黑体), or the fallback."""
    if not os.environ.get("DUBAN_CJK_FONT"):  # an explicit font is used for everything
        for family in ROLE_FAMILIES[role]:
            found = _fc_lookup(family)
            if found is not None:
                return RoleFont(found, family, False)
    fallback = cjk_font()
    return RoleFont(fallback, fallback.path.stem, True)


def font_note() -> str:
    """What the PDF's metadata says about its fonts (which role had to fall back)."""
    parts = []
    for role in ("body", "title", "heading"):
        rf = role_font(role)
        parts.append(f"{ROLE_NAMES[role]}:本机无{ROLE_NAMES[role]}字体,以 {rf.font.path.name} 替代" if rf.fallback
                     else f"{ROLE_NAMES[role]}:{rf.family}")
    return "GB/T 9704 字体:" + ";".join(parts)


@lru_cache(maxsize=1)
def matplotlib_family() -> str:
    """Register the font with matplotlib once and return its family name."""
    from matplotlib import font_manager

    font = cjk_font()
    font_manager.fontManager.addfont(str(font.path))
    return str(font_manager.FontProperties(fname=str(font.path)).get_name())
