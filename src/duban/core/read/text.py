"""Plain text and delimited tables: UTF-8 (with or without BOM) or GB18030, detected."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

from duban.core.document import Document
from duban.core.errors import ReadError
from duban.core.read.limits import check_text
from duban.core.read.tables import GridCell, LineBuilder, clean_cell

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# encodings charset-normalizer may propose that can hold a Chinese plan
LEGACY_CJK = {"big5", "big5hkscs", "cp950", "hz", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be"}


def read_txt(data: bytes, name: str) -> Document:
    text, encoding = decode_text_with_encoding(data, name=name)
    check_text(text, name)
    delimiter = _table_delimiter(text, Path(name).suffix.lower())
    if delimiter is not None:
        doc = _read_delimited(text, delimiter, name)
    else:
        doc = Document.from_text(text, kind="txt", path=name)
    doc.encoding = encoding
    if encoding not in ("utf-8", "utf-8-sig", "gb18030"):
        doc.notes.append(f"按 {encoding} 编码读取")
    note_damage(doc, data, text, encoding)
    return doc


def note_damage(doc: Document, data: bytes, text: str, encoding: str) -> None:
    """Bytes that could not be decoded (shown as U+FFFD): a note naming the lines they are on,
    and a warning on each run of such lines, which the parser hands on with the plan."""
    try:
        damaged = text.count("\ufffd") - data.count("\ufffd".encode(encoding))
    except (LookupError, UnicodeEncodeError):  # an encoding with no U+FFFD (Big5) cannot hold one
        return
    if damaged <= 0:
        return
    nos = [line.no for line in doc.lines if "\ufffd" in line.text]
    shown = "、".join(map(str, nos[:20])) + (f" 等 {len(nos)}" if len(nos) > 20 else "")
    where = f"第 {shown} 行" if nos else "文件中"
    doc.notes.append(f"{where}有 {damaged} 处字节无法按 {encoding.upper()} 解码(文件可能有损坏),已用 � 代替,请核对原件")
    runs: list[list[int]] = []
    for no in nos:
        if runs and no == runs[-1][1] + 1:
            runs[-1][1] = no
        else:
            runs.append([no, no])
    for first, last in runs:
        at = f"第 {first} 行" if first == last else f"第 {first}–{last} 行"
        doc.warnings.append((first, last, f"{at}有无法按 {encoding.upper()} 解码的字节(文件可能有损坏),已用 � 代替,请核对原件"))


def _table_delimiter(text: str, suffix: str) -> str | None:
    """The delimiter when text is a table: .csv (comma), .tsv, or text where most lines have the
    same number of tabs (Excel's "Unicode text" export, a .txt of tab-separated cells)."""
    if suffix == ".csv":
        return ","
    if suffix == ".tsv":
        return "\t"
    lines = [ln for ln in text.splitlines()[:200] if ln.strip()]
    if len(lines) < 3:
        return None
    tabs = Counter(ln.count("\t") for ln in lines)
    count, freq = tabs.most_common(1)[0]
    return "\t" if count >= 2 and freq >= len(lines) * 0.6 else None


def _read_delimited(text: str, delimiter: str, name: str) -> Document:
    import csv

    out = LineBuilder(name)
    try:
        for record in csv.reader(io.StringIO(text), delimiter=delimiter):
            out.row([GridCell(clean_cell(v)) for v in record])
    except csv.Error as exc:  # an unbalanced quote swallows the rest of the file into one field
        raise ReadError(f"表格文本格式有误(第 {out.lines[-1].no + 1 if out.lines else 1} 行附近引号不成对)", path=name) from exc
    what = "逗号" if delimiter == "," else "制表符"
    return Document(lines=out.lines, kind="txt", path=name, notes=[f"按{what}分隔的表格读取"])


def decode_text(data: bytes, *, name: str = "<input>") -> str:
    """Decode bytes as UTF-8 (BOM or not) or GB18030; refuse binary and undecodable data."""
    return decode_text_with_encoding(data, name=name)[0]


def decode_text_with_encoding(data: bytes, *, name: str = "<input>") -> tuple[str, str]:
    """Decode text and say how: UTF-8 first, then GB18030 (a superset of GBK and GB2312), then
    only as a last resort another CJK-capable encoding that charset-normalizer is sure of."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked(_strict(data[3:], "utf-8", name), name), "utf-8-sig"
    for bom, enc in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return _checked(_strict(data, enc, name), name), enc
    if b"\x00" in data[:4096]:
        raise ReadError("这是二进制文件,不是文本文档", path=name)
    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "gb18030" and not _plausible_gb(text):
            big5 = _as_big5(data)
            if big5 is not None:
                return _checked(big5, name), "big5"
            damaged_utf8 = _mostly(data, "utf-8")  # UTF-8 with a bad byte can still decode as GB18030
            if damaged_utf8 is not None:
                return _checked(damaged_utf8, name), "utf-8"
        return _checked(text, name), enc
    for enc in ("utf-8", "gb18030"):
        mostly = _mostly(data, enc)
        if mostly is not None:
            return _checked(mostly, name), enc
    guess = _guess_encoding(data)
    if guess is not None:
        return _checked(guess[0], name), guess[1]
    raise ReadError("无法识别文件编码(不是 UTF-8、GB18030/GBK 等中文编码),请另存为 UTF-8 文本", path=name)


def _plausible_gb(text: str) -> bool:
    """Whether GB18030-decoded text looks like Chinese written in GB: nearly every non-ASCII
    character of a real plan is a GB2312 hanzi or full-width punctuation. GB18030 accepts almost
    any byte pairs, so Big5 (traditional) text also decodes, but into kana, Greek and rare
    extension characters — a fifth of them common at most."""
    sample = [ch for ch in text[:50_000] if ord(ch) > 127]
    if len(sample) < 20:
        return True
    common = 0
    for ch in sample:
        b = ch.encode("gb18030")
        if len(b) == 2 and (0xB0 <= b[0] <= 0xF7 or b[0] in (0xA1, 0xA3)) and b[1] >= 0xA1:
            common += 1
    return common >= 0.6 * len(sample)


def _as_big5(data: bytes) -> str | None:
    """Big5 text (Taiwan, Hong Kong, old traditional-Chinese files), decoded strictly; Microsoft's
    cp950 first (what Windows writes), then the HKSCS superset."""
    for enc in ("cp950", "big5hkscs"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if CJK.search(text):
            return text
    return None


def _mostly(data: bytes, encoding: str) -> str | None:
    """Text in `encoding` with a few damaged bytes (a download cut inside a character, a bad copy):
    decoded with U+FFFD for each, when the Chinese text around them is plentiful. A file in the
    other encoding yields almost no Chinese this way, so GB18030 is never read as damaged UTF-8."""
    text = data.decode(encoding, errors="replace")
    errors = text.count("\ufffd") - data.count("\ufffd".encode(encoding))
    # GB18030 read as UTF-8 fails on nearly every Chinese character; UTF-8 read as GB18030 yields
    # rare characters, not errors. So a few errors among plenty of Chinese mean damage.
    if 0 < errors and len(CJK.findall(text)) >= (10 if encoding == "utf-8" else 50) * errors:
        return text
    return None


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReadError(f"文件有 {encoding.upper()} 标记,但内容无法按 {encoding.upper()} 解码(文件可能已损坏)", path=name) from exc


def _guess_encoding(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding not in LEGACY_CJK:
        return None
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    if len(CJK.findall(text)) < max(1, len(text) // 10):
        return None
    return text, best.encoding


def _checked(text: str, name: str) -> str:
    """Normalise line ends; refuse text that is mostly control characters (a binary file)."""
    sample = text[:20_000]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\v\x1a")
    if sample and controls > max(8, len(sample) // 100):
        raise ReadError("这是二进制文件,不是文本文档", path=name)
    return text.replace("\r\n", "\n").replace("\r", "\n")
