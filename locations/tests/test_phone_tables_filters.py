"""The template filters of the phone-first tables (issue 14), without a database: how many
filters a form's query string sets, and a column heading by position."""

from django import forms
from django.http import QueryDict

from locations.templatetags.phone_tables import active_filter_count, at


class _Filters(forms.Form):
    period = forms.CharField(required=False)
    location = forms.MultipleChoiceField(
        required=False, choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )
    audience = forms.CharField(required=False)


def test_counts_each_field_given_a_value_once():
    form = _Filters(QueryDict("period=2019-Q2&location=a&location=b&audience="))
    assert active_filter_count(form) == 2


def test_an_unbound_form_an_empty_query_and_none_count_nothing():
    assert active_filter_count(_Filters()) == 0
    assert active_filter_count(_Filters(QueryDict(""))) == 0
    assert active_filter_count(None) == 0


def test_a_prefixed_form_reads_its_prefixed_names():
    form = _Filters(QueryDict("f-period=2019&period=2021"), prefix="f")
    assert active_filter_count(form) == 1


def test_at_gives_the_heading_of_a_column_or_nothing_past_the_end():
    headers = ["Noord", "Zuid", "Totaal"]
    assert at(headers, 0) == "Noord"
    assert at(headers, 2) == "Totaal"
    assert at(headers, 3) == ""
