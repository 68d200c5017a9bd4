"""Pages of the agreements app: the user's agreements, one agreement in full, the mixin of
pages about one agreement, and closing a period of an agreement (the home page, which lists
issued reports too, is in reports)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from agreements.models import Agreement, PeriodClosure
from agreements.selectors import agreement_detail, agreement_list
from agreements.services import close_refusal, period_close
from locations.access import Action, Area
from locations.access.views import AccessMixin
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
