from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def invoices(request: HttpRequest) -> HttpResponse:
    return render(request, "billing/invoices.html")


def rates(request: HttpRequest) -> HttpResponse:
    return render(request, "billing/rates.html")
