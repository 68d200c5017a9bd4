"""No internal codes and no English in the Dutch interface (issue 14, "Words and errors").

Every page of every role is rendered in Dutch with a year of demo data (both Zuidoost
agreements, :func:`tests.conftest.demo_agreements`) and its visible text is read: the text
of the page outside ``<script>``, ``<style>``, ``<code>``, ``<kbd>`` and ``<pre>``, and the
``placeholder``, ``title`` and ``aria-label`` attributes. A page fails on

- a snake_case identifier (``benefit_costs``, ``housing_corporation``);
- a file path (``seeds/``, ``shared/``, ``*.yaml``, ``*.yml``, ``*.py``, ``*.txt``);
- a period code (``2019-Q2``) where the period should read "2e kwartaal 2019";
- one of :data:`ENGLISH`: English words and enum values that have reached the UI before.

Participant and volunteer codes (``CJM-0041``) are upper case and so match none of these.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from agreements.models import Agreement, Party
from locations.access import system_scope
from locations.models import Location, Membership, Role
from registrations.models import Job, Participant, Session
from registrations.models.volunteers import Volunteer
from reports.models import ReportFile

SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
PATH = re.compile(r"(?:\b(?:seeds|shared|data)/)|\b[\w-]+\.(?:ya?ml|py|txt)\b")
PERIOD_CODE = re.compile(r"\b\d{4}-[QTH]\d\b")
#: English words (and enum values) none of which is also a Dutch word.
#: ("social" is left out: "Social Return On Investment" is the Dutch name of SROI too.)
ENGLISH = {
    "the",
    "and",
    "with",
    "pending",
    "running",
    "failed",
    "done",
    "none",
    "true",
    "false",
    "board",
    "funder",
    "coordinator",
    "municipality",
    "activation",
    "language",
    "debt",
    "survey",
    "unique",
    "audit",
    "entered",
    "offer",
    "save",
    "delete",
    "submit",
    "search",
    "total",
    "quarter",
    "year",
    "source",
    "location",
    "participant",
    "volunteer",
    "estimate",
    "signed",
    "stated",
    "text",
    "extraction",
    "line",
    "not",
    "per hour",
    "agreement",
    "budget_line",
    "housing",
}
SKIPPED = {"script", "style", "code", "kbd", "pre", "template"}
ATTRIBUTES = ("placeholder", "title", "aria-label")


class VisibleText(HTMLParser):
    """Collects the visible text of a page (see the module docstring) in :attr:`parts`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self._skipping.append(tag)
        for name, value in attrs:
            if name in ATTRIBUTES and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    """The visible text of ``html``: one line per text node or attribute."""
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def problems(text: str) -> list[str]:
    """What in ``text`` looks like an internal code, a path or an English word."""
    found = [f"code {m}" for m in SNAKE.findall(text)]
    found += [f"path {m.group(0)}" for m in PATH.finditer(text)]
    found += [f"period code {m}" for m in PERIOD_CODE.findall(text)]
    words = set(re.findall(r"[a-z]+", text.lower()))
    found += [f"English {w}" for w in sorted(ENGLISH & words)]
    return found


def test_the_checks_find_codes_paths_and_english():
    page = (
        "<p>benefit_costs · 2019-Q2: 6,10</p><p>Bron: shared/seeds/000.txt</p>"
        "<p title='Save'>x</p><code>benefit_costs</code><p>CJM-0041, 2e kwartaal 2019</p>"
    )
    assert problems(visible_text(page)) == [
        "code benefit_costs",
        "path shared/",
        "path seeds/",
        "path 000.txt",
        "period code 2019-Q2",
        "English save",
    ]


def _user(username: str, role: str, organisation, locations=(), party=None):
    user = get_user_model().objects.create_user(username, password="x")
    membership = Membership.unscoped.create(
        user=user, organisation=organisation, role=role, party=party
    )
    with system_scope():
        membership.locations.set(locations)
    return user


def _pages(agreement, location, role: str, report_file=None) -> list[str]:
    """The URLs of the pages ``role`` has at ``location`` of ``agreement`` (and the page of
    ``report_file``, asked for by the board, for the board and admins)."""
    a, loc = {"agreement_id": agreement.pk}, {"location_id": location.pk}
    participant = Participant.unscoped.filter(home_location=location).order_by("pk").first()
    volunteer = Volunteer.unscoped.filter(home_location=location).order_by("pk").first()
    session = Session.unscoped.filter(location=location).order_by("-date").first()
    job = Job.unscoped.filter(location=location).order_by("-date").first()
    common = [
        reverse("home"),
        reverse("locations:list"),
        reverse("locations:detail", kwargs={"pk": location.pk}),
        reverse("agreements:list"),
        reverse("agreements:detail", kwargs={"pk": agreement.pk}),
        reverse("calendar:index"),
        reverse("accounts:password_change"),
    ]
    staff = [
        reverse("reports:progress", kwargs=a) + "?period=2019-Q2",
        reverse("reports:narratives", kwargs=a),
        reverse("reports:narrative", kwargs={**a, **loc, "period": "2019-Q2"}),
        reverse("budgets:budget", kwargs=a),
    ]
    registrations = [
        reverse("registrations:session_list"),
        reverse("registrations:session_detail", kwargs={"pk": session.pk}),
        reverse("registrations:records", kwargs=loc),
        reverse("registrations:day", kwargs={**loc, "date": session.date.isoformat()}),
        reverse("registrations:day", kwargs={**loc, "date": job.date.isoformat()}),
        reverse("registrations:participant_history", kwargs={"pk": participant.pk}),
        reverse("registrations:volunteer_history", kwargs={"pk": volunteer.pk}),
    ]
    writing = [reverse("registrations:log"), reverse("registrations:merge")]
    board = [
        reverse("budgets:board_index"),
        reverse("budgets:board", kwargs=a),
        reverse("dashboard:index"),
        reverse("dashboard:location", kwargs={**a, **loc}),
        reverse("locations:access_log"),
        reverse("registrations:privacy"),
        reverse("reports:issued", kwargs=a),
        reverse("agreements:period_close", kwargs=a),
        reverse("registrations:privacy_person", kwargs={"kind": "deelnemer", "pk": participant.pk}),
    ]
    if report_file is not None:
        board.append(reverse("reports:file", kwargs={"pk": report_file.pk}))
    if role == Role.COORDINATOR:
        return common + staff + registrations + writing
    if role == Role.BOARD:
        return common + staff + registrations + board
    if role == Role.ADMIN:
        return common + staff + registrations + writing + board + [reverse("agreements:upload")]
    return common + [reverse("reports:issued", kwargs=a)]


TRACE = re.compile(r'href="(/(?:rapportages|bestuur)/[^"]*(?:herkomst|figuur)[^"]*)"')


@pytest.mark.django_db
def test_no_internal_codes_or_english_on_any_page_in_dutch(client, demo_agreements):
    agreement = next(a for a in demo_agreements if a.slug == "zuidoost-2019")
    organisation = agreement.organisation
    location = Location.unscoped.get(organisation=organisation, code="cjm")
    municipality = Party.unscoped.get(organisation=organisation, code="gemeente-amsterdam")
    users = {
        Role.COORDINATOR: _user("c", Role.COORDINATOR, organisation, [location]),
        Role.BOARD: _user("b", Role.BOARD, organisation),
        Role.ADMIN: _user("a", Role.ADMIN, organisation),
        Role.FUNDER: _user("f", Role.FUNDER, organisation, party=municipality),
    }
    assert Agreement.unscoped.count() == 2
    report_file = ReportFile.unscoped.create(
        agreement=agreement, period="2019-Q2", format="pdf", requested_by=users[Role.BOARD]
    )
    found: dict[str, list[str]] = {}
    for role, user in users.items():
        client.force_login(user)
        urls = _pages(agreement, location, role, report_file)
        seen: set[str] = set()
        while urls:
            url = urls.pop(0)
            if url in seen:
                continue
            seen.add(url)
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="nl")
            assert response.status_code == 200, (role, url, response.status_code)
            html = response.content.decode()
            assert '<html lang="nl"' in html, url
            if role in (Role.BOARD, Role.COORDINATOR) and len(seen) < 40:
                urls += [m.replace("&amp;", "&") for m in TRACE.findall(html)[:3]]
            lines = visible_text(html).splitlines()
            bad = {f"{p} in {line[:120]!r}" for line in lines for p in problems(line)}
            if bad:
                found[f"{role} {url}"] = sorted(bad)
    report = "\n".join(f"{page}: {line}" for page, lines in found.items() for line in lines)
    assert not found, report
