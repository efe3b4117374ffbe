"""The search box's selector (complaints.search), called directly: what it finds, in what order, for whom."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaints.models import Channel, Complaint
from complaints.search import SearchTextError, complaint_search
from complaints.services import record
from tests.conftest import POINTS
from tests.factories import HomeFactory, ResidentFactory
from tests.oversight import answered_complaint, senior_lead

__all__ = ["senior_lead"]

DAY = datetime.date(2026, 2, 2)


@pytest.fixture
def grace(db):
    home = HomeFactory(address="Flat 3\n12 Weaver Court\nLeeds", postcode="LS1 4AB")
    return ResidentFactory(name="Grace Okafor", email="grace.okafor@resident.example", phone="0113 496 0000", home=home)


@pytest.fixture
def others(db):
    """Residents the searches must not find."""
    names = [("Peter Walsh", "4 Mill Lane\nYork", "YO1 7HH"), ("Amira Khan", "9 Station Road\nBristol", "BS1 5TR")]
    return [
        ResidentFactory(
            name=name,
            email=f"{name.split()[0].lower()}@resident.example",
            home=HomeFactory(address=address, postcode=postcode),
        )
        for name, address, postcode in names
    ]


@pytest.fixture
def graces_complaint(log_complaint, grace):
    return log_complaint(resident=grace, summary="Damp and black mould in the back bedroom since the autumn.")


@pytest.fixture
def other_complaints(log_complaint, others):
    return [log_complaint(resident=resident, summary="The lift has been broken for a month.") for resident in others]


def found(actor, text, **kwargs):
    return [complaint.reference for complaint in complaint_search(actor=actor, text=text, **kwargs).complaints]


@pytest.mark.parametrize("written", ["{ref}", "{lower}", "{digits}", "{number}", " cmp {number} "])
def test_it_finds_a_complaint_by_its_reference_however_written(officer, graces_complaint, other_complaints, written):
    reference = graces_complaint.reference
    digits = reference.removeprefix("CMP-")
    text = written.format(ref=reference, lower=reference.lower(), digits=digits, number=int(digits))
    assert found(officer, text) == [reference]


@pytest.mark.parametrize("text", ["Grace Okafor", "okafor grace", "Okafro", "grace okafor"])
def test_it_finds_a_resident_by_name_in_any_order_and_with_a_small_typo(
    officer, graces_complaint, other_complaints, text
):
    assert found(officer, text) == [graces_complaint.reference]


def test_it_says_why_each_complaint_matched(officer, graces_complaint, other_complaints):
    results = complaint_search(actor=officer, text="okafor grace")
    assert results.matched == {graces_complaint.pk: ["Resident's name"]}


@pytest.mark.parametrize("text", ["Weaver Court", "weaver ct leeds"[:12], "LS1 4AB", "ls14ab", "LS1"])
def test_it_finds_a_home_by_its_address_or_postcode(officer, graces_complaint, other_complaints, text):
    assert found(officer, text) == [graces_complaint.reference]


def test_it_finds_a_representative_by_name_email_and_phone_in_international_form(
    officer, log_complaint, grace, other_complaints
):
    representative = record.representative_add(
        actor=officer,
        resident=grace,
        name="Tomasz Nowak",
        relationship="Son",
        authority="signed_mandate",
        authority_given_on=DAY,
        email="T.Nowak@Example.org",
        phone="07700 900456",
    )
    complaint = log_complaint(resident=grace, representative=representative)
    for text in ["nowak tomasz", "t.nowak@example.org", "+44 7700 900456", "+44 (0)7700-900456", "07700900456"]:
        assert found(officer, text) == [complaint.reference], text
    assert complaint_search(actor=officer, text="+44 7700 900456").matched[complaint.pk] == [
        "Representative's phone number"
    ]


def test_it_finds_the_residents_own_email_and_phone(officer, graces_complaint, other_complaints):
    assert found(officer, "GRACE.OKAFOR@resident.example") == [graces_complaint.reference]
    assert found(officer, "+441134960000") == [graces_complaint.reference]


def test_it_finds_words_in_the_summary_whatever_their_form(officer, graces_complaint, other_complaints):
    assert found(officer, "bedrooms with moulds") == [graces_complaint.reference]
    assert complaint_search(actor=officer, text="mould").matched == {graces_complaint.pk: ["Words in the summary"]}


def test_it_finds_words_in_correspondence_and_the_complaint_definition(officer, graces_complaint, other_complaints):
    record.correspondence_record(
        actor=officer,
        complaint=other_complaints[0],
        direction="in",
        party="resident",
        channel=Channel.objects.get(code="email"),
        occurred_on=DAY,
        subject="Still waiting",
        body="The contractor left scaffolding against the garden wall.",
    )
    from complaints.services import workflow

    workflow.complaint_acknowledge(actor=officer, complaint=graces_complaint, acknowledged_on=DAY, points=POINTS)
    assert found(officer, '"scaffolding against the garden"') == [other_complaints[0].reference]
    assert found(officer, "boiler repaired") == [graces_complaint.reference]
    assert complaint_search(actor=officer, text="scaffolding").matched == {
        other_complaints[0].pk: ["Words in the correspondence"]
    }


def test_it_ranks_the_reference_first_then_names_and_addresses_then_words(officer, log_complaint, others):
    by_words = log_complaint(resident=others[0], summary="My neighbour Jordan Bailey plays music all night.")
    by_address = log_complaint(
        resident=ResidentFactory(name="Ann Lee", home=HomeFactory(address="2 Jordan Bailey Close", postcode="M1 1AA"))
    )
    by_name = log_complaint(resident=ResidentFactory(name="Jordan Bailey"))
    assert found(officer, "Jordan Bailey") == [by_name.reference, by_address.reference, by_words.reference]
    number = int(by_words.reference.removeprefix("CMP-"))
    by_reference = found(officer, str(number))
    assert by_reference[0] == by_words.reference


def test_staff_who_are_not_case_workers_find_only_the_complaints_they_logged(
    officer, staff_member, log_complaint, grace
):
    theirs = log_complaint(resident=grace, actor=staff_member)
    log_complaint(resident=grace)
    assert found(staff_member, "Grace Okafor") == [theirs.reference]
    assert found(staff_member, "boiler") == [theirs.reference]
    assert len(found(officer, "Grace Okafor")) == 2


def test_the_board_may_not_search(board_member, graces_complaint):
    with pytest.raises(PermissionDenied):
        complaint_search(actor=board_member, text="Grace Okafor")


def test_special_category_data_is_never_matched(manager, graces_complaint, grace):
    record.disclosure_record(
        actor=manager, resident=grace, kind="disability", description="Uses a wheelchair", disclosed_on=DAY
    )
    record.adjustment_agree(
        actor=manager,
        resident=grace,
        need="other",
        adjustment="Calls only through a signing interpreter",
        agreed_on=DAY,
        review_due=DAY + datetime.timedelta(days=90),
    )
    record.restriction_impose(
        actor=manager,
        resident=grace,
        reason="Abusive telephone calls",
        evidence="Call recordings",
        scope="Written contact only",
        equality_considerations="Considered",
        starts_on=DAY,
        review_due=DAY + datetime.timedelta(days=90),
    )
    for text in ["wheelchair", "signing interpreter", "abusive telephone", "recordings"]:
        assert found(manager, text) == [], text


def test_a_search_within_a_queue_keeps_the_queues_conditions(officer, graces_complaint, log_complaint, grace):
    log_complaint(resident=grace, received_on=DAY - datetime.timedelta(days=3))
    within = Complaint.objects.filter(received_on=DAY)
    assert found(officer, "Grace Okafor", within=within) == [graces_complaint.reference]


@pytest.mark.parametrize("text", ["", "  ", "ab", "x" * 201, "1" * 201])
def test_too_short_or_too_long_a_text_is_explained(officer, text):
    with pytest.raises(SearchTextError, match="characters"):
        complaint_search(actor=officer, text=text)


def test_the_number_of_queries_does_not_grow_with_the_results(officer, log_complaint, grace):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            list(complaint_search(actor=officer, text="Grace Okafor").complaints)
        return len(captured)

    log_complaint(resident=grace)
    one = queries()
    for _ in range(5):
        log_complaint(resident=grace)
    assert queries() == one


def test_another_app_adds_its_text_with_one_registration(officer, graces_complaint, monkeypatch):
    # How internal notes join the search: their app registers its model's text (and gives it a text_search_index).
    # The timeline stands in for such a model here: "Complaint received by phone." is on every case.
    from complaints import search
    from complaints.models import CaseEvent

    monkeypatch.setattr(search, "TEXT_SOURCES", list(search.TEXT_SOURCES))
    assert found(officer, "received by phone") == []
    search.register_text_source(search.TextSource("Words in a note", CaseEvent, "complaint", ("description",)))
    assert found(officer, "received by phone") == [graces_complaint.reference]
    assert complaint_search(actor=officer, text="received by phone").matched == {
        graces_complaint.pk: ["Words in a note"]
    }


def test_it_finds_words_in_a_response_through_its_stage(officer, log_complaint, other_complaints):
    answered = answered_complaint(log_complaint, officer)
    assert found(officer, "scheduling error") == [answered.reference]
    # The letter sent is correspondence too; the response itself is found through its stage.
    assert "Words in a response" in complaint_search(actor=officer, text="scheduling error").matched[answered.pk]


def test_the_best_words_are_kept_when_more_match_than_are_kept(officer, log_complaint, monkeypatch):
    # The rows are ranked and cut to CANDIDATES before they reach their complaints: the best must survive the cut.
    from complaints import search

    monkeypatch.setattr(search, "CANDIDATES", 2)
    weak = [log_complaint(summary=f"A note about the gutter, case {n}.") for n in range(3)]
    strong = log_complaint(summary="Gutter gutter gutter: the gutter fell and the gutter is still on the path.")
    assert found(officer, "gutter")[0] == strong.reference
    assert len(found(officer, "gutter")) == 2
    assert weak[2].reference in found(officer, "gutter")


def test_a_common_word_finds_its_newest_matches_and_a_rare_one_its_best(officer, log_complaint, monkeypatch):
    # A word in CANDIDATES of a source's newest NEWEST_ROWS rows keeps those newest matches only; a rarer word has
    # all its matches ranked.
    from complaints import search

    monkeypatch.setattr(search, "CANDIDATES", 2)
    strong = log_complaint(summary="Gutter gutter gutter: the gutter fell and the gutter is still on the path.")
    gutters = [log_complaint(summary=f"A note about the gutter, case {n}.") for n in range(3)]
    drain = log_complaint(summary="The drain is blocked.")
    log_complaint(summary="The lift has been broken for a month.")
    # Common: the two newest gutters, the strongest (oldest) left out.
    assert found(officer, "gutter") == [gutters[2].reference, gutters[1].reference]
    assert found(officer, "drains") == [drain.reference]
    # Rare among the newest row (none there): every gutter ranked, the strongest first though it is the oldest.
    monkeypatch.setattr(search, "NEWEST_ROWS", 1)
    assert found(officer, "gutters") == [strong.reference, gutters[2].reference]


def best_by_name(text, candidates):
    """The best complaints by residents' names, worked out the slow way: every resident's likeness, the most alike
    first, equally alike to the newest resident, then their newest complaint."""
    from django.contrib.postgres.search import TrigramWordSimilarity

    rows = (
        Complaint.objects.annotate(likeness=TrigramWordSimilarity(text, "resident__name"))
        .filter(likeness__gte=0.5)
        .order_by("-likeness", "-resident_id", "-id")
    )
    return [complaint.reference for complaint in rows[:candidates]]


@pytest.mark.parametrize("many_alike", [2_000, 0])
def test_a_name_shared_by_many_finds_the_most_alike_in_order_then_the_newest_person(
    officer, log_complaint, monkeypatch, many_alike
):
    # Each name's likeness is asked once (SearchName) and only as many names are read as hold CANDIDATES people,
    # with every name as alike as the last: the same best complaints, in the same order, as every resident's;
    # the same when the least alike are read newest first (more people share them than MANY_ALIKE).
    from complaints import search

    monkeypatch.setattr(search, "CANDIDATES", 4)
    monkeypatch.setattr(search, "MANY_ALIKE", many_alike)
    names = ["Grace Okafor", "Grace Okafro", "Okafor Grace", "Grace Okafo", "Grace Walsh", "Peter Okafor"]
    for round_ in range(3):
        for number, name in enumerate(names, start=1):
            home = HomeFactory(address=f"{number} Elm Street\nLeeds", postcode="LS3 1AA")
            resident = ResidentFactory(name=name, home=home)
            for _ in range(1 + (number + round_) % 2):
                log_complaint(resident=resident)
    for text in ["grace okafor", "okafro", "grace", "walsh grace", "okafor"]:
        assert found(officer, text)[:4] == best_by_name(text, 4), text


def test_people_with_no_complaint_one_may_see_do_not_hide_less_alike_names(
    officer, staff_member, log_complaint, monkeypatch
):
    # Three Grace Okafors hold CANDIDATES people, but the staff member sees none of their complaints: the less
    # alike Grace Okafro, whose complaint they logged, is still found.
    from complaints import search

    monkeypatch.setattr(search, "CANDIDATES", 2)
    for _ in range(3):
        log_complaint(resident=ResidentFactory(name="Grace Okafor"))
    theirs = log_complaint(resident=ResidentFactory(name="Grace Okafro"), actor=staff_member)
    assert found(staff_member, "Grace Okafor") == [theirs.reference]


def test_each_name_and_address_is_kept_once_with_how_many_have_it(db, manager):
    from complaints.models import SearchName
    from complaints.models.search import search_names_rebuild
    from privacy.anonymise import resident_anonymise

    def kept():
        return set(SearchName.objects.values_list("kind", "text", "uses"))

    home = HomeFactory(address="12 Weaver Court\nLeeds", postcode="LS1 4AB")
    first = ResidentFactory(name="Grace Okafor", home=home)
    second = ResidentFactory(name="Grace Okafor", home=home)
    record.representative_add(
        actor=manager,
        resident=first,
        name="Tomasz Nowak",
        relationship="Son",
        authority="signed_mandate",
        authority_given_on=DAY,
    )
    assert {
        ("resident", "Grace Okafor", 2),
        ("representative", "Tomasz Nowak", 1),
        ("home", "12 Weaver Court\nLeeds", 1),
    } <= kept()

    second.name = "Grace Walsh"
    second.save()
    assert {("resident", "Grace Okafor", 1), ("resident", "Grace Walsh", 1)} <= kept()
    # Anonymised, the name is nobody's any longer: it is not kept, and not found.
    resident_anonymise(resident=first, cause="Erasure request")
    assert not SearchName.objects.filter(text="Grace Okafor").exists()
    # An address longer than an index entry may be is kept too (by its digest).
    long_address = "Flat 1\n" + "The Old Weaving Mill " * 200 + "\nLeeds"
    HomeFactory(address=long_address, postcode="LS1 4AB")
    HomeFactory(address=long_address, postcode="LS1 4AB")
    assert ("home", long_address, 2) in kept()
    # Counted again from the tables (after loading with the triggers off), the same.
    before = kept()
    search_names_rebuild()
    assert kept() == before


def test_another_text_source_asks_no_more_queries(officer, graces_complaint, monkeypatch):
    # Every source's matches are read in one statement.
    from complaints import search
    from complaints.models import CaseEvent

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert found(officer, "bedroom") == [graces_complaint.reference]
        return len(captured)

    monkeypatch.setattr(search, "TEXT_SOURCES", list(search.TEXT_SOURCES))
    before = queries()
    search.register_text_source(search.TextSource("Words in a note", CaseEvent, "complaint", ("description",)))
    assert queries() == before


def test_a_closer_likeness_that_finds_too_few_falls_back_to_the_usual_one(officer, log_complaint, monkeypatch):
    from complaints import search

    monkeypatch.setattr(search, "CANDIDATES", 2)
    close = log_complaint(resident=ResidentFactory(name="Grace Okafor"))
    typo = log_complaint(resident=ResidentFactory(name="Grace Okafro"))
    assert found(officer, "Grace Okafor") == [close.reference, typo.reference]


def test_names_that_fill_the_candidates_closely_leave_less_alike_addresses_out(officer, log_complaint, monkeypatch):
    # Two Grace Coopers fill CANDIDATES at a close likeness; a home on Cooper Street is alike only at 0.5 and would
    # rank below both, so it is not read. With fewer close names it is found as before.
    from complaints import search

    monkeypatch.setattr(search, "CANDIDATES", 2)
    street = HomeFactory(address="4 Cooper Street\nLeeds", postcode="LS3 1AA")
    on_the_street = log_complaint(resident=ResidentFactory(name="Ann Lee", home=street))
    first = log_complaint(resident=ResidentFactory(name="Grace Cooper"))
    assert found(officer, "Cooper Grace") == [first.reference, on_the_street.reference]

    second = log_complaint(resident=ResidentFactory(name="Grace Cooper"))
    assert sorted(found(officer, "Cooper Grace")) == sorted([first.reference, second.reference])


@pytest.mark.parametrize("many_alike", [2_000, 0])
def test_equally_alike_addresses_go_to_the_newest_home(officer, log_complaint, monkeypatch, many_alike):
    # Ties in likeness are broken by the newest home (or person), then its newest complaint: only the first few
    # homes reach their complaints, however many share a street.
    from complaints import search

    monkeypatch.setattr(search, "CANDIDATES", 1)
    monkeypatch.setattr(search, "MANY_ALIKE", many_alike)
    older_home = HomeFactory(address="1 Foundry Lane\nLeeds", postcode="LS2 1AA")
    newer_home = HomeFactory(address="2 Foundry Lane\nLeeds", postcode="LS2 1AB")
    on_newer_home = log_complaint(resident=ResidentFactory(name="Ann Lee", home=newer_home))
    log_complaint(resident=ResidentFactory(name="Bob Lee", home=older_home))
    assert found(officer, "Foundry Lane") == [on_newer_home.reference]


def test_a_whole_postcode_asks_no_likeness_of_names_and_addresses(officer, graces_complaint, other_complaints):
    def likeness_asked(text):
        with CaptureQueriesContext(connection) as captured:
            assert found(officer, text) == [graces_complaint.reference]
        return any("WORD_SIMILARITY" in query["sql"] for query in captured.captured_queries)

    assert not likeness_asked("ls14ab")
    assert likeness_asked("Weaver Court")


@pytest.fixture
def noted_complaint(log_complaint, staff_member, officer):
    from notes.services import note_add

    # Logged by a member of staff, who may see the case but not its notes.
    complaint = log_complaint(actor=staff_member, summary="The lift has been broken for a month.")
    note_add(actor=officer, complaint=complaint, text="Spoke to the caretaker: the engineer is booked for Thursday.")
    return complaint


@pytest.mark.parametrize("who", ["officer", "manager"])
def test_words_in_a_note_find_its_complaint_for_those_who_read_notes(request, noted_complaint, who):
    actor = request.getfixturevalue(who)
    assert found(actor, "caretaker engineer") == [noted_complaint.reference]
    assert complaint_search(actor=actor, text="caretaker").matched == {noted_complaint.pk: ["Words in a note"]}


@pytest.mark.parametrize("who", ["senior_lead", "staff_member"])
def test_words_in_a_note_find_nothing_for_those_who_may_not_read_notes(request, noted_complaint, who):
    actor = request.getfixturevalue(who)
    # They may see the case itself (the lead every case, the staff member the one they logged) ...
    assert found(actor, "lift broken") == [noted_complaint.reference]
    # ... but a note's words do not find it for them.
    assert found(actor, "caretaker engineer") == []
    assert found(actor, "lift caretaker") == []


def test_a_search_leaves_the_planner_as_it_found_it(officer, graces_complaint):
    # The names are read with whole-table reading turned off for their statement only; the transaction a search
    # runs within (here the test's) plans its other queries as usual.
    with connection.cursor() as cursor:
        assert found(officer, "Grace Okafor") == [graces_complaint.reference]
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone() == ("on",)
