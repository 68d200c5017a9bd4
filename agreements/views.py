"""Pages of the agreements app: the home page, the user's agreements and one agreement in full."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from agreements.models import Agreement
from agreements.selectors import agreement_detail, agreement_list
from locations.models import Location


class HomeView(LoginRequiredMixin, TemplateView):
    """Start page (URL name ``home``): the user's rooms and agreements, with links to logging
    and reports. Lives here, not in ``locations``, because it lists agreements (the lowest
    layer knows nothing of them)."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["locations"] = Location.objects.select_related("organisation")
        context["agreements"] = Agreement.objects.select_related("organisation")
        return context


class AgreementListView(LoginRequiredMixin, TemplateView):
    """The agreements in the user's scope, each with links to its page and progress report."""

    template_name = "agreements/agreement_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["agreements"] = agreement_list(user=self.request.user)
        return context


class AgreementDetailView(LoginRequiredMixin, TemplateView):
    """One agreement: parties, rooms, deadlines and the targets table; 404 outside the scope."""

    template_name = "agreements/agreement_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["detail"] = agreement_detail(user=self.request.user, pk=self.kwargs["pk"])
        context["agreement"] = context["detail"].agreement
        return context
