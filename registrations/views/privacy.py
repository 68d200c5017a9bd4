"""Privacy requests (issue 10, "Subject access and erasure"): the board and admins find one
participant or volunteer, export everything about them (a JSON file) and erase them on
request.

Access (:mod:`locations.access`, area :attr:`~locations.access.Area.PRIVACY`): the board and
admins of the person's organisation. Funders see no personal data: every page answers them
404 (as every registrations page does); coordinators see the pages exist and get 403; another
organisation's person is 404 for everyone.

- ``registrations:privacy`` (GET) the search form and the register of erasures; (POST) find
  a person by register and code, then redirect to their page (the code travels in the POST
  body, not in a URL);
- ``registrations:privacy_person`` (GET) what is stored about the person, with the export and
  erasure forms;
- ``registrations:privacy_export`` (POST, :attr:`Action.EXPORT`, a reason) the JSON file;
- ``registrations:privacy_erase`` (POST, :attr:`Action.ERASE`, the code typed again, a reason
  and a confirmation) the erasure; cannot be undone.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from locations.access import Action, Area
from locations.access.views import AccessMixin
from locations.audit import log_view
from registrations.forms.privacy import EraseForm, ExportForm, PersonFindForm
from registrations.models import Erasure, PersonKind
from registrations.privacy.personal import PERSONAL_FIELDS, history_model, person_model
from registrations.privacy.subject import (
    erasures_of,
    export_file_name,
    kind_of,
    person_erase,
    person_export,
)

#: The register's slug in URLs (Dutch) -> :class:`PersonKind` value.
URL_KINDS = {"deelnemer": PersonKind.PARTICIPANT, "vrijwilliger": PersonKind.VOLUNTEER}
_SLUGS = {kind: slug for slug, kind in URL_KINDS.items()}


def person_url(name: str, person) -> str:
    """The URL ``registrations:<name>`` of a participant or volunteer."""
    return reverse(name, kwargs={"kind": _SLUGS[kind_of(person)], "pk": person.pk})


class _PrivacyMixin(AccessMixin):
    """Area :attr:`Area.PRIVACY`; 404 for users who may see no personal data (funders)."""

    access_area = Area.PRIVACY

    def get_target(self):
        # After the login and method checks of AccessMixin.dispatch, before anything else.
        if not self.scope.allows(Action.VIEW, Area.REGISTRATION):
            raise Http404
        return None


class PrivacyIndexView(_PrivacyMixin, View):
    """The search form and the register of erasures of the user's organisations (newest
    first, at most 100)."""

    template_name = "registrations/privacy/index.html"

    def _render(self, request, form, status=200):
        register = Erasure.objects.select_related("erased_by").order_by("-erased_at", "-pk")
        context = {"form": form, "register": register[:100]}
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self._render(request, PersonFindForm())

    def post(self, request):
        form = PersonFindForm(request.POST)
        if form.is_valid():
            model = person_model(form.cleaned_data["kind"])
            person = self.restrict(
                model.objects.filter(code__iexact=form.cleaned_data["code"].strip()),
                Action.VIEW,
                Area.PRIVACY,
            ).first()
            if person is not None:
                return HttpResponseRedirect(person_url("registrations:privacy_person", person))
            form.add_error("code", _("Niet gevonden in dit register."))
        return self._render(request, form)


class _PersonView(_PrivacyMixin, View):
    template_name = "registrations/privacy/person.html"

    def get_target(self):
        super().get_target()
        kind = URL_KINDS.get(self.kwargs["kind"])
        if kind is None:
            raise Http404
        model = person_model(kind)
        return self.find(model.objects.select_related("home_location"), pk=self.kwargs["pk"])

    def summary(self, person) -> list[dict]:
        """Per kind of record: its name, how many rows and history rows refer to the person,
        and the personal fields that are removed on erasure."""
        lines = []
        for linked in PERSONAL_FIELDS[kind_of(person)]:
            lookup = {linked.link: person.pk}
            meta = linked.model._meta
            lines.append(
                {
                    "name": meta.verbose_name_plural,
                    "records": linked.model._default_manager.filter(**lookup).count(),
                    "history": history_model(linked.model)
                    ._default_manager.filter(**lookup)
                    .count(),
                    "fields": [meta.get_field(name).verbose_name for name in linked.fields],
                }
            )
        return lines

    def render_page(self, request, *, export_form=None, erase_form=None, status=200):
        person = self.target
        context = {
            "person": person,
            "kind": person._meta.verbose_name,
            "kind_slug": _SLUGS[kind_of(person)],
            "summary": self.summary(person),
            "erasures": erasures_of(person),
            "export_form": export_form or ExportForm(),
            "erase_form": erase_form or EraseForm(),
            "may_export": self.scope.can_object(Action.EXPORT, person, Area.PRIVACY),
            "may_erase": self.scope.can_object(Action.ERASE, person, Area.PRIVACY),
        }
        return render(request, self.template_name, context, status=status)


class PrivacyPersonView(_PersonView):
    """What is stored about one participant or volunteer, with the export and erasure forms;
    each view is written to the access log (:func:`locations.audit.log_view`)."""

    def get(self, request, kind, pk):
        log_view(request, self.target)
        return self.render_page(request)


class PrivacyExportView(_PersonView):
    """POST ``reason``: everything about the person as a JSON file (a download)."""

    http_method_names = ["post"]
    access_actions = {"post": Action.EXPORT}

    def post(self, request, kind, pk):
        form = ExportForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, export_form=form, status=400)
        content = person_export(
            user=request.user, person=self.target, reason=form.cleaned_data["reason"]
        )
        response = HttpResponse(content, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{export_file_name(self.target)}"'
        return response


class PrivacyEraseView(_PersonView):
    """POST ``confirm_code``, ``reason``, ``confirm``: erase the person; back to their page."""

    http_method_names = ["post"]
    access_actions = {"post": Action.ERASE}

    def post(self, request, kind, pk):
        person = self.target
        form = EraseForm(request.POST)
        if form.is_valid():
            try:
                person_erase(
                    user=request.user,
                    person=person,
                    reason=form.cleaned_data["reason"],
                    confirm_code=form.cleaned_data["confirm_code"],
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(
                    request,
                    _("De persoonsgegevens van %(code)s zijn verwijderd.") % {"code": person.code},
                )
                return HttpResponseRedirect(person_url("registrations:privacy_person", person))
        return self.render_page(request, erase_form=form, status=400)
