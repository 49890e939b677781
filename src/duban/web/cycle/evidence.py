"""Evidence files: what they are is read from their content (magic bytes, then a structural
check), never taken from their name; they are kept under the data directory with generated names.

Accepted: photos (JPEG, PNG, GIF, WebP — opened with Pillow to prove they are images), PDF
(parsed), Word/Excel/PowerPoint (.docx .xlsx .pptx: a ZIP with the Office parts, no macros, no
program or undeclared part inside) and the old .doc/.xls/.wps/.et (OLE) files offices still send,
checked by their streams (no macros). Anything else, or a file whose content does not match
its extension (an .exe named .jpg), is refused with the reason in Chinese.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from django.conf import settings

from duban.core.errors import ReadError
from duban.core.read.structure import check_ooxml_parts, check_pdf, ole_kind
from duban.web.common.services import ServiceError

T = TypeVar("T")


@dataclass(frozen=True)
class Checked:
    content_type: str
    ext: str
    sha256: str


_IMAGE_EXT = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",), "GIF": (".gif",), "WEBP": (".webp",)}
_OFFICE = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}
_OLE = {".doc": "application/msword", ".xls": "application/vnd.ms-excel", ".wps": "application/msword",
        ".et": "application/vnd.ms-excel"}
ALLOWED_TEXT = "照片(jpg、png、gif、webp)、PDF、Word、Excel、PowerPoint 文件"


def _ext(name: str) -> str:
    return Path(name).suffix.lower()


def _magic(data: bytes) -> str:
    """The family the first bytes say the content is ("" when unknown)."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data.lstrip(b"\r\n\t ")[:5] == b"%PDF-":
        return "PDF"
    if data.startswith(b"PK\x03\x04"):
        return "ZIP"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "OLE"
    if data.startswith(b"MZ") or data.startswith(b"\x7fELF") or data[:4] in (b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe"):
        return "EXE"
    return ""


def check(data: bytes, name: str) -> Checked:
    """The type of an uploaded evidence file, or a ServiceError saying why it is refused."""
    limit = settings.DUBAN_MAX_EVIDENCE_BYTES
    if not data:
        raise ServiceError(f"文件“{name}”是空的", field="file")
    if len(data) > limit:
        raise ServiceError(f"文件“{name}”过大({len(data) // 1024} KB),单个佐证材料上限为 {limit // (1024 * 1024)} MB",
                           field="file")
    ext = _ext(name)
    family = _magic(data)
    digest = hashlib.sha256(data).hexdigest()
    if family == "EXE":
        raise ServiceError(f"文件“{name}”是可执行程序,不能作为佐证材料上传", field="file")
    if family in _IMAGE_EXT:
        if ext not in _IMAGE_EXT[family]:
            raise ServiceError(f"文件“{name}”的内容是 {family} 图片,与扩展名“{ext or '无'}”不符,请改正后再上传",
                               field="file")
        _verify_image(data, name)
        return Checked(f"image/{family.lower()}", _IMAGE_EXT[family][0], digest)
    if family == "PDF":
        if ext != ".pdf":
            raise ServiceError(f"文件“{name}”的内容是 PDF,与扩展名“{ext or '无'}”不符", field="file")
        _structure(check_pdf, data, name)  # parsed: a web page behind a %PDF- header is not a PDF
        return Checked("application/pdf", ".pdf", digest)
    if family == "ZIP":
        ctype, real = _office(data, name)
        if ext != real:
            raise ServiceError(f"文件“{name}”的内容是 {real} 文件,与扩展名“{ext or '无'}”不符", field="file")
        _structure(lambda d, n: check_ooxml_parts(d, n, "文件"), data, name)  # no program or foreign part inside
        return Checked(ctype, real, digest)
    if family == "OLE":
        if ext not in _OLE:
            raise ServiceError(f"文件“{name}”是旧版 Office 文件,扩展名应为 .doc 或 .xls", field="file")
        kind = _structure(ole_kind, data, name)  # by its streams, macros refused; not by 8 bytes
        if kind != ("doc" if ext in (".doc", ".wps") else "xls"):
            raise ServiceError(f"文件“{name}”的内容是{'Word' if kind == 'doc' else 'Excel'}文件,与扩展名“{ext}”不符", field="file")
        return Checked(_OLE[ext], ext, digest)
    raise ServiceError(f"文件“{name}”的类型无法识别或不允许上传;可上传{ALLOWED_TEXT}", field="file")


def _structure(check: Callable[[bytes, str], T], data: bytes, name: str) -> T:
    """A structure check of the core reader (duban.core.read.structure), its reason as ours."""
    try:
        return check(data, name)
    except ReadError as exc:
        raise ServiceError(f"文件“{name}”:{exc.reason}", field="file") from exc


def _verify_image(data: bytes, name: str) -> None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as img:
            img.verify()
    except Exception as exc:  # Pillow raises many kinds for a broken or hostile image
        raise ServiceError(f"图片“{name}”已损坏或不是有效的图片", field="file") from exc


def _office(data: bytes, name: str) -> tuple[str, str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
    except zipfile.BadZipFile as exc:
        raise ServiceError(f"文件“{name}”已损坏", field="file") from exc
    if "[Content_Types].xml" not in names:
        raise ServiceError(f"文件“{name}”是压缩包,不是 Office 文件;请上传{ALLOWED_TEXT}", field="file")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise ServiceError(f"文件“{name}”含有宏,不能上传;请另存为不含宏的文件", field="file")
    for prefix, kind in _OFFICE.items():
        if any(n.startswith(prefix) for n in names):
            return kind
    raise ServiceError(f"文件“{name}”不是可识别的 Office 文件", field="file")


def evidence_dir() -> Path:
    return Path(settings.DUBAN_EVIDENCE_DIR)


# A file is written as <name>.part, complete, before its row; it takes its own name once the row is
# committed (`keep`, on commit). So a `.part` file is an upload whose row was never saved (the
# request failed, or the process was killed between the write and the commit) unless a row names
# it (killed between the commit and the rename). `finish_pending` settles both at start-up.
PENDING = ".part"


def store(data: bytes, checked: Checked) -> str:
    """Write the bytes, complete, under a generated name (never the user's) marked pending, and
    return that name; `keep` makes it final once its row is committed."""
    stored = f"{uuid.uuid4().hex}{checked.ext}"
    folder = evidence_dir() / stored[:2]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / (stored + PENDING)).write_bytes(data)
    return stored


def keep(stored_name: str) -> None:
    """The file of a committed row takes its own name."""
    final = path_of(stored_name)
    pending = final.with_name(final.name + PENDING)
    if pending.exists():
        pending.replace(final)


def locate(stored_name: str) -> Path:
    """Where a stored file is now: its own name, or still pending (its row committed, the rename
    not yet done: a test's transaction that never commits, or a process killed in between)."""
    final = path_of(stored_name)
    pending = final.with_name(final.name + PENDING)
    return pending if not final.exists() and pending.exists() else final


def discard(stored_name: str) -> None:
    """Remove a file just stored whose record was not saved (the request failed after the write)."""
    try:
        final = path_of(stored_name)
        final.with_name(final.name + PENDING).unlink(missing_ok=True)
        final.unlink(missing_ok=True)
    except (ValueError, OSError):
        pass  # nothing to remove, or not ours to remove


def finish_pending(*, older_than: float = 3600.0) -> tuple[int, int]:
    """At start-up: pending files whose row exists take their name; those with no row, older than
    `older_than` seconds (no upload takes that long; a younger one may be another process's upload
    in flight), are removed. Returns (kept, removed). Evidence already kept is never touched."""
    import time

    from duban.web.cycle.models import Attachment

    root = evidence_dir()
    if not root.is_dir():
        return 0, 0
    cutoff = time.time() - older_than
    pending = {p.name[: -len(PENDING)]: p for p in root.glob(f"??/*{PENDING}")}
    names = list(pending)
    registered: set[str] = set()
    for start in range(0, len(names), 500):
        registered.update(Attachment.objects.filter(stored_name__in=names[start:start + 500])
                          .values_list("stored_name", flat=True))
    kept = removed = 0
    for name, path in pending.items():
        try:
            if name in registered:
                path.replace(path.with_name(name))
                kept += 1
            elif path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except OSError:
            continue  # gone meanwhile, or not ours to touch
    return kept, removed


def path_of(stored_name: str) -> Path:
    """Where a stored file is; the name is ours (hex + extension), checked again to be sure."""
    stem, dot, ext = stored_name.partition(".")
    if not (len(stem) == 32 and all(c in "0123456789abcdef" for c in stem) and dot and ext.isalnum()):
        raise ValueError("bad stored name")
    return evidence_dir() / stored_name[:2] / stored_name
