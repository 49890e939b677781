"""The Chinese fonts every generated chart, PDF and Word file uses.

Word files only *name* their fonts (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312, as GB/T 9704
asks); Word on the office's machine has them. Charts and PDFs embed glyphs, so they need font
files on this machine:

- Each role of GB/T 9704 (body 仿宋, title 小标宋, 1级 heading 黑体, 2级 heading 楷体) uses the
  office's own font when fontconfig knows one by name (`role_font`); a server usually has none.
- Then the closest free face that scripts/system-deps installs stands in (`STAND_INS`): Noto
  Serif CJK SC for 仿宋 and (bold) for 小标宋, Noto Sans CJK SC for 黑体, AR PL UKai for 楷体
  (Debian's fonts-noto-cjk and fonts-arphic-ukai).
- Without those, the first Chinese font found (`cjk_font`, WenQuanYi Micro Hei from
  fonts-wqy-microhei, or whatever DUBAN_CJK_FONT points at) stands in for every role.

The PDF's metadata says which font stood in for which (`font_note`). Noto CJK is OpenType with
PostScript (CFF) outlines; fpdf2 embeds those with an encoding CMap that some readers (pdfminer,
hence pdfplumber) cannot decode, so `pdf_font_file` hands fpdf2 a TrueType copy of the glyphs a
document uses.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

NOTO = "/usr/share/fonts/opentype/noto"

# Charts, and the last resort of every role: a clean sans reads best on a chart.
CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    (f"{NOTO}/NotoSansCJK-Regular.ttc", 2),  # index 2: the SC face
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    (f"{NOTO}/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
)

# What a GB/T 9704 document asks for, named in the Word styles.
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
ROLE_WORD_FONTS = {"body": BODY_FONT, "title": TITLE_FONT, "heading": HEADING_FONT, "heading2": HEADING2_FONT}


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
    "heading2": ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", "华文楷体", "方正楷体_GBK", "方正楷体简体"),
}
ROLE_NAMES = {"body": "仿宋", "title": "小标宋", "heading": "黑体", "heading2": "楷体"}

# The free faces that stand in for each role where the office's fonts are missing: the file, its
# face in the collection, and its family name (for LibreOffice's replacement table, see
# docs/documents.md). Debian: fonts-noto-cjk, fonts-arphic-ukai (scripts/system-deps).
STAND_INS: dict[str, tuple[str, int, str]] = {
    "body": (f"{NOTO}/NotoSerifCJK-Regular.ttc", 2, "Noto Serif CJK SC"),
    "title": (f"{NOTO}/NotoSerifCJK-Bold.ttc", 2, "Noto Serif CJK SC"),  # the bold face: 小标宋 is heavy
    "heading": (f"{NOTO}/NotoSansCJK-Regular.ttc", 2, "Noto Sans CJK SC"),
    "heading2": ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0, "AR PL UKai CN"),
}


@dataclass(frozen=True)
class RoleFont:
    font: CjkFont
    family: str  # the family found, the stand-in's, or the fallback file's name
    fallback: bool  # True: not the office's font (a stand-in or cjk_font())
    stand_in: bool = False  # True: the free face of STAND_INS, the closest there is


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
    """The font for a role of GB/T 9704: the office's own, else the free stand-in, else the
    fallback. DUBAN_CJK_FONT, when set, is used for every role."""
    if not os.environ.get("DUBAN_CJK_FONT"):
        for family in ROLE_FAMILIES[role]:
            found = _fc_lookup(family)
            if found is not None:
                return RoleFont(found, family, False)
        path, index, family = STAND_INS[role]
        if Path(path).is_file():
            return RoleFont(CjkFont(Path(path), index), family, True, stand_in=True)
    fallback = cjk_font()
    return RoleFont(fallback, fallback.path.stem, True)


def font_note(roles: Iterable[str] = ("body", "title", "heading", "heading2")) -> str:
    """What the PDF's metadata says about its fonts (which face stood in for which role)."""
    parts = []
    for role in roles:
        rf = role_font(role)
        name = ROLE_NAMES[role]
        if not rf.fallback:
            parts.append(f"{name}:{rf.family}")
        elif rf.stand_in:
            parts.append(f"{name}:本机无{name}字体,以 {rf.family} 替代")
        else:
            parts.append(f"{name}:本机无{name}字体,以 {rf.font.path.name} 替代")
    return "GB/T 9704 字体:" + ";".join(parts)


def _is_cff(font: CjkFont) -> bool:
    from fontTools.ttLib import TTFont

    with TTFont(str(font.path), fontNumber=font.index, lazy=True) as tt:
        return "CFF " in tt or "CFF2" in tt


def pdf_font_file(font: CjkFont, text: str, workdir: Path, name: str) -> tuple[Path, int]:
    """A file fpdf2 can embed so that every PDF reader gets the text back: the font itself when
    its outlines are TrueType, otherwise a TrueType copy of just the glyphs `text` needs (CFF
    curves turned into quadratic ones, the conversion fontTools' own otf2ttf makes), written
    into `workdir`. A few hundred glyphs take a fraction of a second."""
    if not _is_cff(font):
        return font.path, font.index
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    tt = TTFont(str(font.path), fontNumber=font.index, lazy=True)
    # fpdf2 sets text glyph by glyph: the shaping and vertical tables are not needed, and Noto's
    # are large enough that reading them was most of the time spent here
    for tag in ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "VORG", "vhea", "vmtx", "DSIG", "meta"):
        if tag in tt:
            del tt[tag]
    options = subset.Options()
    options.layout_features = []
    options.layout_closure = False
    options.notdef_outline = True
    options.desubroutinize = True
    sub = subset.Subsetter(options)
    sub.populate(text="".join(sorted(set(text))) + " ")
    sub.subset(tt)
    order = tt.getGlyphOrder()
    glyphs = tt.getGlyphSet()
    outlines = {}
    for glyph_name in order:
        pen = TTGlyphPen(None)
        glyphs[glyph_name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        outlines[glyph_name] = pen.glyph()
    for tag in ("CFF ", "CFF2", "VORG"):
        if tag in tt:
            del tt[tag]
    glyf = tt["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = outlines
    tt["loca"] = newTable("loca")
    maxp = tt["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones",):
        setattr(maxp, attr, 1)
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
                 "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    tt["head"].glyphDataFormat = 0
    post = tt["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    tt.sfntVersion = "\x00\x01\x00\x00"
    out = workdir / f"{name}.ttf"
    tt.save(str(out))
    return out, 0


@lru_cache(maxsize=1)
def matplotlib_family() -> str:
    """Register the font with matplotlib once and return its family name."""
    from matplotlib import font_manager

    font = cjk_font()
    font_manager.fontManager.addfont(str(font.path))
    return str(font_manager.FontProperties(fname=str(font.path)).get_name())
