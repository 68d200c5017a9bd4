"""Language selection: Dutch unless the user chose another language."""

from django.conf import settings
from django.utils import translation


class DefaultLanguageMiddleware:
    """Activate the language the user chose with the language switch, else Dutch.

    Replaces Django's LocaleMiddleware, which would follow the browser's Accept-Language
    header: the interface is Dutch by default (DOMAIN.md), English only on request. The
    choice is the ``django_language`` cookie set by Django's ``set_language`` view.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
