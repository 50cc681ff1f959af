from django.conf import settings


def service(request):
    """The service's own name, for the header and page titles."""
    return {"service_name": settings.SERVICE_NAME, "council_name": settings.COUNCIL_NAME}
