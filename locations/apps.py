from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LocationsConfig(AppConfig):
    name = "locations"
    verbose_name = _("Buurtwerkkamers")

    def ready(self) -> None:
        """Connect the receivers that end sessions and stamp logins
        (:mod:`locations.accounts.sessions`)."""
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from locations.accounts import sessions
        from locations.models import Membership

        user_logged_in.connect(sessions.stamp_login, dispatch_uid="bwk_stamp_login")
        post_save.connect(sessions.user_saved, sender=get_user_model(), dispatch_uid="bwk_user")
        post_delete.connect(
            sessions.membership_deleted, sender=Membership, dispatch_uid="bwk_membership"
        )
        m2m_changed.connect(
            sessions.membership_locations_changed,
            sender=Membership.locations.through,
            dispatch_uid="bwk_membership_locations",
        )
