"""Pages of the agreements app: the user's agreements, one agreement in full, the mixin of
pages about one agreement, and closing a period of an agreement (the home page, which lists
issued reports too, is in reports)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from agreements.files import agreement_file_load, agreement_file_text, problem_rows
from agreements.loader import LoaderError
from agreements.models import Agreement, PeriodClosure
from agreements.selectors import agreement_detail, agreement_list
from agreements.services import close_refusal, period_close
from locations.access import Action, Area
from locations.access.views import AccessMixin
from locations.csv_import import size_errors
from locations.periods import parse_period


class AgreementPageMixin(AccessMixin):
    """A page about one agreement, named by the URL's ``agreement_id``: the agreement is the
    page's target (``self.target``), found among those the user may see (404 otherwise);
    the page's area and actions then decide 403 (:class:`~locations.access.views.AccessMixin`).
    Used by the progress report, the budget page and the board page."""

    target: Agreement

    def get_target(self) -> Agreement:
        return self.find(
            Agreement.objects.select_related("organisation"), pk=self.kwargs["agreement_id"]
        )


class AgreementListView(AccessMixin, TemplateView):
    """The agreements in the user's scope, each with links to its page and progress report."""

    access_area = Area.AGREEMENT
    template_name = "agreements/agreement_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["agreements"] = agreement_list(user=self.request.user)
        return context


class AgreementDetailView(AccessMixin, TemplateView):
    """One agreement: parties, rooms, deadlines and the targets table; 404 outside the scope."""

    access_area = Area.AGREEMENT
    template_name = "agreements/agreement_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["detail"] = agreement_detail(user=self.request.user, pk=self.kwargs["pk"])
        context["agreement"] = context["detail"].agreement
        return context


class PeriodCloseView(AgreementPageMixin, TemplateView):
    """``afspraken/<agreement_id>/afsluiten/``: the reporting periods of an agreement's year,
    each closed (by whom, when), open, or open and not yet closable (its report is not issued:
    :func:`agreements.services.close_refusal`), with every closure made so far (who reopened
    it, when and why); POST ``period`` ("YYYY-Qn" or "YYYY") closes that period
    (:func:`agreements.services.period_close`) and redirects to ``next`` (a local URL, e.g. the
    board page the form was on; default this page) with a message saying what happened or
    why not. Reopening is the admin's (``/beheer/``, :func:`agreements.services.period_reopen`).

    For whoever may issue reports in the agreement's organisation (the board and admins):
    403 for other roles, 404 for an agreement outside the user's scope.
    """

    template_name = "agreements/period_close.html"
    access_area = Area.REPORT
    access_actions = {"get": Action.ISSUE, "post": Action.ISSUE}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement = self.target
        closures = list(
            PeriodClosure.objects.filter(agreement=agreement).select_related(
                "closed_by", "reopened_by"
            )
        )
        holding = {closure.period: closure for closure in closures if not closure.is_reopened}
        context.update(
            agreement=agreement,
            # (period, its closure or None, why it may not be closed yet or None)
            periods=[
                (p, holding.get(p.code), None if p.code in holding else close_refusal(agreement, p))
                for p in agreement.reporting_periods()
            ],
            closures=closures,
        )
        return context

    def post(self, request, *args, **kwargs):
        agreement = self.target
        try:
            closure = period_close(
                user=request.user, agreement=agreement, period=request.POST.get("period", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _(
                    "%(period)s is afgesloten: registraties in deze periode kunnen niet meer "
                    "worden toegevoegd, gewijzigd of verwijderd. Een beheerder kan de periode "
                    "heropenen."
                )
                % {"period": parse_period(closure.period).label},
            )
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("agreements:period_close", kwargs={"agreement_id": agreement.pk})
        return HttpResponseRedirect(target)


class AgreementFileForm(forms.Form):
    """The upload page's form: one agreement file (YAML, docs/agreement-format.md)."""

    file = forms.FileField(
        label=gettext_lazy("Afsprakenbestand (YAML)"),
        help_text=gettext_lazy(
            "Kies het bestand met de afspraak op uw computer. Het eindigt op .yaml."
        ),
    )

    def clean_file(self):
        """The upload, refused before it is read when it is larger than a file upload
        accepts (:func:`locations.csv_import.size_errors`, ``settings.IMPORT_MAX_BYTES``)."""
        upload = self.cleaned_data["file"]
        errors = size_errors(upload.size)
        if errors:
            raise forms.ValidationError(errors)
        return upload


class AgreementUploadView(AccessMixin, TemplateView):
    """Upload an agreement file and load it all or nothing (issue 12): every problem is listed
    with its line and column and nothing is loaded; a valid file is loaded and the page
    sends the admin to the agreement. Admins only (adding agreements)."""

    access_area = Area.AGREEMENT
    access_actions = {"get": Action.ADD, "post": Action.ADD}
    template_name = "agreements/agreement_upload.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", AgreementFileForm())
        return context

    def post(self, request, *args, **kwargs):
        form = AgreementFileForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        try:
            summaries = agreement_file_load(
                user=request.user, name=upload.name, content=upload.read()
            )
        except LoaderError as error:
            return self.render_to_response(
                self.get_context_data(form=form, problems=problem_rows(error), file=upload.name)
            )
        agreement = Agreement.objects.filter(pk=summaries[0].agreement_id).first()
        messages.success(
            request,
            _("%(file)s is geladen: %(agreement)s.")
            % {"file": summaries[0].file, "agreement": summaries[0].agreement},
        )
        for summary in summaries:
            if summary.kind_changes:
                messages.warning(
                    request,
                    _(
                        "Dit bestand geeft een partij een andere soort (kind_changed): "
                        "%(changes)s. Andere afspraken houden de soort die zij noemen."
                    )
                    % {"changes": ", ".join(summary.kind_changes)},
                )
            if summary.removed_indicators:
                messages.warning(
                    request,
                    _("Indicatoren verwijderd (niet meer in het bestand): %(codes)s.")
                    % {"codes": ", ".join(summary.removed_indicators)},
                )
        target = reverse("agreements:detail", args=[agreement.pk]) if agreement else "/"
        return HttpResponseRedirect(target)


class AgreementFileView(AgreementPageMixin, TemplateView):
    """Download the agreement as a file in the current format (format 2) that loads back
    identically (issue 12). Admins only (it is the agreement as they would edit it)."""

    access_area = Area.AGREEMENT
    access_actions = {"get": Action.CHANGE}

    def get(self, request, *args, **kwargs):
        text = agreement_file_text(self.target)
        response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.target.slug}.yaml"'
        return response
