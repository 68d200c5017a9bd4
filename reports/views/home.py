"""The start page: the user's rooms and agreements and, for those who see issued reports
(the board, admins, funders), per agreement the issued versions, the next reporting deadline
and, for a funder, its own contribution per location (issue 9, "The funder portal")."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from agreements.models import Agreement, ReportingDeadline
from budgets.models import Financing
from locations.access import Action, Area
from locations.access.views import AccessMixin
from locations.models import Location
from reports.models import IssuedReport
from reports.views.issued import issued_versions


@dataclass
class AgreementCard:
    """One agreement on the start page: its issued versions (newest period first), the next
    reporting deadline (None when none is ahead) and, for a funder, its own contribution per
    location ((location name, euros)) and in total."""

    agreement: Agreement
    versions: list[IssuedReport] = field(default_factory=list)
    next_deadline: ReportingDeadline | None = None
    contribution: list[tuple[str, Decimal]] = field(default_factory=list)

    @property
    def contribution_total(self) -> Decimal:
        """The funder's contribution over its locations, in euros."""
        return sum((amount for _name, amount in self.contribution), Decimal(0))


class HomeView(AccessMixin, TemplateView):
    """Start page (URL name ``home``): the user's rooms and agreements with their issued
    reports, deadlines and (funders) contributions; a constant number of queries."""

    template_name = "home.html"
    access_area = Area.ORGANISATION

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        agreements = list(
            self.restrict(Agreement.objects.select_related("organisation")).order_by(
                "-year", "region"
            )
        )
        cards = {agreement.pk: AgreementCard(agreement) for agreement in agreements}
        if self.scope.allows(Action.VIEW, Area.ISSUED):
            for version in issued_versions(IssuedReport.objects.filter(agreement__in=agreements)):
                cards[version.agreement_id].versions.append(version)
        today = timezone.localdate()
        for deadline in ReportingDeadline.objects.filter(
            agreement__in=agreements, due_on__gte=today
        ).order_by("due_on"):
            card = cards[deadline.agreement_id]
            card.next_deadline = card.next_deadline or deadline
        if any(grant.party_id is not None for grant in self.scope.grants):
            for row in (
                Financing.objects.filter(agreement__in=agreements)
                .select_related("location", "room_group")
                .order_by("location__name", "room_group__position")
            ):
                # A room, or (issue 12) a room group or the whole region.
                where = (
                    row.location.name
                    if row.location is not None
                    else row.room_group.name
                    if row.room_group is not None
                    else _("Regio")
                )
                cards[row.agreement_id].contribution.append((where, row.amount))
        context["cards"] = list(cards.values())
        context["agreements"] = agreements
        context["locations"] = self.restrict(Location.objects.select_related("organisation"))
        return context
