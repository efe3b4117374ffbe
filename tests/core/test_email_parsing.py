"""core.email_parsing: what the case needs from an email, from RFC 822 and from Outlook's .msg."""

from __future__ import annotations

import datetime

import pytest

from core.email_parsing import html_to_text, parse_email
from core.errors import WorkflowError
from tests.emails import PDF, PNG, eml, outlook_msg


def test_it_reads_the_sender_date_subject_text_and_attachments_of_an_email():
    parsed = parse_email(
        eml(
            subject="=?utf-8?q?Re=3A_CMP-000001_damp_=E2=80=93_still?=",
            sender="Ann Resident <ANN@Resident.example>",
            message_id="<m1@resident.example>",
            attachments=[("photo.png", PNG, "image/png"), ("../../letter.pdf", PDF, "application/pdf")],
        )
    )

    assert parsed.message_id == "<m1@resident.example>"
    assert (parsed.sender, parsed.sender_name) == ("ann@resident.example", "Ann Resident")
    assert parsed.sent_at == datetime.datetime(2026, 2, 27, 10, 30, tzinfo=datetime.UTC)
    assert parsed.subject == "Re: CMP-000001 damp \u2013 still"
    assert parsed.body == "The boiler is still broken."
    assert [(a.filename, a.content, a.content_type) for a in parsed.attachments] == [
        ("photo.png", PNG, "image/png"),
        ("letter.pdf", PDF, "application/pdf"),  # only the last part of a name with a path in it
    ]


def test_an_email_in_html_only_becomes_plain_text_without_its_script_or_style():
    html = (
        "<html><head><style>p {color: red}</style><title>x</title></head><body><p>The <b>damp</b> is back.</p>"
        "<script>alert(document.cookie)</script><ul><li>Bedroom</li><li>Bathroom</li></ul>"
        "<p>&lt;not a tag&gt; &amp; more</p></body></html>"
    )
    message = eml(body="", html=html).replace(b"Content-Type: text/plain", b"Content-Type: text/x-ignored")

    body = parse_email(message).body

    assert body == "The damp is back.\n\n- Bedroom\n- Bathroom\n\n<not a tag> & more"
    assert "alert" not in body and "color" not in body


def test_the_plain_text_part_is_preferred_to_the_html_one():
    parsed = parse_email(eml(body="Plain words", html="<p>HTML words</p>"))
    assert parsed.body == "Plain words"


def test_a_message_without_a_message_id_gets_the_same_digest_id_each_time_it_is_read():
    message = eml(message_id=None)
    first, second = parse_email(message), parse_email(message)
    assert first.message_id.startswith("sha256:") and first.message_id == second.message_id
    assert parse_email(eml(message_id=None, body="Other words")).message_id != first.message_id


def test_a_missing_or_unreadable_date_is_none_and_a_date_without_a_zone_is_utc():
    assert parse_email(eml(sent_at=None)).sent_at is None
    broken = eml().replace(b"Date: Fri, 27 Feb 2026 10:30:00 +0000", b"Date: the day after yesterday")
    assert parse_email(broken).sent_at is None
    unknown_zone = eml().replace(b"+0000", b"-0000")
    assert parse_email(unknown_zone).sent_at == datetime.datetime(2026, 2, 27, 10, 30, tzinfo=datetime.UTC)


def test_an_unknown_charset_is_read_as_utf8_rather_than_failing():
    message = eml(body="Café").replace(b'charset="utf-8"', b'charset="x-no-such-charset"')
    assert "Caf" in parse_email(message).body


def test_it_reads_an_outlook_msg_file():
    parsed = parse_email(
        outlook_msg(
            subject="Re: CMP-000001",
            body="Still waiting.",
            sender="Ann@Resident.example",
            message_id="<outlook-7@resident.example>",
            attachments=[("photo.png", PNG, "image/png")],
        ),
        outlook=True,
    )

    assert parsed.message_id == "<outlook-7@resident.example>"
    assert (parsed.sender, parsed.sender_name) == ("ann@resident.example", "Ann Resident")
    assert parsed.sent_at == datetime.datetime(2026, 2, 27, 10, 30, tzinfo=datetime.UTC)
    assert (parsed.subject, parsed.body) == ("Re: CMP-000001", "Still waiting.")
    assert [(a.filename, a.content, a.content_type) for a in parsed.attachments] == [("photo.png", PNG, "image/png")]


def test_a_file_that_is_not_an_outlook_email_is_refused_with_a_reason():
    with pytest.raises(WorkflowError) as refused:
        parse_email(b"this is not an OLE file at all", outlook=True)
    assert refused.value.field == "file" and "could not be read" in refused.value.message


def test_html_to_text_keeps_paragraphs_apart():
    assert html_to_text("<p>One</p><p>Two<br>Three</p>") == "One\n\nTwo\nThree"
