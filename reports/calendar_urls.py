"""URL patterns of the reporting calendar (issue 11), at the site's root: ``/kalender/``
(``calendar:index``) and the feed ``/kalender.ics`` (``calendar:feed``)."""

from django.urls import path

from reports.views import calendar

app_name = "calendar"
urlpatterns = [
    path("kalender/", calendar.CalendarView.as_view(), name="index"),
    path("kalender.ics", calendar.CalendarFeedView.as_view(), name="feed"),
]
