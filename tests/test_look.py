"""The look without a browser (issue 14): the NL Design System packages are served from our own
static files, the theme's colour pairs meet WCAG AA (computed from theme.css), every form field
renders with its label, help text and errors linked, the admin's forms.css copy is Django's,
the accessibility statement is public and says what the product does, and the header shows the
user's organisation."""

import json
import re
from pathlib import Path

import django
import pytest
from django import forms
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
THEME = (ROOT / "static" / "css" / "theme.css").read_text(encoding="utf-8")


def test_every_utrecht_package_is_served_and_linked(client):
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    names = sorted(n.split("/")[1] for n in package["dependencies"] if n.startswith("@utrecht/"))
    assert names == settings.BWK_UTRECHT_PACKAGES
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in package["dependencies"].values())
    for name in names:
        assert finders.find(f"utrecht/{name}/index.min.css"), name  # installed and found
    html = client.get(reverse("privacy")).content.decode()
    for name in names:
        assert f'href="/static/utrecht/{name}/index.min.css"' in html
    assert "axe-core" not in package["dependencies"]  # a test tool only


def _colours() -> dict[str, str]:
    return dict(re.findall(r"--(bwk-[a-z-]+):\s*(#[0-9a-f]{6})", THEME))


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two colours "#rrggbb"."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48  # WCAG's well-known borderline grey


@pytest.mark.parametrize(
    ("foreground", "background", "minimum"),
    [
        ("bwk-ink", "bwk-white", 4.5),
        ("bwk-ink", "bwk-surface", 4.5),
        ("bwk-muted", "bwk-white", 4.5),
        ("bwk-muted", "bwk-surface", 4.5),
        ("bwk-primary", "bwk-white", 4.5),  # links; white on primary buttons
        ("bwk-primary", "bwk-surface", 4.5),
        ("bwk-primary-dark", "bwk-white", 4.5),  # hover; the footer's white links
        ("bwk-ink", "bwk-primary-tint", 4.5),  # messages
        ("bwk-ink", "bwk-green-tint", 4.5),
        ("bwk-ink", "bwk-amber-tint", 4.5),
        ("bwk-ink", "bwk-red-tint", 4.5),
        ("bwk-green", "bwk-white", 4.5),
        ("bwk-amber", "bwk-white", 4.5),
        ("bwk-red", "bwk-white", 4.5),
        ("bwk-red", "bwk-red-tint", 4.5),  # errors on an error background
        ("bwk-control-border", "bwk-white", 3.0),  # an input's boundary (1.4.11)
        ("bwk-focus", "bwk-white", 3.0),  # the focus ring (2.4.13 / 1.4.11)
        ("bwk-focus", "bwk-surface", 3.0),
    ],
)
def test_theme_colour_pairs_meet_wcag_aa(foreground, background, minimum):
    colours = _colours()
    assert contrast(colours[foreground], colours[background]) >= minimum


class _Form(forms.Form):
    name = forms.CharField(label="Naam", help_text="Zoals de bewoner zich noemt.")
    kind = forms.ChoiceField(label="Soort", choices=[("a", "A"), ("b", "B")])
    newcomer = forms.BooleanField(label="Statushouder", required=False)


def test_a_field_renders_with_its_label_help_text_and_errors_linked():
    form = _Form(data={"kind": "a"})
    assert not form.is_valid()
    html = str(form)
    assert '<label for="id_name">Naam:</label>' in html
    assert 'id="id_name_helptext"' in html
    assert 'id="id_name_error"' in html
    name_input = re.search(r"<input[^>]*name=\"name\"[^>]*>", html).group(0)
    assert 'aria-describedby="id_name_helptext id_name_error"' in name_input
    assert 'aria-invalid="true"' in name_input
    assert 'class="utrecht-textbox utrecht-textbox--html-input"' in name_input
    assert "utrecht-form-field--invalid" in html
    select = re.search(r"<select[^>]*>", html).group(0)
    assert "utrecht-select" in select and "aria-invalid" not in select
    box = re.search(r"<input[^>]*name=\"newcomer\"[^>]*>", html).group(0)
    assert "utrecht-checkbox" in box
    assert html.index('name="newcomer"') < html.index('<label for="id_newcomer"')  # box first


def test_a_widgets_own_class_is_kept():
    field = forms.CharField(widget=forms.TextInput(attrs={"class": "code"}))
    html = str(forms.Form.__class__("F", (forms.Form,), {"code": field})()["code"])
    assert html.count("class=") == 1
    assert 'class="utrecht-textbox utrecht-textbox--html-input code"' in html


def test_the_admins_forms_css_is_djangos_without_its_import():
    ours = (ROOT / "static" / "admin" / "css" / "forms.css").read_text(encoding="utf-8")
    djangos = (Path(django.__file__).parent / "contrib/admin/static/admin/css/forms.css").read_text(
        encoding="utf-8"
    )
    assert djangos.splitlines()[0] == "@import url('widgets.css');"
    assert ours.endswith("\n".join(djangos.splitlines()[1:]) + "\n")
    assert "@import url" not in ours
    assert f"({django.get_version()})" in ours.splitlines()[0]


def test_the_accessibility_statement_is_public_and_complete(client, settings):
    settings.BWK_CONTACT_EMAIL = "toegankelijkheid@example.nl"
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    html = response.content.decode()
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert f"axe-core {package['devDependencies']['axe-core']}" in html
    for part in ("Voldoet gedeeltelijk", "WCAG 2.2 AA", "Bekende problemen", "Nationale ombudsman"):
        assert part in html
    assert 'href="mailto:toegankelijkheid@example.nl"' in html
    assert settings.BWK_OPERATOR_NAME in html
    assert client.post(reverse("accessibility")).status_code == 405


def test_the_statement_in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("accessibility")).content.decode()
    assert "Accessibility statement" in html
    assert "Partially compliant" in html


def test_the_header_shows_the_users_organisation(client, tenants):
    assert "Buurtwerkkamers</span>" in client.get(reverse("privacy")).content.decode()
    client.force_login(tenants.a.coordinator)
    html = client.get(reverse("privacy")).content.decode()
    assert f"{tenants.a.organisation.name}</span>" in html
    assert tenants.b.organisation.name not in html
    assert f'href="mailto:{settings.BWK_CONTACT_EMAIL}"' in html
