"""The session list (table + filters) and detail: scoped, 404 outside the scope."""

import datetime

from django.urls import reverse

from registrations.factories import AttendanceFactory, ParticipantFactory, SessionFactory

LIST = reverse("registrations:session_list")


def _detail(session):
    return reverse("registrations:session_detail", args=[session.pk])


def test_list_shows_only_sessions_in_scope(client, tenants):
    own = SessionFactory(location=tenants.a.location, title="Hier")
    SessionFactory(location=tenants.a.other_location, title="Elders")
    SessionFactory(location=tenants.b.location, title="Andere organisatie")
    AttendanceFactory(session=own)
    client.force_login(tenants.a.coordinator)
    response = client.get(LIST)
    rows = list(response.context["table"].rows)
    assert [(row.record.title, row.record.participant_count) for row in rows] == [("Hier", 1)]
    assert "14-03-2019" in response.content.decode()

    client.force_login(tenants.a.board)
    titles = {row.record.title for row in client.get(LIST).context["table"].rows}
    assert titles == {"Hier", "Elders"}


def test_list_filters_by_location_category_and_dates(client, tenants):
    day = datetime.date(2019, 3, 14)
    SessionFactory(location=tenants.a.location, date=day, category="social", title="1")
    SessionFactory(location=tenants.a.location, date=day, category="forms", title="2")
    SessionFactory(location=tenants.a.other_location, date=day, category="forms", title="3")
    SessionFactory(
        location=tenants.a.location, date=day.replace(month=5), category="forms", title="4"
    )
    client.force_login(tenants.a.board)

    def titles(**params):
        return sorted(row.record.title for row in client.get(LIST, params).context["table"].rows)

    assert titles(category="forms") == ["2", "3", "4"]
    assert titles(category="forms", location=tenants.a.location.pk) == ["2", "4"]
    assert titles(date_from="2019-03-01", date_to="2019-03-31") == ["1", "2", "3"]


def test_location_filter_offers_only_scope(client, tenants):
    client.force_login(tenants.a.coordinator)
    field = client.get(LIST).context["filter"].form.fields["location"]
    assert list(field.queryset) == [tenants.a.location]


def test_detail_shows_codes_and_only_visible_nicknames(client, tenants):
    session = SessionFactory(location=tenants.a.location, anonymous_count=2)
    AttendanceFactory(
        session=session,
        participant=ParticipantFactory(
            home_location=tenants.a.location, code="CJM-0001", nickname="Anita"
        ),
    )
    AttendanceFactory(
        session=session,
        participant=ParticipantFactory(
            home_location=tenants.a.other_location, code="CJM-0002", nickname="Bert"
        ),
    )
    client.force_login(tenants.a.coordinator)
    html = client.get(_detail(session)).content.decode()
    assert "CJM-0001 · Anita" in html
    assert "CJM-0002" in html
    assert "Bert" not in html


def test_detail_outside_scope_is_404(client, tenants):
    elsewhere = SessionFactory(location=tenants.a.other_location)
    foreign = SessionFactory(location=tenants.b.location)
    client.force_login(tenants.a.coordinator)
    assert client.get(_detail(elsewhere)).status_code == 404
    assert client.get(_detail(foreign)).status_code == 404
    client.force_login(tenants.a.board)
    assert client.get(_detail(elsewhere)).status_code == 200
    assert client.get(_detail(foreign)).status_code == 404


def test_list_query_count_does_not_grow_with_rows(client, tenants, django_assert_max_num_queries):
    for n in range(30):
        AttendanceFactory(session=SessionFactory(location=tenants.a.location, title=str(n)))
    client.force_login(tenants.a.coordinator)
    with django_assert_max_num_queries(12):
        client.get(LIST)
