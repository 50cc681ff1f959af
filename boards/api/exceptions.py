"""API errors: a domain refusal answers with its status and its sentence."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from boards.exceptions import DomainError


def exception_handler(exc, context):
    """Turn domain refusals and model validation errors into 4xx answers with messages."""
    if isinstance(exc, DomainError):
        body = {"detail": exc.message}
        if exc.field:
            body = {exc.field: [exc.message], "detail": exc.message}
        return Response(body, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            body = {
                (api_settings.NON_FIELD_ERRORS_KEY if key == NON_FIELD_ERRORS else key): messages
                for key, messages in exc.message_dict.items()
            }
        else:
            body = {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
        return Response(body, status=400)
    return drf_exception_handler(exc, context)
