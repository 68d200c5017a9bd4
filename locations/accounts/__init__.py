"""Accounts and sessions: who must log in with a second step, and how sessions end.

- :mod:`~locations.accounts.policy`: the one answer to "must this user use two-factor
  login?" (:func:`two_factor_required`), from their memberships' roles;
- :mod:`~locations.accounts.middleware`: sends a user who must use it and has not verified a
  device to the setup page (:class:`TwoFactorMiddleware`), and ends sessions after the idle
  and the absolute timeout (:class:`SessionTimeoutMiddleware`);
- :mod:`~locations.accounts.sessions`: ending every session of a user (deactivated, or a
  membership removed);
- ``bwk.accounts`` (the top layer, next to the URLs): the login (django-two-factor-auth's,
  also for the admin), the lockout page (django-axes), password reset and change (Django's
  views);
- :mod:`~locations.accounts.demo`: the demo users' known TOTP keys and recovery codes.

docs/security.md "Accounts and sessions" lists each protection with the test that proves it.
"""
