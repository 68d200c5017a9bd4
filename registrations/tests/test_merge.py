"""Merging participants and volunteers (registrations/merge.py) and the merge page."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from registrations import factories as f
from registrations.merge import merge_participants, merge_preview, merge_volunteers
from registrations.models import Attendance, Participant, Volunteer
from reports.counting import Window, unique_participant_counts

#: These tests call the computations directly, as system code (conftest ``system``).
pytestmark = pytest.mark.usefixtures("system")

YEAR = {"ytd": Window(datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))}
ALL = frozenset({"all"})


def _unique(location) -> int:
    return unique_participant_counts(location_ids=[location.pk], category_sets=[ALL], windows=YEAR)[
        (ALL, "ytd", None)
    ]


@pytest.fixture
def pair(tenants):
    """keep and remove are one person; s_both was attended by both, s_remove only by remove."""
    loc = tenants.a.location
    keep = f.ParticipantFactory(home_location=loc, code="CJM-0012")
    remove = f.ParticipantFactory(home_location=loc, code="cjm12", nickname="Anita")
    s_both = f.SessionFactory(location=loc, date=datetime.date(2019, 3, 1))
    s_remove = f.SessionFactory(location=loc, date=datetime.date(2019, 3, 2))
    f.AttendanceFactory(session=s_both, participant=keep)
    f.AttendanceFactory(session=s_both, participant=remove)
    f.AttendanceFactory(session=s_remove, participant=remove)
    rows = [
        f.JobFactory(location=loc, participant=remove, date=datetime.date(2019, 3, 3)),
        f.IncomingReferralFactory(location=loc, participant=remove),
        f.OutgoingReferralFactory(location=loc, participant=remove),
        f.PlacementFactory(location=loc, participant=remove),
        f.PaidWorkFactory(location=loc, participant=remove),
        f.MinimaApplicationFactory(location=loc, participant=remove),
        f.DebtSupportFactory(location=loc, participant=remove),
        f.AssociationMemberFactory(location=loc, participant=remove),
        f.VolunteerFactory(home_location=loc, participant=remove),
    ]
    return {"keep": keep, "remove": remove, "s_both": s_both, "rows": rows}


def test_merge_moves_everything_and_counts_the_person_once(tenants, pair):
    keep, remove = pair["keep"], pair["remove"]
    # Before: keep and remove are counted as two people.
    assert _unique(tenants.a.location) == 2
    preview = merge_preview(keep=keep, remove=remove)
    assert preview.shared_sessions == 1
    assert preview.counts["deelnames"] == 2
    remove_pk = remove.pk

    merge_participants(keep=keep, remove=remove, user=tenants.a.coordinator)

    assert not Participant.unscoped.filter(pk=remove_pk).exists()
    # s_both: one attendance (keep's); s_remove: moved to keep. 2 attendances in all.
    assert Attendance.unscoped.filter(session=pair["s_both"]).count() == 1
    assert Attendance.unscoped.filter(participant=keep).count() == 2
    for row in pair["rows"]:
        row.refresh_from_db()
        assert row.participant_id == keep.pk, type(row).__name__
    keep.refresh_from_db()
    assert keep.nickname == "Anita"  # keep had none
    # After: one person.
    assert _unique(tenants.a.location) == 1


def test_the_merge_is_in_the_history(tenants, pair):
    keep = pair["keep"]
    remove_pk = pair["remove"].pk
    merge_participants(keep=keep, remove=pair["remove"], user=tenants.a.admin)
    deleted = Participant.history.get(id=remove_pk, history_type="-")
    assert deleted.history_user == tenants.a.admin
    assert deleted.history_change_reason == "samengevoegd met CJM-0012"
    moved = Attendance.history.filter(participant_id=keep.pk, history_type="~")
    assert moved.count() == 1  # the attendance of s_remove
    assert moved.get().history_user == tenants.a.admin


def test_merge_volunteers(tenants):
    a = tenants.a
    keep = f.VolunteerFactory(home_location=a.location, code="VRW-1", started_on=None)
    remove = f.VolunteerFactory(
        home_location=a.location,
        code="VRW-01",
        started_on=datetime.date(2018, 1, 1),
        ended_on=datetime.date(2019, 6, 30),
        locations=[a.other_location],
    )
    holding = f.KeyHoldingFactory(volunteer=remove)
    hours = f.VolunteerHoursFactory(volunteer=remove, hours=Decimal("3.50"))
    group = f.VolunteerGroupFactory(location=a.location)
    membership = f.VolunteerGroupMembershipFactory(volunteer=remove, group=group)
    merge_volunteers(keep=keep, remove=remove, user=a.admin)
    assert not Volunteer.unscoped.filter(code="VRW-01").exists()
    for row in (holding, hours, membership):
        row.refresh_from_db()
        assert row.volunteer_id == keep.pk
    keep.refresh_from_db()
    assert set(keep.locations.all()) == {a.location, a.other_location}
    assert keep.started_on == datetime.date(2018, 1, 1)
    assert keep.ended_on is None  # keep is still active


def test_merge_across_organisations_is_refused(tenants):
    keep = f.ParticipantFactory(home_location=tenants.a.location)
    other = f.ParticipantFactory(home_location=tenants.b.location)
    with pytest.raises(ValidationError):
        merge_participants(keep=keep, remove=other, user=tenants.a.admin)
    with pytest.raises(ValidationError):
        merge_participants(keep=keep, remove=keep, user=tenants.a.admin)
    assert Participant.unscoped.filter(pk=other.pk).exists()


def test_who_may_merge(tenants):
    a = tenants.a
    here = f.ParticipantFactory(home_location=a.location)
    there = f.ParticipantFactory(home_location=a.other_location)
    for user in (a.board, a.funder, tenants.b.admin):
        with pytest.raises(PermissionDenied):
            merge_participants(keep=here, remove=there, user=user)
    with pytest.raises(PermissionDenied):  # the coordinator does not work at other_location
        merge_participants(keep=here, remove=there, user=a.coordinator)
    merge_participants(keep=here, remove=there, user=a.admin)
    assert not Participant.unscoped.filter(pk=there.pk).exists()


@pytest.mark.parametrize(("role", "status"), [("board", 403), ("funder", 404)])
def test_merge_page_is_forbidden_for_readers(client, tenants, role, status):
    # The board reads only (403); for a funder pages of personal data do not exist (issue 9).
    client.force_login(getattr(tenants.a, role))
    assert client.get(reverse("registrations:merge")).status_code == status


def test_merge_page_previews_then_merges(client, tenants, pair):
    client.force_login(tenants.a.coordinator)
    url = reverse("registrations:merge")
    query = {"kind": "participant", "keep": "CJM-0012", "remove": "CJM12"}
    response = client.get(url, query)
    body = response.content.decode()
    assert response.status_code == 200
    assert "deelnames: 2" in body
    response = client.post(url, {**query, "confirm": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "registrations:participant_history", args=[pair["keep"].pk]
    )
    assert not Participant.unscoped.filter(code="cjm12").exists()


def test_merge_page_does_not_find_another_organisations_records(client, tenants, pair):
    client.force_login(tenants.b.coordinator)
    query = {"kind": "participant", "keep": "CJM-0012", "remove": "cjm12", "confirm": "1"}
    response = client.post(reverse("registrations:merge"), query)
    assert response.status_code == 200
    assert "Geen deelnemer met code" in response.content.decode()
    assert Participant.unscoped.filter(code="cjm12").exists()
