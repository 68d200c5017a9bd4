"""The admin: open for superusers, limited to their own organisation for admin-role staff."""

import pytest
from django.urls import reverse

from agreements.factories import AgreementFactory, IndicatorFactory, PartyFactory, TargetFactory
from agreements.models import Agreement
from locations.access import system_scope
from locations.factories import UserFactory


@pytest.fixture
def agreements(tenants):
    """One agreement per organisation, each with an indicator and a target."""
    result = {}
    for key in ("a", "b"):
        world = getattr(tenants, key)
        agreement = AgreementFactory(
            organisation=world.organisation,
            region=f"regio-{key}",
            title=f"Afspraak van {key.upper()}",
            locations=[world.location, world.other_location],
        )
        indicator = IndicatorFactory(
            agreement=agreement, description=f"Prestatie van {key.upper()}"
        )
        TargetFactory(indicator=indicator, location=world.location)
        PartyFactory(organisation=world.organisation, name=f"Partij van {key.upper()}")
        result[key] = agreement
    return result


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.mark.parametrize(
    "name",
    [
        "admin:agreements_agreement_changelist",
        "admin:agreements_indicator_changelist",
        "admin:agreements_target_changelist",
        "admin:agreements_party_changelist",
        "admin:locations_organisation_changelist",
        "admin:locations_location_changelist",
        "admin:locations_membership_changelist",
        "admin:agreements_agreement_add",
        "admin:agreements_indicator_add",
        "admin:locations_membership_add",
    ],
)
def test_superuser_opens_every_page(client, superuser, agreements, name):
    client.force_login(superuser)
    assert client.get(reverse(name)).status_code == 200


def test_superuser_opens_change_pages_with_inlines(client, superuser, agreements):
    client.force_login(superuser)
    agreement = agreements["a"]
    response = client.get(reverse("admin:agreements_agreement_change", args=[agreement.pk]))
    assert response.status_code == 200
    with system_scope():
        indicator = agreement.indicators.get()
    response = client.get(reverse("admin:agreements_indicator_change", args=[indicator.pk]))
    assert response.status_code == 200
    assert "&gt; 10" in response.content.decode()  # the target inline


def test_superuser_sees_both_organisations(client, superuser, agreements):
    client.force_login(superuser)
    body = client.get(reverse("admin:agreements_agreement_changelist")).content.decode()
    assert "Afspraak van A" in body
    assert "Afspraak van B" in body


def test_admin_role_sees_only_own_organisation(client, tenants, agreements):
    client.force_login(tenants.a.admin)
    body = client.get(reverse("admin:agreements_agreement_changelist")).content.decode()
    assert "Afspraak van A" in body
    assert "Afspraak van B" not in body
    body = client.get(reverse("admin:agreements_indicator_changelist")).content.decode()
    assert "Prestatie van A" in body
    assert "Prestatie van B" not in body
    body = client.get(reverse("admin:agreements_party_changelist")).content.decode()
    assert "Partij van A" in body
    assert "Partij van B" not in body
    body = client.get(reverse("admin:locations_location_changelist")).content.decode()
    assert "a Noord" in body
    assert "b Noord" not in body


def test_admin_role_cannot_open_other_organisations_objects(client, tenants, agreements):
    client.force_login(tenants.a.admin)
    other = agreements["b"]
    response = client.get(reverse("admin:agreements_agreement_change", args=[other.pk]))
    # Django's admin answers a missing object with a redirect to the admin index
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    with system_scope():
        indicator = other.indicators.get()
    response = client.get(reverse("admin:agreements_indicator_change", args=[indicator.pk]))
    assert response.status_code == 302
    response = client.post(reverse("admin:agreements_agreement_delete", args=[other.pk]))
    assert response.status_code == 302
    assert Agreement.unscoped.filter(pk=other.pk).exists()


def test_admin_role_edits_own_agreement(client, tenants, agreements):
    client.force_login(tenants.a.admin)
    own = agreements["a"]
    response = client.get(reverse("admin:agreements_agreement_change", args=[own.pk]))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.fields["organisation"].queryset) == [tenants.a.organisation]
    assert set(form.fields["locations"].queryset) == {tenants.a.location, tenants.a.other_location}


def test_admin_role_dropdowns_and_filters_are_scoped(client, tenants, agreements):
    client.force_login(tenants.a.admin)
    response = client.get(reverse("admin:agreements_indicator_add"))
    assert list(response.context["adminform"].form.fields["agreement"].queryset) == [
        agreements["a"]
    ]
    # the 'agreement' sidebar filter (shown from two choices on) offers only own agreements
    second = AgreementFactory(organisation=tenants.a.organisation, region="regio-a2")
    response = client.get(reverse("admin:agreements_indicator_changelist"))
    body = response.content.decode()
    assert f"?agreement__id__exact={agreements['a'].pk}" in body
    assert f"?agreement__id__exact={second.pk}" in body
    assert f"?agreement__id__exact={agreements['b'].pk}" not in body
    response = client.get(reverse("admin:locations_membership_add"))
    users = response.context["adminform"].form.fields["user"].queryset
    assert tenants.a.coordinator in users
    assert tenants.b.coordinator not in users


@pytest.mark.parametrize("role", ["coordinator", "board", "funder"])
def test_other_roles_have_no_admin(client, tenants, agreements, role):
    client.force_login(getattr(tenants.a, role))
    response = client.get(reverse("admin:agreements_agreement_changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_staff_of_another_role_sees_nothing(client, tenants, agreements):
    user = tenants.a.board
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get(reverse("admin:agreements_agreement_changelist")).status_code == 403


def _target_form(client, target):
    """The target's admin change form as the browser would post it back, unchanged."""
    url = reverse("admin:agreements_target_change", args=[target.pk])
    form = client.get(url).context["adminform"].form
    return url, {
        "indicator": target.indicator_id,
        "location": target.location_id,
        "printed_text": form.initial["printed_text"],
    }


def test_the_admin_derives_a_target_from_its_printed_text(client, superuser, agreements):
    """Issue 12, "Targets as stated": the admin types the text as printed; the comparator and
    values are parsed from it, never typed apart from it."""
    client.force_login(superuser)
    with system_scope():
        target = agreements["a"].indicators.get().targets.get()
    url, data = _target_form(client, target)
    assert data["printed_text"] == "> 10"  # a target without a printed text starts from its text

    response = client.post(url, {**data, "printed_text": "Min. 12"})
    assert response.status_code == 302
    with system_scope():
        target.refresh_from_db()
    assert (target.printed_text, target.text, target.comparator) == ("Min. 12", "≥ 12", "gte")
    assert (target.value, target.value_of, target.value_max) == (12, None, None)

    client.post(url, {**data, "printed_text": "10 tot 20"})
    with system_scope():
        target.refresh_from_db()
    assert (target.comparator, target.value, target.value_max) == ("range", 10, 20)


@pytest.mark.parametrize(
    ("printed", "message"),
    [
        ("ongeveer tien", "ongeveer tien"),
        ("> 10 op 20", "alleen voor method"),
    ],
)
def test_the_admin_refuses_a_target_text_and_keeps_it(
    client, superuser, agreements, printed, message
):
    """A text that is no target, or an "X op Y" target on a count row, is an error on the
    field; the text stays as entered and the stored target is unchanged."""
    client.force_login(superuser)
    with system_scope():
        target = agreements["a"].indicators.get().targets.get()
    url, data = _target_form(client, target)
    response = client.post(url, {**data, "printed_text": printed})
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert message in " ".join(form.errors["printed_text"])
    assert f'value="{printed}"'.replace(">", "&gt;") in response.content.decode()
    with system_scope():
        target.refresh_from_db()
    assert (target.text, target.comparator, target.value) == ("> 10", "gt", 10)


def test_a_saved_room_keeps_its_organisation_in_the_admin(client, superuser, tenants):
    """The rollups count a room's participants under its organisation; moving a room would
    leave them there, so the admin offers the organisation only for a new room."""
    client.force_login(superuser)
    location = tenants.a.location
    form = (
        client.get(reverse("admin:locations_location_change", args=[location.pk]))
        .context["adminform"]
        .form
    )
    assert "organisation" not in form.fields
    add_form = client.get(reverse("admin:locations_location_add")).context["adminform"].form
    assert "organisation" in add_form.fields
