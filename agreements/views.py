"""Pages of the agreements app: the user's agreements, one agreement in full, and the mixin of
pages about one agreement (the home page, which lists issued reports too, is in reports)."""

from django.views.generic import TemplateView

from agreements.models import Agreement
from agreements.selectors import agreement_detail, agreement_list
from locations.access import Area
from locations.access.views import AccessMixin


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
