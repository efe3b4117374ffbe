"""The case page's "Upload a document", as the inbound app makes it: an email saved as a file (.eml, .msg) becomes
the correspondence it is, with its attachments, and any other file is stored as a document."""

from __future__ import annotations

from dataclasses import replace

from complaints.case_actions import case_action, register_case_action
from inbound.services import case_document_add

upload = case_action("document")
assert upload is not None  # declared by the case domain, which is loaded first
register_case_action(replace(upload, service=case_document_add), replacing=True)
