"""The one check every uploaded file passes before it is stored (case documents, the public form's attachments,
self-assessment policies and evidence, imports). A file is what its content says, not what its name or the
browser claims: `puremagic` reads the content, and the name's extension must be one we accept *and* agree with it.
Office files are zip archives: their declared and real unpacked sizes are checked, so a small upload cannot
unpack to gigabytes (a zip bomb) in whatever later opens it. Macros are found by what a file holds, not by the names
a macro part usually has: OOXML by its declared content types and parts, OLE files (Word 97, Outlook) by their VBA
storages (olefile); PDFs are parsed (pypdf), not sniffed; text files may hold no markup at all.

The stored name is never the uploaded one (see each model's upload_to), and downloads are always attachments."""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import olefile
import puremagic
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from core.errors import WorkflowError


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    label: str
    # Extensions puremagic may report for this content; empty for plain text, which has no signature.
    signatures: frozenset[str] = frozenset()
    # For zip-based formats, a member the archive must hold.
    zip_member: str = ""


_OFFICE = "application/vnd.openxmlformats-officedocument"
TYPES = {
    t.extension: t
    for t in [
        FileType(".pdf", "application/pdf", "PDF", frozenset({".pdf"})),
        FileType(".doc", "application/msword", "Word document", frozenset({".doc"})),
        FileType(".docx", f"{_OFFICE}.wordprocessingml.document", "Word document", zip_member="word/document.xml"),
        FileType(".odt", "application/vnd.oasis.opendocument.text", "OpenDocument text", zip_member="content.xml"),
        FileType(".rtf", "application/rtf", "rich text document", frozenset({".rtf"})),
        FileType(".xlsx", f"{_OFFICE}.spreadsheetml.sheet", "Excel workbook", zip_member="xl/workbook.xml"),
        FileType(".txt", "text/plain", "text file"),
        FileType(".csv", "text/csv", "CSV file"),
        FileType(".eml", "message/rfc822", "email"),
        FileType(".msg", "application/vnd.ms-outlook", "Outlook email", frozenset({".msg", ".doc"})),
        FileType(".jpg", "image/jpeg", "JPEG photo", frozenset({".jpg", ".jpeg"})),
        FileType(".jpeg", "image/jpeg", "JPEG photo", frozenset({".jpg", ".jpeg"})),
        FileType(".png", "image/png", "PNG image", frozenset({".png"})),
        FileType(".heic", "image/heic", "HEIC photo", frozenset({".heic", ".heif"})),
        FileType(".mp3", "audio/mpeg", "MP3 recording", frozenset({".mp3"})),
        FileType(".m4a", "audio/mp4", "M4A recording", frozenset({".m4a", ".mp4"})),
        FileType(".wav", "audio/wav", "WAV recording", frozenset({".wav"})),
    ]
}
DOCUMENT_TYPES = frozenset(TYPES)
EVIDENCE_TYPES = frozenset({".pdf", ".doc", ".docx", ".odt", ".rtf", ".txt", ".xlsx", ".csv", ".jpg", ".jpeg", ".png"})
IMPORT_TYPES = frozenset({".csv", ".xlsx"})

# Markup of any kind (a tag, a comment, a processing instruction) or a script address: a plain text file has no
# reason to hold them, and a browser or spreadsheet that ever rendered one could run them. A browser reads "<" as
# a tag only when a letter, "/", "!" or "?" follows at once, so "a < b" and "<5%" stay text.
_MARKUP = re.compile(rb"<(?:[a-z][a-z0-9-]*(?:[\s/>]|$)|/[a-z]|!|\?)|(?:java|vb)script\s*:", re.IGNORECASE)
# What marks macros or ActiveX controls in an OOXML package's [Content_Types].xml or part names.
_OOXML_ACTIVE = re.compile(rb"vbaproject|macroenabled|activex|vbadata|ms-office\.vba", re.IGNORECASE)
# OLE storages that hold a VBA project: Word's Macros, Excel's _VBA_PROJECT_CUR, and the VBA storage inside both.
_OLE_VBA_STORAGES = frozenset({"macros", "_vba_project_cur", "vba", "_vba_project"})
_EMAIL_HEADER = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]")


@dataclass(frozen=True)
class CheckedUpload:
    file_type: FileType
    sha256: str
    size: int

    @property
    def content_type(self) -> str:
        return self.file_type.content_type


def _refuse(message: str) -> WorkflowError:
    return WorkflowError(message, field="file")


def _megabytes(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"


def upload_check(upload: UploadedFile, *, allowed: frozenset[str] = DOCUMENT_TYPES) -> CheckedUpload:
    """The file's type decided from its content, its SHA-256 and size; raises WorkflowError (field "file") saying
    what is wrong and what to do instead."""
    kinds = ", ".join(sorted({TYPES[extension].label for extension in allowed}))
    # Django counts every uploaded file's size as it receives it; only a File made from a bare stream has none.
    assert upload.size is not None
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise _refuse(f"The file is larger than {_megabytes(settings.UPLOAD_MAX_BYTES)}. Send a smaller file.")
    if not upload.size:
        raise _refuse("The file is empty. Choose the file again.")
    # Only the last part of the name counts: "../../etc/passwd.txt" is just "passwd.txt", and the name is never
    # used to store the file.
    extension = PurePath((upload.name or "").replace("\\", "/")).suffix.lower()
    file_type = TYPES.get(extension) if extension in allowed else None
    if file_type is None:
        raise _refuse(f"Files of this type cannot be added. Use one of these: {kinds}.")
    upload.seek(0)
    head = upload.read(64 * 1024)
    upload.seek(0)
    if file_type.zip_member:
        _check_archive(upload, file_type)
    elif file_type.signatures:
        found = _signatures(upload)
        if not found & file_type.signatures:
            raise _refuse(
                f"This file is named as a {file_type.label} but its content is not one. Save it as a real "
                f"{file_type.label}, or use one of these: {kinds}."
            )
        if file_type.extension == ".pdf":
            _check_pdf(upload)
        elif ".doc" in file_type.signatures:
            _check_ole(upload, file_type)
    else:
        _check_text(upload, head, file_type)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(file_type=file_type, sha256=digest.hexdigest(), size=upload.size)


def _signatures(upload: UploadedFile) -> set[str]:
    upload.seek(0)
    try:
        matches = puremagic.magic_stream(upload)
    except puremagic.PureError:
        matches = []
    finally:
        upload.seek(0)
    return {match.extension.lower() for match in matches}


def _check_text(upload: UploadedFile, head: bytes, file_type: FileType) -> None:
    content = upload.read()
    upload.seek(0)
    if b"\x00" in content:
        raise _refuse(f"This file is named as a {file_type.label} but its content is not text.")
    try:
        content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            content.decode("cp1252")
        except UnicodeDecodeError:
            raise _refuse(f"This file is named as a {file_type.label} but its content is not text.") from None
    if file_type.extension == ".eml":
        # An email may carry an HTML part; it is only ever downloaded, never shown, so only its shape is checked.
        if not _EMAIL_HEADER.match(head.lstrip()):
            raise _refuse("This file is named as an email but does not start with an email's headers.")
        return
    if _MARKUP.search(content):
        raise _refuse(
            f"This file is named as a {file_type.label} but contains web page or image code (HTML, SVG or script). "
            "Send it as a PDF instead."
        )


def _check_archive(upload: UploadedFile, file_type: FileType) -> None:
    """Office files are zip archives: a corrupt one, one holding macros, or one that unpacks to far more than it
    weighs (a zip bomb) is refused before anything opens it."""
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        upload.seek(0)
        raise _refuse(f"This file is named as a {file_type.label} but its content is not one.") from None
    try:
        names = {member.filename for member in members}
        if file_type.zip_member not in names:
            raise _refuse(f"This file is named as a {file_type.label} but its content is not one.")
        if _has_active_content(archive, names):
            raise _refuse(f"This {file_type.label} contains macros. Save it without macros and send it again.")
        limit = settings.UPLOAD_MAX_UNPACKED_BYTES
        ratio = settings.UPLOAD_MAX_COMPRESSION_RATIO
        declared = sum(member.file_size for member in members)
        packed = sum(member.compress_size for member in members)
        too_big = _refuse(
            f"This {file_type.label} unpacks to more than {_megabytes(limit)}, so it cannot be added. "
            "Send a smaller file or a PDF."
        )
        if len(members) > settings.UPLOAD_MAX_ARCHIVE_MEMBERS or declared > limit or declared > ratio * max(packed, 1):
            raise too_big
        # The sizes an archive declares can lie: unpack it, counting, and stop at the limit.
        unpacked = 0
        for member in members:
            with archive.open(member) as stream:
                unpacked += _drain(stream, limit - unpacked)
                if unpacked > limit:
                    raise too_big
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise _refuse(f"This {file_type.label} is damaged or encrypted and cannot be added.") from None
    finally:
        upload.seek(0)


def _has_active_content(archive: zipfile.ZipFile, names: set[str]) -> bool:
    """Macros or ActiveX in an Office archive, whatever the parts are called: Office runs a part because
    [Content_Types].xml declares its type (ODF keeps its macros under Basic/ or Scripts/)."""
    if any(_OOXML_ACTIVE.search(name.encode()) or name.startswith(("Basic/", "Scripts/")) for name in names):
        return True
    if "[Content_Types].xml" in names:
        with archive.open("[Content_Types].xml") as stream:
            # The content types declaration is small; reading a bounded amount keeps a hostile one from costing more.
            return bool(_OOXML_ACTIVE.search(stream.read(settings.UPLOAD_MAX_UNPACKED_BYTES)))
    return False


def _check_ole(upload: UploadedFile, file_type: FileType) -> None:
    """A Word 97 document or Outlook message is an OLE compound file: refused if it is not one, or if any storage in
    it holds a VBA project (macros in the document itself or in a document attached to the message)."""
    upload.seek(0)
    try:
        if not olefile.isOleFile(upload):
            raise _refuse(f"This file is named as a {file_type.label} but its content is not one.")
        upload.seek(0)
        with olefile.OleFileIO(upload) as ole:
            paths = ole.listdir(streams=True, storages=True)
    except (OSError, ValueError, EOFError, IndexError):
        raise _refuse(f"This {file_type.label} is damaged and cannot be added.") from None
    finally:
        upload.seek(0)
    if any(part.lower() in _OLE_VBA_STORAGES for path in paths for part in path):
        raise _refuse(f"This {file_type.label} contains macros. Save it without macros and send it again.")


def _check_pdf(upload: UploadedFile) -> None:
    """A PDF is accepted only if it parses as one with at least one page: a PDF header followed by anything else
    (a web page, a program) is not a PDF."""
    upload.seek(0)
    try:
        pages = len(PdfReader(upload, strict=False).pages)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        pages = 0
    finally:
        upload.seek(0)
    if not pages:
        raise _refuse(
            "This file is named as a PDF but its content is not one, or it is damaged. Save it as a PDF again."
        )


def _drain(stream: IO[bytes], allowance: int) -> int:
    total = 0
    while chunk := stream.read(1024 * 1024):
        total += len(chunk)
        if total > allowance:
            break
    return total


class StoredFileAlteredError(Exception):
    """The stored file is not the one recorded: it was changed outside the system."""


def stored_file_read(file: FieldFile, sha256: str, *, what: str) -> bytes:
    """A stored file's content, checked against the digest recorded when it was stored."""
    with file.open("rb") as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != sha256:
        raise StoredFileAlteredError(f"The stored file of {what} does not match the one recorded when it was added.")
    return content


def download_as(content_type: str, name: str) -> tuple[str, str]:
    """The type and file name a stored file is sent with, always as an attachment: the type it was accepted as and
    `name` with that type's extension; anything else (older rows kept the browser's claim) as plain bytes with no
    extension, so neither the type nor the name can get a browser to run it."""
    for file_type in TYPES.values():
        if file_type.content_type == content_type:
            return content_type, f"{name}{file_type.extension}"
    return "application/octet-stream", name
