"""The admin (/beheer/) in real headless Chromium (issue 14, "Look"): in Dutch, in the
product's colours, every inline input named; axe-core finds no violation of WCAG 2.x A/AA
(tests/axe.py) on the admin index, an agreement's change page (its parties, deadlines and
room groups as tabular inlines), an indicator's change page with its targets, a target's and
a budget's change page, on a desktop and a phone."""

import os
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from agreements.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    IndicatorFactory,
    TargetFactory,
)
from agreements.models import ReportingDeadline
from budgets.models import Budget, BudgetAmount, BudgetLine
from locations.access import system_scope
from tests.axe import assert_no_axe_violations

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def _log_in(page, live_server, user) -> None:
    device = TOTPDevice.objects.get_or_create(user=user, name="default", confirmed=True)[0]
    page.goto(f"{live_server.url}/inloggen/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "test-password-123")
    page.click("button[type=submit]")
    page.fill("#id_token-otp_token", f"{totp(device.bin_key):06d}")
    page.click("button[type=submit]")
    expect(page).not_to_have_url(f"{live_server.url}/inloggen/")


@pytest.fixture
def admin_world(tenants):
    a = tenants.a
    with system_scope():
        agreement = AgreementFactory(organisation=a.organisation, locations=[a.location])
        AgreementPartyFactory(agreement=agreement)
        AgreementPartyFactory(agreement=agreement)
        ReportingDeadline.objects.create(
            agreement=agreement, kind="interim", period="2019-Q1", due_on=date(2019, 3, 29)
        )
        indicator = IndicatorFactory(agreement=agreement, description="Unieke deelnemers")
        target = TargetFactory(indicator=indicator, location=a.location)
        budget = Budget.objects.create(agreement=agreement, version="Begroting 2019")
        line = BudgetLine.objects.create(
            budget=budget, code="A1", group="A", description="Coördinatie"
        )
        BudgetAmount.objects.create(line=line, location=a.location, amount=Decimal("1000"))
    return agreement, indicator, target, budget


@pytest.mark.browser
def test_the_admin_is_dutch_named_and_passes_axe(browser_page, live_server, tenants, admin_world):
    agreement, indicator, target, budget = admin_world
    page = browser_page(1280, 900)
    _log_in(page, live_server, tenants.a.admin)
    pages = [
        reverse("admin:index"),
        reverse("admin:agreements_agreement_change", args=[agreement.pk]),
        reverse("admin:agreements_indicator_change", args=[indicator.pk]),
        reverse("admin:agreements_target_change", args=[target.pk]),
        reverse("admin:budgets_budget_change", args=[budget.pk]),
    ]
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        for path in pages:
            page.goto(f"{live_server.url}{path}")
            expect(page.locator("#site-name")).to_contain_text("Beheer")
            assert_no_axe_violations(page)

    # Dutch labels, the indicator by its description; every inline input has a name.
    page.goto(f"{live_server.url}{pages[3]}")
    expect(page.locator("label[for=id_location]")).to_have_text("Buurtwerkkamer:")
    expect(page.locator("label[for=id_indicator]")).to_have_text("Prestatie:")
    expect(page.locator("#id_indicator option:checked")).to_have_text("Unieke deelnemers")
    page.goto(f"{live_server.url}{pages[1]}")
    party = page.locator("[name=parties-0-party]")
    expect(party).to_have_attribute("aria-label", "Partij")
    unnamed = page.evaluate(
        "() => [...document.querySelectorAll('.tabular input:not([type=hidden]), .tabular select,"
        " .tabular textarea')].filter(e => !e.labels.length && !e.getAttribute('aria-label'))"
        ".map(e => e.name)"
    )
    assert unnamed == []
