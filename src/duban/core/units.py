"""Unit and person fields of a 责任分解方案, turned into single entries.

A plan prints its responsibility notes the way a clerk types them: `区科经、商务局` for two
bureaus, `区总工会、团区委、妇联、残联` for four bodies, `区科经局等区直相关部门` for a unit and a
group, one unit a line in a table cell, a qualifier such as `(林业局)` on a line of its own.
Supervision works on single units (each gets its own 办理方案 and report), so this module undoes
the shorthand, following the rules in ../shared/contract/README.md:

- split on 、 , ， ; ； / and white space, never inside brackets or quotes;
- a shared suffix goes back onto the abbreviated items before it (`区科经、商务局`);
- a shared level prefix goes onto the bare items after it (`区法院、检察院`), unless the list is
  written in full or the item names its own level (`南沙区政府`, `人民银行江夏支行`);
- `X、Y等Z` is X, Y and the group Z; a trailing 等 is dropped;
- groups (`各街道办事处`, `区直相关部门`) and qualifiers (`区发改局(粮食局)`) stay as printed.

Person fields get their own helpers: names lose their padding (`陈  晓` is `陈晓`), role strings
(`各乡镇人民政府负责人`) and titles (`常务副区长`) stay as printed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from duban.core import unitname as _unitname

__all__ = [
    "clean_person",
    "is_group",
    "looks_like_leader_title",
    "looks_like_person",
    "looks_like_unit",
    "split_names",
    "split_units",
]

# --- characters -----------------------------------------------------------------------------

_OPEN = "(（〔[【“‘《<「『"
_CLOSE = ")）〕]】”’》>」』"
_PAIR = dict(zip(_OPEN, _CLOSE, strict=True))

# 、 keeps a run of abbreviated items together; the other separators end it.
_ENUM = "、"
_HARD = ",，;；/／|｜"
_CIRCLED = "".join(map(chr, range(0x2460, 0x2474))) + "".join(map(chr, range(0x2776, 0x2780)))  # ① ❶: list marks
# White space as typed in tables: ASCII, EN/EM spaces, ideographic space, no-break space.
_SPACE_RE = re.compile(r"[\s\u2000-\u200b\u3000\u00a0\ufeff]+")
# Padding and stray punctuation around one entry.
_STRIP = " \t\r\n\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u3000\u00a0\ufeff。.:：;；,，、!！?？·•*※-—–~～"

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# --- vocabulary -------------------------------------------------------------------------------

# Levels that a shared prefix carries over to the bare items of a list (区法院、检察院).
# 国家/中国/中央 are part of the proper name (国家发展改革委、财政部 is not 国家财政部).
_PREFIX_LEVELS = ("自治区", "自治州", "自治县", "自治旗", "省", "市", "州", "盟", "区", "县", "旗")
# Words that start with a level character but are not a level (市场监管局, 区域…, 县域…).
_CITY_BODY_RE = re.compile(r"^市政(?:务|协|府|法)")
_NOT_LEVEL_START = ("市场", "市政", "市容", "区域", "县域", "省级", "市级", "区级", "县级", "州级")
# A name with a level of its own: never prefixed, and it shows that a list is written in full.
_OWN_LEVEL_START = ("国家", "中国", "中华", "中央", "中共", "全国", "国务院", "人民银行", "国网", "国投")
_PROPER_NAMES = ("团区委", "团市委", "团县委", "团省委", "团州委", "团旗委")
_PLACE_RE = re.compile(
    r"(开发区|高新区|新区|园区|景区|物流区|示范区|试验区|保税区|合作区|片区|管委会|街道|社区"
    r"|[镇乡村](?:人民政府|政府|党委|村委会|村民委员会|居委会)|[区市县州旗盟](?:人民)?政府"
    rf"|[{_HAN}]{{2,}}[区市县州旗](?:委|人大|政协|支行|分行|分公司|调查队|分局|办事处))"
)
_PLACE_END_RE = re.compile(r"(?:[区市县州旗盟镇乡]|(?<![农乡])村|街道)$")

# Party organs: a list led by 区委… gives them 区委, not 区 (区委组织部、宣传部).
_PARTY_ORGANS = frozenset(
    "组织部 宣传部 统战部 政法委 编办 网信办 政研室 巡察办 国安办 社会工作部 老干部局 党校 "
    "机要局 保密办 改革办 深改办 党史研究室 人才办 直属机关工委 机关工委 财经办 军民融合办 "
    "依法治区办 依法治市办 依法治县办".split()
)

# Endings that make an item a complete name (no shared suffix added). Longest first matters
# only for _donor_suffix; completeness is any match.
_COMPLETE_ENDINGS = (
    "街道办事处", "人民政府", "办事处", "管委会", "委员会", "村委会", "居委会", "指挥部", "领导小组", "专班",
    "中心", "集团", "公司", "政府", "银行", "学校",
    "局", "委", "办", "厅", "部", "院", "会", "镇", "乡", "队", "所", "站", "行", "处", "室", "馆",
    "署", "场", "联", "协", "团", "校", "台", "组", "区", "街道", "庭", "园", "司", "海关", "部门", "机关",
    "科", "股",  # a body's own sections (建工科, 财务股): 建工科、安全站 is no 建工科站 (see _is_complete)
)
# 社 ends a name only in these (供销社); 人社 (人力资源和社会保障) is an abbreviation.
_SHE_ENDINGS = ("供销社", "合作社", "出版社", "报社", "杂志社", "通讯社", "旅行社", "联社", "信用社", "文学社")
# Suffixes a donor can share, longest first.
_SHARED_SUFFIXES = (
    "高新技术产业开发区", "经济技术开发区", "经济开发区", "管理区", "部门",
    "街道办事处", "村民委员会", "居民委员会", "村委会", "居委会", "人民政府", "办事处", "管委会", "委员会",
    "服务中心", "中心", "集团", "公司", "街道", "局", "委", "办", "厅", "部", "院", "会", "所", "站", "队",
    "馆", "室", "处", "署", "社", "联", "行", "组", "科", "股",
)
# A town, village or 街道 donor: place + organ (五里界街道办事处, 杨溪铺镇人民政府, YY村村委会).
_PLACE_ORGAN_RE = re.compile(
    r"^(?P<place>.+?(?P<level>镇|乡|村|街道))(?P<organ>办事处|人民政府|政府|党委|村民委员会|村委会|居委会|委员会)$"
)

# Groups (several units named at once, kept as printed, one entry) are told by duban.core.unitname.
# After 等, words that name a group (X等相关部门) rather than a bare category (X等部门).
_BARE_CATEGORY_RE = re.compile(r"^(?:\d+|[一二两三四五六七八九十]+)?[个家]?(?:单位|部门|机构|方面|企业|成员)?$")

# Role-holders in a 责任人 column: a person by office, not by name.
_ROLE_END_RE = re.compile(
    r"(?:主要负责人|负责人|负责同志|主要领导|分管领导|联络员|主任|副主任|局长|书记|镇长|乡长|区长|县长|市长|省长|"
    r"州长|旗长|部长|主席|院长|检察长|经理|董事长|站长|所长|队长|科长|处长|厅长|指挥长|组长|校长|行长|"
    r"馆长|社长|主管|政委|秘书长|常委|班子成员|领导|调研员)$"
)
_LEADER_TITLE_RE = re.compile(
    r"^(?:(?:常务|分管|主管|联系|挂点|第一)?副?(?:省|市|州|盟|区|县|旗|镇|乡)长"
    r"|.{0,12}(?:班子成员|领导|常委|书记|秘书长|主席|政委|调研员|检察长|院长|部长|主任))$"
)

# Common Chinese surnames (single and compound), enough to tell 陈刚 from 区妇联. Level characters
# (区 市 县 省) are left out on purpose: as surnames they are rare, as unit prefixes everywhere.
_SURNAMES_1 = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃"
    "武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮"
    "柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉"
    "缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑"
    "郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊"
    "仝郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸"
    "雍辜羊乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣"
    "信展阴昝智幸奉植衡富尧闭由洪轩占郦雒訾禤凤蓬伦秘丘励练竺谯晏钮闻糜"
)
_SURNAMES_2 = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 司徒 夏侯 长孙 宇文 西门 端木 澹台 独孤 百里 呼延 "
    "万俟 闻人 轩辕 南宫 申屠 钟离 太史 赫连 第五".split()
)
# Two-character units that would otherwise pass for a surname and a given name.
_SHORT_UNITS = frozenset("妇联 残联 侨联 文联 科协 团委 法院 党校 工会 税务 公安 海关 武警 人武部 边检".split())
# Second characters that end a unit, not a given name, in a two-character string (李局 is not a name).
_UNIT_CHARS_STRONG = frozenset("局委办厅部院社所站队处室馆司团组联协行场校台署庭")

_NAME_RE = re.compile(rf"^[{_HAN}]{{2,4}}$")
_MINORITY_NAME_RE = re.compile(rf"^[{_HAN}]{{1,8}}[·•・][{_HAN}]{{1,8}}$")


# --- units ------------------------------------------------------------------------------------


@dataclass
class _Item:
    """One entry on its way out: its text, its 、-run, and whether only white space preceded it."""

    text: str
    run: int
    after_space: bool = False
    same_line: bool = False  # the white space before it held no line break


def split_units(value: str) -> list[str]:
    """The single units named in one 牵头单位 / 责任单位 / 配合单位 field, in printed order.

    Shorthand is expanded (shared suffix, shared prefix, X等Y), groups and qualifiers are kept,
    padding and stray punctuation removed, duplicates dropped keeping the first.
    """
    value = _EMPTY_PAIR_RE.sub("", _strip_label(value)).strip(_STRIP)
    while value and (value[0] in _CLOSE or value[-1] in _OPEN or _is_qualifier(value)):
        # stray brackets at the ends, or the whole field in brackets: （区发改局、区财政局）
        value = (value[1:] if value[0] in _CLOSE else value[:-1] if value[-1] in _OPEN else value[1:-1]).strip(_STRIP)
    items = _split_run_together(_join_qualifiers(_split_deng(_tokenize(value))))
    out: list[str] = []
    seen: set[str] = set()
    for run in _runs(items):
        run = _expand_group_organs(_expand_group_prefix(_expand_group_list(_swapped_levels(run))))
        # a name completed by the list's shared ending may turn out to be two typed together
        # (区发改局区发改局科经 + 局): split as a complete one would have been
        for unit in (p for u in _expand_prefix(_expand_suffix(run)) for p in _run_together_pieces(u)):
            key = _key(unit)
            if key not in seen and unit not in _NONE_WORDS and any(c.isalpha() for c in unit):
                seen.add(key)
                out.append(unit)
    return out


def _swapped_levels(run: list[str]) -> list[str]:
    """A level typed after the 、 instead of before it (党群工作部区、综合执法局): put back onto the next
    item, where it belongs, when the item it ends is a whole organ without it and the next names no level."""
    out = list(run)
    for k in range(len(out) - 1):
        item, nxt = out[k], out[k + 1]
        core = _core(item)
        if (len(core) >= 4 and core[-1] in "区市县" and core[-2] in "部局委办厅院" and not _level_prefix(_core(nxt))
                and not _level_prefix(core)):
            out[k], out[k + 1] = item[: item.rfind(core[-1])] + item[item.rfind(core[-1]) + 1 :], core[-1] + nxt
    return out


# Brackets with nothing readable inside: `()`, `（ ； ）`.
_EMPTY_PAIR_RE = re.compile("|".join(re.escape(o) + r"[^\w" + re.escape(_OPEN + _CLOSE) + r"]*" + re.escape(c) for o, c in _PAIR.items()))
_NONE_WORDS = frozenset({"无", "暂无", "/", "—", "-", "——"})
_LABEL_RE = re.compile(r"^\s*(?:总?牵头单位|责任单位|配合单位|协办单位|主办单位|参与单位|协同单位)\s*[:：]\s*")


def _strip_label(value: str) -> str:
    """A field handed over with its label (`责任单位:…`) still reads."""
    return _LABEL_RE.sub("", value)


def _key(text: str) -> str:
    """Comparison key: what the scorer compares (NFKC, no white space)."""
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", text))


def _protected(value: str) -> list[bool]:
    """For each position, whether it lies inside a matched pair of brackets or quotes.

    Unmatched brackets (a note cut short) protect nothing, so one typo cannot swallow a field.
    """
    inside = [False] * len(value)
    stack: list[tuple[int, str]] = []
    for i, ch in enumerate(value):
        if stack and ch == stack[-1][1]:
            start, _ = stack.pop()
            for k in range(start, i + 1):
                inside[k] = True
        elif ch in _PAIR:
            stack.append((i, _PAIR[ch]))
        elif ch in _CLOSE and any(close == ch for _, close in stack):
            while stack[-1][1] != ch:
                stack.pop()
            start, _ = stack.pop()
            for k in range(start, i + 1):
                inside[k] = True
    return inside


def _tokenize(value: str) -> list[_Item]:
    """Split at separators outside brackets; the run number changes at every separator but 、."""
    inside = _protected(value)
    items: list[_Item] = []
    buf: list[str] = []
    run = 0
    hard = False  # a separator other than 、 since the last item
    space = False  # only white space since the last item
    broke = False  # a line break in that white space

    def flush() -> None:
        nonlocal hard, space, run, broke
        text = _clean("".join(buf))
        buf.clear()
        if any(c.isalpha() for c in text):  # a bare list number (1、区发改局) is no item
            if (hard or space) and items:
                run += 1
            items.append(_Item(text, run, space and not hard, space and not hard and not broke))
        hard = space = broke = False

    i, n = 0, len(value)
    while i < n:
        ch = value[i]
        if inside[i]:
            buf.append(ch)
        elif ch == _ENUM:
            flush()
        elif ch in _HARD or ch in _CIRCLED:
            flush()
            hard = True
        elif _SPACE_RE.match(ch):
            j = i
            while j < n and _SPACE_RE.match(value[j]):
                j += 1
            nxt = value[j] if j < n else ""
            if "".join(buf).strip() and nxt and (inside[j] or nxt not in _ENUM + _HARD):
                if inside[j] and nxt in _OPEN and "\n" not in value[i:j]:
                    buf.append(" ")  # 区自然资源和规划局 (林业局): the qualifier stays with its unit
                else:
                    flush()
                    space = True
                    broke = "\n" in value[i:j] or "\r" in value[i:j]
            i = j
            continue
        else:
            buf.append(ch)
        i += 1
    flush()
    return _join_padding(items)


def _join_padding(items: list[_Item]) -> list[_Item]:
    """`区 发改局`, `区 发 改 局`: a lone character split off by white space is padding, not a unit."""
    out: list[_Item] = []
    alias: dict[int, int] = {}  # a run that was glued onto the run before it
    for item in items:
        run = alias.get(item.run, item.run)
        prev = out[-1] if out else None
        if prev is not None and item.after_space and (
            len(prev.text) == 1 or len(item.text) == 1
            # "伏羲 山管委会", "区发 改局": a space typed inside a name on one line; the piece before it
            # is no name of its own
            or (item.same_line and not _is_complete(prev.text) and not is_group(prev.text))
            or _wrapped_name(prev.text, item)
        ):
            out[-1] = _Item(prev.text + item.text, prev.run, prev.after_space, prev.same_line)
            alias[item.run] = prev.run
            # 区招商和投 / 资促进中 / 心: mended, the piece may now be the wrapped end of the name before it
            while len(out) >= 2 and _wrapped_name(out[-2].text, out[-1]):
                last = out.pop()
                alias[last.run] = out[-1].run
                out[-1] = _Item(out[-1].text + last.text, out[-1].run, out[-1].after_space, out[-1].same_line)
        else:
            out.append(_Item(item.text, run, item.after_space, item.same_line))
    return out


# what no name opens with: a conjunction inside one (区自然资源和规划局), or its organ (…环境局)
_NO_NAME_START = tuple("和与及暨并局委办厅处室部所站队院会司")


def _wrapped_name(before: str, item: _Item) -> bool:
    """A name a narrow cell wrapped over two lines (区自然资源 / 和规划局, 区招商和投 / 资促进中心): the
    line before is no name, the two are one, and this line is none of its own (a known 商务局 after
    an abbreviated 区科经 stays apart)."""
    if not item.after_space or item.same_line or _is_complete(before) or is_group(before):
        return False
    if not _is_complete(before + item.text):
        return False
    return item.text.startswith(_NO_NAME_START) or _unitname.parse(_core(item.text)).body is None


# A list number typed before a unit in a cell: 1.区发改局, ②区财政局, （1）区商务局.
_ENUMERATOR_RE = re.compile(r"^(?:\d{1,2}[.．)）]|[(（]\d{1,2}[)）]|[\u2460-\u2473\u2776-\u277f])\s*")


def _clean(text: str) -> str:
    """Strip padding, a list number and stray punctuation; mend a bracket left open or closed by mistake."""
    text = _ENUMERATOR_RE.sub("", text.strip(_STRIP)).strip(_STRIP)
    while text:
        inside = _protected(text)
        if text[0] in _CLOSE or (text[0] in _OPEN and not inside[0]):
            text = text[1:].strip(_STRIP)
        elif text[-1] in _OPEN or (text[-1] in _CLOSE and not inside[-1]):
            text = text[:-1].strip(_STRIP)
        else:
            # 区发改局(粮食局 → 区发改局(粮食局)
            text += "".join(_PAIR[c] for c, p in zip(text, inside, strict=True) if c in _PAIR and not p)[::-1]
            break
    # White space inside a unit name is typing noise (区 发改局), including before a qualifier.
    return _SPACE_RE.sub("", text)


def _is_qualifier(text: str) -> bool:
    """A whole item in brackets, such as `(林业局)`: it qualifies the unit before it."""
    if len(text) < 3 or text[0] not in "(（〔[【" or text[-1] != _PAIR[text[0]]:
        return False
    # one group from end to end: the first bracket closes at the last character
    stack: list[str] = []
    for i, ch in enumerate(text):
        if stack and ch == stack[-1]:
            stack.pop()
        elif ch in _PAIR:
            stack.append(_PAIR[ch])
        elif ch in stack:
            del stack[len(stack) - 1 - stack[::-1].index(ch) :]
        if not stack:
            return i == len(text) - 1
    return False


def _join_qualifiers(items: list[_Item]) -> list[_Item]:
    """`区自然资源和规划局` + `(林业局)` on the next line is one unit, 区自然资源和规划局(林业局)."""
    out: list[_Item] = []
    for n, item in enumerate(items):
        if _is_qualifier(item.text) and out:
            out[-1] = _Item(out[-1].text + item.text, out[-1].run)
        elif _is_qualifier(item.text):
            # nothing before it to qualify: a unit printed in brackets, （区发改局）
            inner = _split_deng(_tokenize(item.text[1:-1]))
            out.extend(_Item(it.text, -1 - n * 1000 - it.run) for it in inner)
        else:
            out.append(item)
    return out


# a whole organ's name: what a name typed straight after another ends with (not 园 of 园区, 市 of 市区)
_ORGAN_END_RE = re.compile(r"(?:局|委|办|厅|部|院|署|中心|公司|集团|政府|办事处|管委会)$")


def _split_run_together(items: list[_Item]) -> list[_Item]:
    """"市发改委市自规局市财政局": whole names typed with no separator, each opening with its level."""
    out: list[_Item] = []
    for item in items:
        out.extend(_Item(p, item.run, item.after_space, item.same_line) for p in _run_together_pieces(item.text))
    return out


def _run_together_pieces(text: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for i in range(3, len(text) - 2):
        head, rest = text[start:i], text[i:]
        if (
            len(_core(head)) >= 3 and _ORGAN_END_RE.search(_core(head)) and not is_group(head)
            and _level_prefix(rest) and _is_complete(_core(rest))
        ):
            pieces.append(head)
            start = i
    pieces.append(text[start:])
    return pieces


def _split_deng(items: list[_Item]) -> list[_Item]:
    """`X等Z`, `X和各Z`: X stays in its run and the group Z is an entry of its own; a bare 等 goes.

    What follows Z in the same 、-run belongs with Z (`地税局等和各市、县人民政府`: 各市 and 县人民政府
    are one list of groups).
    """
    out: list[_Item] = []
    next_run = max((it.run for it in items), default=0) + 1
    moved: dict[int, int] = {}  # a run whose tail now follows a cut-off group: the group's run
    for item in items:
        run = moved.get(item.run, item.run)
        head, group = _cut_deng(item.text)
        if head:
            out.append(_Item(head, run))
        while group:
            part, group = _cut_deng(group)
            if part:
                out.append(_Item(part, next_run))
                moved[item.run] = next_run
                next_run += 1
    # keep run numbers increasing in printed order
    renum: list[_Item] = []
    last_src: int | None = None
    run = -1
    for it in out:
        if it.run != last_src:
            run += 1
            last_src = it.run
        renum.append(_Item(it.text, run))
    return renum


_DENG_RE = re.compile(r"(?<![高中初平同对])等(?!级|同|候|待)")
# 和/及 before a group joins a unit and a group (区发改局和各乡镇人民政府), never two words of a name.
_AND_GROUP_RE = re.compile(r"(?:以及|及|和|与)(?=各|相关|有关|其他|其它|[省市区县州旗](?:直|级|属)[^,,、]{0,4}(?:单位|部门))")


def _cut_deng(text: str) -> tuple[str, str]:
    """(X, Z) for `X等Z` or `X和各Z` outside brackets; Z is '' when 等 names no group."""
    inside = _protected(text)
    for i, ch in enumerate(text):
        if inside[i]:
            continue
        if ch == "等" and _DENG_RE.match(text, i):
            head = _clean(text[:i])
            rest = re.sub(r"^(?:以及|和|及|与)(?=各|相关|有关|其他|其它)", "", _clean(text[i + 1 :]))
            if _BARE_CATEGORY_RE.match(rest):
                return head, ""
            return head, rest
        elif (m := _AND_GROUP_RE.match(text, i)) is not None:
            head = _clean(text[:i])
            if head and _is_complete(head):
                return head, _clean(text[m.end() :])
        elif ch in "及与" or (ch == "和" and i > 0):
            # 市公路局及高速公路股份公司: two whole names joined by a word, not one name (区自然资源和规划局)
            head, tail = _clean(text[:i]), _clean(text[i + 1 :])
            if len(head) >= 3 and len(tail) >= 3 and _is_complete(head) and _is_complete(tail) and not is_group(tail):
                return head, tail
    return text, ""


# A level word a group list shares its suffix over: 各县、市、区政府; 各区、县(市)政府(管委会).
_LEVEL_WORD = r"(?:县[(（]市[)）]|县市区|县市|市辖区|开发区|街道|乡镇|[县市区镇乡旗州盟])"
_GROUP_LIST_FIRST_RE = re.compile(rf"^(各有关|各相关|各|相关|有关)({_LEVEL_WORD})$")
# 县级市 after a group of levels (各区、县级市政府): a class of its own, so it takes no 各; the organ is shared
_COUNTY_CITIES_RE = re.compile(r"^县级市((?:人民)?政府)$")
_GROUP_LIST_MID_RE = re.compile(rf"^({_LEVEL_WORD})$")
_GROUP_LIST_LAST_RE = re.compile(rf"^({_LEVEL_WORD})((?:人民)?政府.*|党委.*|管委会.*|办事处.*)$")


def _expand_group_list(run: list[str]) -> list[str]:
    """`各县、市、区政府` is 各县政府, 各市政府, 各区政府: the 各 and the suffix are shared, wherever in a
    list such a run of levels stands (`省发改委、相关市、县政府`)."""
    out: list[str] = []
    i = 0
    while i < len(run):
        first = _GROUP_LIST_FIRST_RE.match(run[i])
        j = i + 1
        while first and j < len(run) and _GROUP_LIST_MID_RE.match(run[j]):
            j += 1
        last = _GROUP_LIST_LAST_RE.match(run[j]) if first and j < len(run) else None
        if first and last:
            levels = [first.group(2), *run[i + 1 : j], last.group(1)]
            out.extend(first.group(1) + level + last.group(2) for level in levels)
            i = j + 1
            continue
        cities = _COUNTY_CITIES_RE.match(run[i + 1]) if first and j == i + 1 and j < len(run) else None
        if first and cities:
            out.extend([run[i] + cities.group(1), run[i + 1]])  # 各区政府, 县级市政府
            i += 2
            continue
        out.append(run[i])
        i += 1
    return out


# A group named with its government's prefix: 省政府各部门, 市政府各直属单位 (not 区直各单位: 区直 is no owner
# of the 各街道办事处 after it).
_GROUP_OWNER_RE = re.compile(r"^((?:[省市区县州旗盟])(?:人民政府|政府))各")


def _expand_group_prefix(run: list[str]) -> list[str]:
    """`省政府各部门、各直属机构` is 省政府各部门, 省政府各直属机构: the owner is shared by the groups after it."""
    if len(run) < 2:
        return run
    m = _GROUP_OWNER_RE.match(run[0])
    if not m:
        return run
    owner = m.group(1)
    return [run[0]] + [owner + item if item.startswith("各") else item for item in run[1:]]


def _runs(items: list[_Item]) -> list[list[str]]:
    """Group items into 、-runs, in order."""
    runs: list[list[str]] = []
    last: int | None = None
    for it in items:
        if it.run != last:
            runs.append([])
            last = it.run
        runs[-1].append(it.text)
    return runs


def _core(text: str) -> str:
    """The name without a trailing qualifier: 区发改局(粮食局) → 区发改局."""
    if text and text[-1] in _CLOSE:
        depth = 0
        for i in range(len(text) - 1, -1, -1):
            ch = text[i]
            if ch in _CLOSE:
                depth += 1
            elif ch in _OPEN:
                depth -= 1
                if depth == 0:
                    return text[:i] if i > 0 else text
    return text


# The word an organ's name ends with (局, 委, 办事处, 部门, 街道, 乡…), a bracketed remark allowed after it:
# what a name must end with to stand as a department heading or a whole name in running text.
_ORGAN_ENDING_RE = re.compile(
    r"(?:局|委|办公室|办|厅|部|院|署|会|中心|公司|集团|政府|办事处|指挥部|队|所|站|社|馆|行|团|联|协|部门|分局|街道|机关|乡|镇)"
    r"(?:\([^()]{1,12}\))?$"
)


def ends_with_organ(name: str) -> bool:
    """Whether `name` ends like an organ (市卫生局, 各区政府, 公安部门), not a place (鄞州) or a phrase."""
    return bool(_ORGAN_ENDING_RE.search(name.strip()))


def is_group(text: str) -> bool:
    """Several units named at once (各街道办事处, 区直相关部门, 区安委会各成员单位): the name
    model's reading (`unitname.is_group`), so the reader, the suggester and the directory agree."""
    return _unitname.is_group(text)


@lru_cache(maxsize=4096)
def _is_complete(text: str) -> bool:
    """Whether an item ends like a full unit name (局, 中心, 街道办事处…), so takes no suffix."""
    core = _core(text)
    if core.endswith("社"):
        return core.endswith(_SHE_ENDINGS)
    if core.endswith("农村"):
        return False
    if core.endswith(("科", "股")):
        # a section's name has a word before 科 (建工科, 财务股); 社科, 农科 (市社科、文联) are abbreviations
        return len(core) - len(_level_prefix(core)) >= 3
    return core.endswith(_COMPLETE_ENDINGS) or bool(_PLACE_END_RE.search(core)) or is_group(core)


def _donor_suffix(text: str) -> str:
    core = _core(text)
    for suffix in _SHARED_SUFFIXES:
        if core.endswith(suffix) and len(core) > len(suffix):
            return suffix
    return ""


_CITY_GOVERNMENT_RE = re.compile(r"^(?P<place>.{2,}?)(?P<organ>[市县区旗州](?:人民)?政府)$")


def _expand_suffix(run: list[str]) -> list[str]:
    """Give abbreviated items the suffix of the next complete item in the run (区科经、商务局)."""
    out = list(run)
    for i, item in enumerate(run):
        donor = next((d for d in run[i + 1 :] if _is_complete(d) and not _bare_town_after(item, d)), None)
        if donor is not None and _core(donor).endswith("部门") and not is_group(item) and 2 <= len(item) <= 6 and not _is_complete(item):
            out[i] = item + "部门"  # 公安、交通部门: departments of a kind share the word
            continue
        if donor is None or is_group(item) or is_group(donor):
            continue
        place = _PLACE_ORGAN_RE.match(_core(donor))
        # towns and townships are peers: 示例镇、和平乡人民政府 gives both a 人民政府
        peers = ("镇", "乡") if place and place["level"] in ("镇", "乡") else (place["level"],) if place else ()
        if place and _core(item).endswith(peers) and not _core(item).endswith("农村"):
            # 茶店镇、杨溪铺镇人民政府; XX村、YY村村委会: the place takes the organ
            organ = place["organ"]
            if item != _core(item) or _core(item).endswith(organ):
                continue
            out[i] = item + organ
            continue
        place_len = _leading_place(_core(donor))
        if (
            place_len and item == _core(item) and 2 <= len(item) <= 4 and not _is_complete(item)
            and not _PLACE_ORGAN_RE.match(_core(donor))
        ):
            out[i] = item + _core(donor)[place_len:]  # 广深、平南铁路有限公司: places sharing what follows
            continue
        city = _CITY_GOVERNMENT_RE.match(_core(donor))
        if city and not _is_complete(item) and 2 <= len(_core(item)) <= 4 and item == _core(item):
            out[i] = item + city["organ"]  # 哈尔滨、黑河、绥芬河市政府: places sharing 市政府
            continue
        if _is_complete(item):
            continue
        suffix = _donor_suffix(donor)
        if suffix and not _core(item).endswith(suffix):
            out[i] = item + suffix
    return out


def _bare_town_after(item: str, later: str) -> bool:
    """A town or township named bare after a bare one (潭城镇、岚城乡、…、北厝镇人民政府): a peer of it, not
    the complete name that lends it its organ, which comes after them."""
    return _core(item).endswith(("镇", "乡")) and later == _core(later) and later.endswith(("镇", "乡"))


# a group of places with its organ (各乡镇党委), and an organ alone after it (人民政府): the places share it
_GROUP_ORGAN_RE = re.compile(r"^(各[^、,，]{0,6}?(?:乡镇|镇|乡|街道|村|县|市|区))(?:人民政府|政府|党委|党工委|办事处)$")
_ORGANS_ALONE = frozenset({"人民政府", "政府", "党委", "党工委", "办事处"})


def _expand_group_organs(run: list[str]) -> list[str]:
    """`各乡镇党委、人民政府` is 各乡镇党委, 各乡镇人民政府: an organ named alone after a group of places
    with its organ belongs to the same places."""
    out = list(run)
    for i in range(1, len(run)):
        m = _GROUP_ORGAN_RE.match(out[i - 1])
        if m and run[i] in _ORGANS_ALONE:
            out[i] = m.group(1) + run[i]
    return out


def _base_level(level: str) -> str:
    """The level a list shares, from the level its first item starts with: 区委 → 区, 自治区 → 自治区."""
    return level[:-1] if level.endswith("委") and level[:-1] in _PREFIX_LEVELS else level


@lru_cache(maxsize=4096)
def _level_prefix(text: str) -> str:
    """The level a name starts with (区, 市, 区委…), or ''."""
    if _CITY_BODY_RE.match(text):
        return "市"  # 市政务办, 市政协办公厅, 市政法委: the city's own 政务办, 政协, 政法委, not 市政 works
    if text.startswith(_NOT_LEVEL_START) or text.startswith(_PROPER_NAMES):
        return ""
    for level in _PREFIX_LEVELS:
        if text.startswith(level + "委") and not text.startswith(level + "委员会"):
            return level + "委"
    for level in _PREFIX_LEVELS:
        if text.startswith(level) and len(text) > len(level) + 1:
            return level
    return ""


# A zone named only by what it is, not where (工业园区, 经济开发区管委会): it takes a list's level.
_GENERIC_ZONE_RE = re.compile(
    r"^(?:经济技术|高新技术|经济|技术|高新|工业|产业|科技|物流|现代农业|农业|文化|旅游|生态|商贸|临港|综合|化工|"
    r"循环经济|创新|电子商务|商务|总部|食品|医药|新材料)*(?:开发区|高新区|新区|园区|产业园|工业园|示范区|试验区|集聚区)"
    r"(?:管委会|管理委员会)?$"
)


@lru_cache(maxsize=4096)
def _has_own_level(text: str) -> bool:
    """A name that says where it belongs (南沙区政府, 人民银行江夏支行, 茶店镇人民政府, 团区委)."""
    core = _core(text)
    if _GENERIC_ZONE_RE.match(core):
        return False
    return (
        bool(_level_prefix(core))
        or core.startswith(_OWN_LEVEL_START)
        or core.startswith(_PROPER_NAMES)
        or bool(_PLACE_RE.search(core) or _PLACE_END_RE.search(core))
    )


_DEPARTMENT_END_RE = re.compile(r"(?:厅|局|委员会|委|办公室|办)$")


def _lost_level(item: str) -> bool:
    """A bare government department in a list written in full (商务厅 among 省…): its level was lost in
    the typing. Only a body the name model knows by exactly this remit; 厦门港口局 is called so."""
    core = _core(item)
    if not _DEPARTMENT_END_RE.search(core) or is_group(item) or _has_own_level(item) or core in _PARTY_ORGANS:
        return False
    name = _unitname.parse(core)
    return name.body is not None and not name.place and name.remit in name.body.stems


# A liaison office is named for whom it liaises with (淮海经济区联络处), not for where it sits:
# it is the listing government's own office.
_LIAISON_ENDINGS = ("联络处", "联络办", "联络办公室")
_REGISTERED_COMPANY_RE = re.compile(r"(?:股份|有限)(?:责任)?公司")


def _place_named(item: str) -> bool:
    """A body named with a place of its own (哈尔滨铁路局, 厦门海关, 许昌通信传输局): a list's level
    does not go onto it. Known to the name model with a place name before its remit, or a long
    name the model does not know (abbreviations are short: 科经, 经发)."""
    core = _core(item)
    if _GENERIC_ZONE_RE.match(core) or core.endswith(_LIAISON_ENDINGS):
        return False
    if _REGISTERED_COMPANY_RE.search(core):
        return True  # 高速公路股份公司, 广深铁路有限公司: a company's registered name is its own
    if any(core[i - size : i] in _place_names() for i in _inner_levels(core) for size in (2, 3, 4) if i - size > 0):
        return True  # 人行厦门市中心支行: a place with its level inside the name
    name = _unitname.parse(core)
    if name.place:
        return True
    if name.body is None:
        return len(name.remit) >= 4
    stem = next((st for st in sorted(name.body.stems, key=len, reverse=True) if st in name.remit), None)
    if stem is None:
        return False
    extra = name.remit[: name.remit.index(stem)]
    return len(extra) >= 2 and extra in _place_names()


def _inner_levels(name: str) -> list[int]:
    """Where a level character (省市州县区) stands inside a name, past its first two characters."""
    return [i for i, ch in enumerate(name) if ch in "省市州县区" and 2 < i < len(name) - 1]


def _leading_place(name: str) -> int:
    """The length of the place name a name opens with (平南铁路有限公司: 2), or 0."""
    places = _place_names()
    for size in (4, 3, 2):
        if len(name) > size + 2 and name[:size] in places:
            return size
    return 0


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """Place names (哈尔滨, 厦门…): the words jieba's dictionary tags ns, read once when needed.
    The file is found without importing jieba, whose import (pkg_resources) costs a reading of a
    plan a fifth of a second it has no other use for."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        return frozenset()
    path = Path(spec.origin).with_name("dict.txt")
    with path.open(encoding="utf-8") as f:
        return frozenset(line.split(" ", 1)[0] for line in f if line.endswith(" ns\n"))


def _expand_prefix(run: list[str]) -> list[str]:
    """Give the bare items of an abbreviated list the level of its first item (区法院、检察院)."""
    if len(run) < 2:
        return run
    first = run[0]
    level = _level_prefix(first)
    if not level and (_has_own_level(first) or _place_named(first)) and not is_group(first):
        # a body named by its own place first (平潭海事局、区交通运输局、经济发展局): the list's level is
        # the first that prints one, and carries on from there
        return [first, *_expand_prefix(run[1:])]
    if not level or is_group(first):
        return run
    base = _base_level(level)
    # Written in full: a later item carries the same level (区科经局、区经发集团、兴企公司). A bare
    # government department among them lost its level in the typing (省发展改革委、省市场监管局、商务厅):
    # it takes the level; a company or a named body (兴企公司) is printed as it is called.
    if any(_base_level(_level_prefix(_core(item))) == base for item in run[1:]):
        return [first] + [base + item if _lost_level(item) else item for item in run[1:]]
    # zones listed beside zones that name their place (示范区管委会、经济技术开发区管委会、西城区管委会)
    # are named as the places they are: a bare one is a proper name there, not a shorthand
    zone_list = any(_PLACE_RE.search(_core(item)) and not _GENERIC_ZONE_RE.match(_core(item)) for item in run[1:])
    # a party organ first and named with the bare level (区宣传部、网信办): the list names them so
    party = "" if level == base and _core(first)[len(level) :] in _PARTY_ORGANS else "委"
    out = [first]
    for item in run[1:]:
        if (is_group(item) or _has_own_level(item) or _place_named(item) or (zone_list and _GENERIC_ZONE_RE.match(_core(item)))
                or (_unitname.parse(_core(item)).enterprise and not _unitname.parse(_core(first)).enterprise)):
            # a company after a department is printed as it is called (区住建局、燃气公司); after a company
            # of the level it shares the level (区科投集团、国控集团, the contract's example)
            out.append(item)
        elif _core(item) in _PARTY_ORGANS:
            out.append(base + party + item)  # 区委组织部、宣传部; 区发改局、组织部 is 区委组织部 too
        else:
            out.append(base + item)
    return out


# --- persons ----------------------------------------------------------------------------------


def clean_person(value: str) -> str:
    """A name without its padding (`陈  晓` → `陈晓`); role strings stay as printed, trimmed."""
    text = value.strip(_STRIP)
    compact = _SPACE_RE.sub("", text)
    core = _core(compact)  # 陈  晓（副区长）: the name before a bracket
    if _NAME_RE.match(core) or _MINORITY_NAME_RE.match(core):
        return compact
    return text


def split_names(value: str) -> list[str]:
    """The names or titles in one 责任领导 / 责任人 field, in order, without padding.

    White space between single characters is padding (`陈  晓`); between longer pieces it
    separates names (`杜新国 丁玲`).
    """
    out: list[str] = []
    seen: set[str] = set()
    for piece in _split_name_pieces(value):
        name = clean_person(piece)
        if name and name not in seen and name not in _NONE_WORDS:
            seen.add(name)
            out.append(name)
    return out


def _split_name_pieces(value: str) -> list[str]:
    pieces: list[str] = []
    for line in _split_outside(value, "\n\r、,，;；/／"):
        tokens = [t for t in _SPACE_RE.split(line.strip(_STRIP)) if t]
        if len(tokens) > 1 and sum(map(len, tokens)) <= 4 and min(map(len, tokens)) == 1:
            pieces.append("".join(tokens))  # 欧阳  峰: padding inside one short name
            continue
        merged: list[str] = []
        single: list[str] = []
        for tok in tokens:
            if len(tok) == 1:
                single.append(tok)
                continue
            if single:
                merged.append("".join(single))
                single = []
            merged.append(tok)
        if single:
            merged.append("".join(single))
        pieces.extend(merged)
    return pieces


def _split_outside(value: str, separators: str) -> list[str]:
    """Split at any of separators outside brackets (陈晓（区委常委、副区长） stays whole)."""
    inside = _protected(value)
    parts: list[str] = []
    buf: list[str] = []
    for ch, protected in zip(value, inside, strict=True):
        if ch in separators and not protected:
            parts.append("".join(buf))
            buf.clear()
        else:
            buf.append(ch)
    parts.append("".join(buf))
    return [p for p in parts if p.strip(_STRIP)]


def _is_role(compact: str) -> bool:
    return bool(_ROLE_END_RE.search(compact))


def looks_like_leader_title(value: str) -> bool:
    """A leader given by office (常务副区长, 区政府班子成员, 分管副县长), not by name or unit."""
    compact = _key(value).strip(_STRIP)
    if not compact or _looks_like_name(compact) or compact.endswith("负责人"):
        return False
    return bool(_LEADER_TITLE_RE.match(compact))


def _looks_like_name(compact: str) -> bool:
    """A personal name: surname + one or two characters (or a compound surname), not a unit."""
    if _MINORITY_NAME_RE.match(compact):
        return True
    if not _NAME_RE.match(compact) or compact in _SHORT_UNITS:
        return False
    if compact[:2] in _SURNAMES_2:
        return len(compact) in (3, 4)
    if compact[0] not in _SURNAMES_1:
        return False
    if len(compact) == 2:
        return compact[1] not in _UNIT_CHARS_STRONG
    if len(compact) == 4 and compact[1] not in _SURNAMES_1:
        return False  # four characters need two surnames (张王丽华); otherwise a unit word
    if _ROLE_END_RE.search(compact):
        return False
    return not (compact[-1] in _UNIT_CHARS_STRONG or compact.endswith(_LONG_UNIT_ENDINGS) or _PLACE_END_RE.search(compact))


_LONG_UNIT_ENDINGS = tuple(e for e in _COMPLETE_ENDINGS if len(e) > 1)


def looks_like_person(value: str) -> bool:
    """A 责任人 entry: a name (陈  晓, 李华海) or a role-holder (各乡镇人民政府负责人)."""
    compact = _key(value).strip(_STRIP)
    if not compact:
        return False
    core = _core(compact)  # 陈晓(区发改局局长): the name before the bracket
    return _looks_like_name(core) or _is_role(core)


def _is_unit_name(compact: str) -> bool:
    core = _core(compact)
    if core and core[0] in _OPEN and _is_qualifier(core):
        core = core[1:-1]
    return _is_complete(core) or core in _SHORT_UNITS


def looks_like_unit(value: str) -> bool:
    """A unit or group name (区发改局, 燃气公司, 团区委, 各乡镇人民政府, `(林业局)`), not a person."""
    compact = _key(value).strip(_STRIP)
    if len(compact) < 2 or len(compact) > 80 or "。" in compact or _NOT_A_UNIT_RE.match(compact):
        return False  # 市 / 全区 in prose (县(市、区)), or a sentence
    if _looks_like_name(compact) or _is_role(compact) or looks_like_leader_title(compact):
        return False
    return _is_unit_name(compact) or is_group(compact)


# Level words on their own are places in prose, not units: 市, 区, 全区, 本市, 县(市、区).
_NOT_A_UNIT_RE = re.compile(r"^[全本我该]?(?:[省市州盟区县旗镇乡村]|街道|乡镇|城区|市区|县市区)$")
