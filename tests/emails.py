"""Emails for the tests: RFC 822 messages as a mail client writes them, and Outlook .msg files built with
extract_msg's own OLE writer (the format Outlook saves: a compound file of MAPI property streams)."""

from __future__ import annotations

import datetime
import io
import struct
import uuid
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import format_datetime

from tests.files import pdf_bytes

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = pdf_bytes("Attached letter")
# A Windows program named as a PDF: the upload checks refuse it (its content is not a PDF).
PROGRAM_AS_PDF = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def eml(
    *,
    subject: str = "About my complaint",
    body: str = "The boiler is still broken.",
    sender: str = "Ann Resident <ann@resident.example>",
    sent_at: datetime.datetime | None = datetime.datetime(2026, 2, 27, 10, 30, tzinfo=datetime.UTC),
    message_id: str | None = "",
    html: str | None = None,
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> bytes:
    """An email as bytes. message_id "" makes a fresh one, None leaves the header out."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "complaints@landlord.example"
    message["Subject"] = subject
    if sent_at:
        message["Date"] = format_datetime(sent_at)
    if message_id is not None:
        message["Message-ID"] = message_id or f"<{uuid.uuid4().hex}@resident.example>"
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for name, content, content_type in attachments:
        maintype, subtype = content_type.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _property(tag: int, *, value: int = 0, size: int | None = None) -> bytes:
    # A fixed-length property holds its value; a variable-length one its size, the value being its own stream.
    readable_and_writable = 6
    if size is not None:
        return struct.pack("<IIII", tag, readable_and_writable, size, 0)
    return struct.pack("<IIQ", tag, readable_and_writable, value)


def _filetime(moment: datetime.datetime) -> int:
    return int((moment - datetime.datetime(1601, 1, 1, tzinfo=datetime.UTC)).total_seconds() * 10_000_000)


def outlook_msg(
    *,
    subject: str = "About my complaint",
    body: str = "The boiler is still broken.",
    sender: str = "ann@resident.example",
    sender_name: str = "Ann Resident",
    sent_at: datetime.datetime = datetime.datetime(2026, 2, 27, 10, 30, tzinfo=datetime.UTC),
    message_id: str = "<outlook-1@resident.example>",
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> bytes:
    """An Outlook .msg file (MS-OXMSG): the message's properties, and one storage per attachment."""
    from extract_msg.ole_writer import OleWriter

    writer = OleWriter()
    strings = {
        0x001A: "IPM.Note",  # the message class: an email
        0x0037: subject,
        0x1000: body,
        0x0C1A: sender_name,
        0x0C1F: sender,
        0x5D01: sender,
        0x0065: sender,
        0x1035: message_id,
    }
    properties = b""
    for property_id, text in strings.items():
        writer.addEntry(f"__substg1.0_{property_id:04X}001F", _utf16(text))
        properties += _property(property_id << 16 | 0x001F, size=len(_utf16(text)) + 2)
    for property_id in (0x0039, 0x0E06):  # submitted and delivered
        properties += _property(property_id << 16 | 0x0040, value=_filetime(sent_at))
    properties += _property(0x0E07 << 16 | 0x0003, value=1)  # message flags: read, sent
    count = len(attachments)
    header = struct.pack("<8sIIII8s", b"\x00" * 8, 0, count, 0, count, b"\x00" * 8)
    writer.addEntry("__properties_version1.0", header + properties)
    writer.addEntry("__nameid_version1.0", storage=True)
    for stream in ("00020102", "00030102", "00040102"):
        writer.addEntry(f"__nameid_version1.0/__substg1.0_{stream}", b"")
    for number, (name, content, content_type) in enumerate(attachments):
        folder = f"__attach_version1.0_#{number:08X}"
        writer.addEntry(folder, storage=True)
        attachment_properties = _property(0x3705 << 16 | 0x0003, value=1)  # attached by value
        for property_id, data, kind in [
            (0x3707, _utf16(name), 0x001F),
            (0x370E, _utf16(content_type), 0x001F),
            (0x3701, content, 0x0102),
        ]:
            writer.addEntry(f"{folder}/__substg1.0_{property_id:04X}{kind:04X}", data)
            attachment_properties += _property(property_id << 16 | kind, size=len(data) + (2 if kind == 0x001F else 0))
        writer.addEntry(f"{folder}/__properties_version1.0", b"\x00" * 8 + attachment_properties)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
