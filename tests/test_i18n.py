"""Dutch source language, English translation: the catalogue and the pages in both languages.

The catalogue is ``locale/en/LC_MESSAGES/django.po``; its compiled ``django.mo`` is not in git
and is built by ``bin/setup`` (``manage.py compilemessages``). Dates read dd-mm-jjjj in both
languages (DOMAIN.md: the funders' documents use that form).
"""

import ast
import datetime
import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from registrations.factories import SessionFactory

PO_PATH = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdrf]|%[sdrf]|\{\w*\}")


@dataclass
class Entry:
    """One message of a .po file: its flags, msgid, msgid_plural and msgstr forms."""

    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def msgid(self) -> str:
        return self.fields["msgid"]

    @property
    def translations(self) -> list[str]:
        return [value for key, value in sorted(self.fields.items()) if key.startswith("msgstr")]


def _parse_po(path: Path) -> list[Entry]:
    """The live (non-obsolete) entries of a .po file, the header (msgid "") excluded."""
    entries: list[Entry] = []
    current, key, in_msgstr = Entry(), None, False
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#~"):
            continue
        starts_entry = line.startswith(("#", "msgctxt ", "msgid "))
        if starts_entry and in_msgstr:
            entries.append(current)
            current, key, in_msgstr = Entry(), None, False
        if line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current.fields[key] += ast.literal_eval(line)
        else:
            key, quoted = line.split(" ", 1)
            current.fields[key] = ast.literal_eval(quoted)
            in_msgstr = in_msgstr or key.startswith("msgstr")
    entries.append(current)
    return [entry for entry in entries if entry.msgid]


@pytest.fixture
def entries() -> list[Entry]:
    return _parse_po(PO_PATH)


@pytest.fixture(autouse=True)
def _restore_language():
    """The language middleware activates a language per request; put Dutch back afterwards."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


def test_parser_reads_fuzzy_plural_and_multiline_entries(tmp_path):
    po = tmp_path / "sample.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n'
        "#: a.py:1\n"
        '#, fuzzy, python-format\nmsgid "Welkom, %(name)s"\nmsgstr "Welcome, %(name)s"\n\n'
        'msgid ""\n"Twee "\n"regels"\nmsgstr ""\n\n'
        'msgid "één klus"\nmsgid_plural "%(n)d klussen"\n'
        'msgstr[0] "one job"\nmsgstr[1] "%(n)d jobs"\n\n'
        '#~ msgid "Oud"\n#~ msgstr "Old"\n',
        encoding="utf-8",
    )
    parsed = _parse_po(po)
    assert [entry.msgid for entry in parsed] == ["Welkom, %(name)s", "Twee regels", "één klus"]
    assert parsed[0].flags == {"fuzzy", "python-format"}
    assert parsed[1].translations == [""]
    assert parsed[2].translations == ["one job", "%(n)d jobs"]


def test_po_file_has_every_message_translated_and_none_fuzzy(entries):
    assert len(entries) > 300
    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]
    untranslated = [entry.msgid for entry in entries if not all(entry.translations)]
    assert fuzzy == []
    assert untranslated == []


def test_translations_keep_the_placeholders_of_the_dutch_text(entries):
    mismatched = []
    for entry in entries:
        expected = PLACEHOLDER.findall(entry.msgid + entry.fields.get("msgid_plural", ""))
        for translated in entry.translations:
            found = PLACEHOLDER.findall(translated)
            if "msgid_plural" in entry.fields:
                ok = set(found) <= set(expected)
            else:
                ok = sorted(found) == sorted(expected)
            if not ok:
                mismatched.append(entry.msgid)
    assert mismatched == []


def test_msgfmt_accepts_the_catalogue_and_counts_only_translated_messages(entries):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext is missing: run bin/setup"
    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(PO_PATH)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == f"{len(entries)} translated messages."


def test_compiled_catalogue_matches_the_po_file(entries):
    assert MO_PATH.exists(), "run bin/setup (manage.py compilemessages)"
    with MO_PATH.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    def compiled_text(entry: Entry) -> str:
        """The compiled translation of ``entry``, under its context when it has one."""
        if "msgctxt" in entry.fields:
            return compiled.pgettext(entry.fields["msgctxt"], entry.msgid)
        return compiled.gettext(entry.msgid)

    stale = [
        entry.msgid
        for entry in entries
        if "msgid_plural" not in entry.fields and compiled_text(entry) != entry.fields["msgstr"]
    ]
    assert stale == [], "django.mo is out of date: run manage.py compilemessages"


def _translated(language: str, dutch: str) -> str:
    """``dutch`` looked up in ``language`` (a helper, so makemessages does not see a source)."""
    with translation.override(language):
        return translation.gettext(dutch)


@pytest.mark.parametrize(
    ("dutch", "english"),
    [
        ("Samenwerkingsafspraken", "Agreements"),
        ("Buurtwerkkamer", "Room"),
        ("Streefcijfer", "Target"),
        ("Gerealiseerd", "Realised"),
        ("Enquête", "Survey"),
        ("Aantal", "Count"),
        ("Uniek #", "Unique #"),
        ("Klussen #", "Jobs #"),
        ("Begroting", "Budget"),
        ("Controle", "Audit"),
        ("teamcoördinator", "team coordinator"),
        ("tussenrapportage", "interim report"),
        ("%(quarter)se kwartaal %(year)s", "Q%(quarter)s %(year)s"),
    ],
)
def test_domain_terms_use_the_glossary_words(dutch, english):
    assert _translated("en", dutch) == english
    assert _translated("nl", dutch) == dutch


def _switch_language(client, language: str, next_url: str):
    response = client.post(reverse("set_language"), {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    return client.get(next_url)


def test_home_page_is_dutch_by_default_even_for_an_english_browser(client, tenants):
    client.force_login(tenants.a.coordinator)
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl"' in html
    assert "Welkom, a-coordinator" in html
    assert "Samenwerkingsafspraken" in html
    assert "Nog geen afspraken zichtbaar. Vraag de beheerder" in html
    assert "Uitloggen" in html
    assert "Welcome" not in html


def test_home_page_switches_to_english_and_back_to_dutch(client, tenants):
    client.force_login(tenants.a.coordinator)
    home = reverse("home")

    response = _switch_language(client, "en", home)
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Welcome, a-coordinator" in html
    assert "No agreements visible yet. Ask the administrator to load the" in html
    assert "Record an activity" in html
    assert "Log out" in html
    assert "Welkom" not in html
    assert "Samenwerkingsafspraken" not in html
    assert "Activiteit registreren" not in html

    html = _switch_language(client, "nl", home).content.decode()
    assert "Welkom, a-coordinator" in html
    assert "Welcome" not in html


def test_log_page_is_dutch_by_default(client, tenants):
    client.force_login(tenants.a.coordinator)
    html = client.get(reverse("registrations:log")).content.decode()
    assert "<title>Registreren · Buurtwerkkamers</title>" in html
    assert "Activiteit registreren" in html
    assert "Nog niets geregistreerd op deze dag." in html
    assert "Klus registreren" in html
    assert "Sociale ontmoeting" in html


def test_log_page_in_english_after_choosing_english(client, tenants):
    client.force_login(tenants.a.coordinator)
    html = _switch_language(client, "en", reverse("registrations:log")).content.decode()
    assert "<title>Record · Buurtwerkkamers</title>" in html
    assert "Record an activity" in html
    assert "Nothing recorded on this day yet." in html
    assert "Record a job" in html
    assert "Social meeting" in html
    assert "Type a code or nickname" in html
    for dutch in (
        "Activiteit registreren",
        "Nog niets geregistreerd op deze dag.",
        "Klus registreren",
        "Sociale ontmoeting",
        "Typ code of roepnaam",
    ):
        assert dutch not in html


def test_log_page_heading_shows_the_day_as_dd_mm_yyyy_in_both_languages(client, tenants):
    client.force_login(tenants.a.coordinator)
    url = f"{reverse('registrations:log')}?location={tenants.a.location.pk}&date=2019-03-04"

    dutch = client.get(url).content.decode()
    assert "a Noord op 04-03-2019" in dutch

    english = _switch_language(client, "en", url).content.decode()
    assert "a Noord on 04-03-2019" in english
    assert "March" not in english
    assert "2019-03-04</h2>" not in english


def test_session_list_shows_dates_as_dd_mm_yyyy_in_both_languages(client, tenants):
    SessionFactory(location=tenants.a.location, date=datetime.date(2019, 11, 5))
    client.force_login(tenants.a.coordinator)
    url = reverse("registrations:session_list")

    assert ">05-11-2019</a>" in client.get(url).content.decode()
    english = _switch_language(client, "en", url).content.decode()
    assert ">05-11-2019</a>" in english
    assert "Nov." not in english
