"""An email as the parts a case needs: who sent it, when, its subject, its text and its attachments. Reads RFC 822
messages (`.eml`, and what an IMAP server hands over) and Outlook's `.msg` files; knows nothing about cases.

The text is always plain: an HTML-only email is turned into text here, so nothing a sender wrote is ever shown as
HTML. Nothing is checked here beyond what parsing needs: attachments go through `core.uploads.upload_check` like
any other file before they are stored."""

from __future__ import annotations

import datetime
import email
import email.errors
import email.policy
import email.utils
import hashlib
import io
import mimetypes
import re
from dataclasses import dataclass
from email.message import EmailMessage, MIMEPart
from html.parser import HTMLParser
from pathlib import PurePath
from typing import Any

from core.errors import WorkflowError

# RFC 5322 lines are at most 998 characters; a Message-ID longer than that is not one we can trust to be whole.
MESSAGE_ID_MAX = 998


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    content_type: str


@dataclass(frozen=True)
class ParsedEmail:
    # The Message-ID, or for a message without one a digest of its bytes: the same message read twice gives the
    # same id, so it is recorded once.
    message_id: str
    sender: str  # the address, lower case; empty if there was none
    sender_name: str
    sent_at: datetime.datetime | None  # the Date header, timezone-aware; None if missing or unreadable
    subject: str
    body: str
    attachments: tuple[Attachment, ...]


def parse_email(data: bytes, *, outlook: bool = False) -> ParsedEmail:
    """An RFC 822 message, or with `outlook` an Outlook .msg file. Raises WorkflowError (field "file") for a file
    that cannot be read as an email at all."""
    return _parse_msg(data) if outlook else _parse_eml(data)


def _parse_eml(data: bytes) -> ParsedEmail:
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not message.keys():
        raise WorkflowError("This file is not an email: it has no headers.", field="file")
    sender_name, sender = email.utils.parseaddr(_header(message, "From"))
    return ParsedEmail(
        message_id=_message_id(_header(message, "Message-ID"), data),
        sender=sender.strip().lower(),
        sender_name=sender_name.strip(),
        sent_at=_date(_header(message, "Date")),
        subject=_one_line(_header(message, "Subject")),
        body=_body(message),
        attachments=tuple(_attachments(message)),
    )


def _header(message: EmailMessage, name: str) -> str:
    # The default policy decodes encoded words; a header too broken for it is read as it stands.
    try:
        return str(message.get(name, ""))
    except (email.errors.HeaderParseError, IndexError, ValueError, TypeError):
        return next((str(value) for key, value in message.raw_items() if key.lower() == name.lower()), "")


def _message_id(value: str, data: bytes) -> str:
    value = value.strip()
    if value and len(value) <= MESSAGE_ID_MAX:
        return value
    return f"sha256:{hashlib.sha256(data).hexdigest()}"


def _date(value: str) -> datetime.datetime | None:
    if not value.strip():
        return None
    try:
        sent_at = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    # "-0000" means the sender did not know its zone: read as UTC (RFC 5322 3.3).
    return sent_at if sent_at.tzinfo else sent_at.replace(tzinfo=datetime.UTC)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = _text_content(part)
    return html_to_text(text) if part.get_content_subtype() == "html" else _tidy(text)


def _text_content(part: MIMEPart) -> str:
    try:
        return str(part.get_content())
    except (LookupError, UnicodeError, AssertionError):
        # An unknown or wrong charset: the bytes as UTF-8, with what does not decode replaced.
        payload = part.get_payload(decode=True)
        return payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""


def _attachments(message: EmailMessage) -> list[Attachment]:
    found = []
    for number, part in enumerate(message.iter_attachments(), start=1):
        content_type = part.get_content_type()
        if content_type == "message/rfc822":
            inner = part.get_payload(0)
            content = inner.as_bytes() if hasattr(inner, "as_bytes") else b""
        else:
            content = part.get_payload(decode=True) or b""
        found.append(Attachment(_filename(part.get_filename(), number, content_type), content, content_type))
    return found


def _filename(name: str | None, number: int, content_type: str) -> str:
    # Only the last part of the name, without control characters: it is shown to staff, never used to store the
    # file (core.uploads).
    cleaned = re.sub(r"[\x00-\x1f\x7f]", "", PurePath((name or "").replace("\\", "/")).name).strip()
    if cleaned:
        return cleaned[:200]
    extension = ".eml" if content_type == "message/rfc822" else mimetypes.guess_extension(content_type) or ""
    return f"attachment-{number}{extension}"


def _parse_msg(data: bytes) -> ParsedEmail:
    # Imported here: extract_msg takes most of a second to import, and only .msg uploads need it.
    import extract_msg

    try:
        message = extract_msg.openMsg(io.BytesIO(data))
        try:
            return _from_outlook(message, data)
        finally:
            message.close()
    except Exception as error:  # extract_msg and olefile raise many kinds of error for a damaged file
        raise WorkflowError("This Outlook email could not be read. Save it again from Outlook.", field="file") from (
            error
        )


def _from_outlook(message: Any, data: bytes) -> ParsedEmail:
    sender_name, sender = email.utils.parseaddr(message.sender or "")
    sent_at = message.date or message.receivedTime
    body = message.body or ""
    if not body.strip() and message.htmlBody:
        body = html_to_text(message.htmlBody.decode("utf-8", errors="replace"))
    return ParsedEmail(
        message_id=_message_id(message.messageId or "", data),
        sender=sender.strip().lower(),
        sender_name=sender_name.strip(),
        sent_at=sent_at if sent_at is None or sent_at.tzinfo else sent_at.replace(tzinfo=datetime.UTC),
        subject=_one_line(message.subject or ""),
        body=_tidy(body),
        attachments=tuple(_msg_attachments(message)),
    )


def _msg_attachments(message: Any) -> list[Attachment]:
    found = []
    for number, attachment in enumerate(message.attachments, start=1):
        content = attachment.data
        if not isinstance(content, bytes):
            # An email attached to the email: kept as an Outlook file of its own.
            content = content.exportBytes() if hasattr(content, "exportBytes") else b""
            name = attachment.longFilename or attachment.shortFilename or f"attachment-{number}.msg"
            found.append(Attachment(_filename(name, number, ""), content, "application/vnd.ms-outlook"))
            continue
        content_type = attachment.mimetype or "application/octet-stream"
        name = attachment.longFilename or attachment.shortFilename
        found.append(Attachment(_filename(name, number, content_type), content, content_type))
    return found


class _TextOfHTML(HTMLParser):
    """The words of an HTML email, with paragraphs and line breaks kept; scripts, styles and markup dropped."""

    BREAKS = frozenset({"br", "p", "div", "ul", "ol", "li", "tr", "table", "blockquote", "pre", "hr", "h1", "h2", "h3"})
    UNSEEN = frozenset({"script", "style", "head", "title", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.UNSEEN:
            self.hidden += 1
        elif tag in self.BREAKS:
            self.parts.append("\n- " if tag == "li" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.UNSEEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BREAKS and tag not in {"br", "li"}:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    parser = _TextOfHTML()
    parser.feed(html)
    parser.close()
    return _tidy("\n".join(line.strip() for line in "".join(parser.parts).split("\n")))


def _tidy(text: str) -> str:
    """Line ends made plain, trailing spaces and runs of blank lines dropped."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
