from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/dashboard.html")


def legal(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in {"terms", "privacy"}:
        raise Http404
    return render(request, "accounts/legal.html", {"kind": kind})
