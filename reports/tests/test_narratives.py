"""Narratives per location and quarter (issue 11): who writes and approves, the rules (BSN,
contact details, closed periods), and approved narratives in the report and its PDF."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agreements.models import Agreement, PeriodClosure
from locations.access import system_scope
from locations.periods import parse_period
from reports.audience import arrange
from reports.models import Narrative, NarrativeStatus
from reports.narratives.services import narrative_save
from reports.pdf import progress_report_html
from reports.report import ReportAudience
from reports.selectors import progress_report
from reports.serialise import report_from_json, report_to_json

TEXTS = {
    "highlights": "De kookgroep draait weer.",
    "story": "Een bewoonster vond via het taalcafé werk.",
    "attention": "De verwarming is stuk.",
}
#: A number that passes the eleven-test (a BSN).
BSN = "111222333"


@pytest.fixture
def agreement(tenants):
    a = tenants.a
    with system_scope():
        agreement = Agreement.objects.create(
            organisation=a.organisation,
            region="west",
            region_name="West",
            year=2021,
            title="Afspraak West 2021",
        )
        agreement.locations.set([a.location, a.other_location])
    return agreement


def _save(user, agreement, location, step="save", texts=None, period="2021-Q2"):
    return narrative_save(
        user=user,
        agreement=agreement,
        location=location,
        period=period,
        texts=TEXTS if texts is None else texts,
        step=step,
    )


def test_a_coordinator_writes_and_submits_the_board_approves(tenants, agreement):
    a = tenants.a
    draft = _save(a.coordinator, agreement, a.location)
    assert draft.status == NarrativeStatus.DRAFT
    assert draft.written_by == a.coordinator
    submitted = _save(a.coordinator, agreement, a.location, step="submit", texts={})
    assert submitted.pk == draft.pk
    assert submitted.status == NarrativeStatus.SUBMITTED
    assert submitted.submitted_by == a.coordinator
    approved = _save(
        a.board, agreement, a.location, step="approve", texts={"attention": "Verwarming."}
    )
    assert approved.status == NarrativeStatus.APPROVED
    assert approved.approved_by == a.board
    assert approved.attention == "Verwarming."
    assert approved.highlights == TEXTS["highlights"]  # what the board left alone stays
    assert approved.written_by == a.coordinator  # the board's edit is no writing
    with system_scope():
        history = list(Narrative.objects.get(pk=draft.pk).history.order_by("history_date"))
    assert [h.status for h in history] == ["draft", "submitted", "approved"]
    assert [h.history_user for h in history] == [a.coordinator, a.coordinator, a.board]


def test_a_change_after_approval_takes_the_approval_away(tenants, agreement):
    a = tenants.a
    _save(a.coordinator, agreement, a.location, step="submit")
    _save(a.board, agreement, a.location, step="approve", texts={})
    changed = _save(a.coordinator, agreement, a.location, texts={"story": "Een ander verhaal."})
    assert changed.status == NarrativeStatus.DRAFT
    assert changed.approved_at is None
    _save(a.board, agreement, a.location, step="approve", texts={})
    edited = _save(a.board, agreement, a.location, texts={"story": "Door het bestuur."})
    assert edited.status == NarrativeStatus.SUBMITTED
    assert edited.approved_by is None


def test_who_may_do_what(tenants, agreement):
    a, b = tenants.a, tenants.b
    with pytest.raises(PermissionDenied):  # not the coordinator's location
        _save(a.coordinator, agreement, a.other_location)
    _save(a.coordinator, agreement, a.location, step="submit")
    with pytest.raises(PermissionDenied):  # coordinators do not approve
        _save(a.coordinator, agreement, a.location, step="approve")
    with pytest.raises(PermissionDenied):  # the board edits and approves, it does not submit
        _save(a.board, agreement, a.location, step="submit")
    with pytest.raises(PermissionDenied):
        _save(a.funder, agreement, a.location)
    with pytest.raises(PermissionDenied):
        _save(b.board, agreement, a.location, step="approve")
    assert _save(a.admin, agreement, a.other_location, step="approve").is_approved


def test_a_bsn_is_refused_in_every_text(tenants, agreement):
    for name in ("highlights", "story", "attention"):
        with pytest.raises(ValidationError) as refused:
            _save(tenants.a.coordinator, agreement, tenants.a.location, texts={name: f"BSN {BSN}"})
        assert name in refused.value.message_dict
        assert BSN in refused.value.message_dict[name][0]
    with system_scope():
        assert not Narrative.objects.exists()


def test_submitting_an_empty_narrative_is_refused(tenants, agreement):
    with pytest.raises(ValidationError, match="ten minste één"):
        _save(tenants.a.coordinator, agreement, tenants.a.location, step="submit", texts={})


def test_only_quarters_of_the_agreement_year(tenants, agreement):
    for period in ("2021", "2020-Q2", "2021-Q5"):
        with pytest.raises(ValidationError):
            _save(tenants.a.coordinator, agreement, tenants.a.location, period=period)


@pytest.mark.parametrize(
    ("closed", "locked"), [("2021-Q2", True), ("2021", True), ("2021-Q1", False)]
)
def test_a_closed_period_locks_its_narratives(tenants, agreement, closed, locked):
    a = tenants.a
    _save(a.coordinator, agreement, a.location)
    period = parse_period(closed)
    with system_scope():
        PeriodClosure.objects.create(
            agreement=agreement,
            period=closed,
            starts_on=period.start,
            ends_on=period.end,
            closed_by=a.board,
            closed_at=datetime.datetime(2021, 7, 5, tzinfo=datetime.UTC),
        )
    if locked:
        with pytest.raises(ValidationError, match="afgesloten"):
            _save(a.coordinator, agreement, a.location, texts={"story": "Later."})
        with pytest.raises(ValidationError, match="afgesloten"):
            _save(a.board, agreement, a.location, step="approve")
    else:
        assert _save(a.coordinator, agreement, a.location, texts={"story": "Later."}).story


def test_the_report_carries_only_approved_narratives_of_its_locations(tenants, agreement):
    a = tenants.a
    _save(a.coordinator, agreement, a.location, step="submit")
    _save(a.board, agreement, a.location, step="approve", texts={})
    _save(a.admin, agreement, a.other_location, texts={"highlights": "Nog een concept."})
    _save(a.board, agreement, a.location, step="approve", period="2021-Q1", texts={"story": "Q1"})
    report = progress_report(user=a.board, agreement=agreement, period=parse_period("2021-Q2"))
    assert [(n.location_code, n.period) for n in report.narratives] == [
        (a.location.code, "2021-Q2")
    ]
    assert report.narratives[0].story == TEXTS["story"]
    year = progress_report(user=a.board, agreement=agreement, period=parse_period("2021"))
    assert [n.period for n in year.narratives] == ["2021-Q1", "2021-Q2"]
    only_other = progress_report(
        user=a.board,
        agreement=agreement,
        period=parse_period("2021-Q2"),
        location_codes=[a.other_location.code],
    )
    assert only_other.narratives == []
    assert report_from_json(report_to_json(report)) == report


def test_every_audience_gets_the_narratives_in_the_pdf(tenants, agreement):
    from dataclasses import replace

    a = tenants.a
    _save(a.board, agreement, a.location, step="approve")
    report = progress_report(user=a.board, agreement=agreement, period=parse_period("2021-Q2"))
    for kind in ("municipality", "housing_corporation", "funder", "board"):
        issued = replace(report, audience=ReportAudience(kind=kind, party_name="X"))
        assert arrange(issued).narratives == report.narratives
        html = progress_report_html(issued)
        assert "Verhalen uit de buurtwerkkamers" in html
        assert TEXTS["story"] in html
        assert a.coordinator.username not in html  # who wrote it stays internal
    empty = replace(report, narratives=[])
    assert "Verhalen uit de buurtwerkkamers" not in progress_report_html(empty)


# -- the pages ------------------------------------------------------------------------------


def _url(agreement, location, period="2021-Q2"):
    return reverse("reports:narrative", args=[agreement.pk, location.pk, period])


def test_contact_details_are_kept_as_typed_until_confirmed(client, tenants, agreement):
    a = tenants.a
    client.force_login(a.coordinator)
    typed = {"story": "Bel haar op 06-12345678.", "highlights": "Koken", "step": "save"}
    response = client.post(_url(agreement, a.location), typed)
    assert response.status_code == 200
    body = response.content.decode()
    assert "e-mailadres of telefoonnummer" in body
    assert "Bel haar op 06-12345678." in body  # kept as typed
    assert 'name="confirm_contact"' in body
    with system_scope():
        assert not Narrative.objects.exists()
    response = client.post(_url(agreement, a.location), typed | {"confirm_contact": "on"})
    assert response.status_code == 302
    with system_scope():
        assert Narrative.objects.get().story == typed["story"]


def test_a_bsn_on_the_page_is_refused_even_when_confirmed(client, tenants, agreement):
    client.force_login(tenants.a.coordinator)
    response = client.post(
        _url(agreement, tenants.a.location),
        {"story": f"Nummer {BSN}", "confirm_contact": "on", "step": "submit"},
    )
    assert response.status_code == 200
    assert "BSN" in response.content.decode()
    with system_scope():
        assert not Narrative.objects.exists()


def test_the_board_approves_on_the_page_and_sees_the_list(client, tenants, agreement):
    a = tenants.a
    _save(a.coordinator, agreement, a.location, step="submit")
    client.force_login(a.board)
    page = client.get(_url(agreement, a.location)).content.decode()
    assert 'value="approve"' in page
    assert 'value="submit"' not in page
    response = client.post(_url(agreement, a.location), TEXTS | {"step": "approve"})
    assert response.status_code == 302
    with system_scope():
        assert Narrative.objects.get().status == NarrativeStatus.APPROVED
    listing = client.get(
        reverse("reports:narratives", args=[agreement.pk]), {"period": "2021-Q2"}
    ).content.decode()
    assert "goedgekeurd" in listing
    assert a.other_location.name in listing


def test_pages_refuse_those_who_may_not(client, tenants, agreement):
    a = tenants.a
    client.force_login(a.coordinator)
    assert client.get(_url(agreement, a.other_location)).status_code == 404
    assert client.get(_url(agreement, a.location, "2021")).status_code == 404
    listing = client.get(reverse("reports:narratives", args=[agreement.pk])).content.decode()
    assert a.location.name in listing
    assert a.other_location.name not in listing
    client.force_login(a.funder)
    assert client.get(_url(agreement, a.location)).status_code == 403
    client.force_login(tenants.b.board)
    assert client.get(_url(agreement, a.location)).status_code == 404
