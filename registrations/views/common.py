"""What the registrations pages share: the remembered location."""

#: Session key remembering the location a coordinator with several locations last picked.
LOCATION_SESSION_KEY = "registrations_location_id"
