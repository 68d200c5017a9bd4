"""Registrations: participants, activity sessions, attendances and jobs."""
