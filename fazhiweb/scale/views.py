"""A trivial view: the baseline the web benchmark compares the real pages against."""

from django.http import HttpResponse


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
