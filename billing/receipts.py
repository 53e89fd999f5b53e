"""Receipts as PDF (reportlab). CJK text uses reportlab's built-in CID font, no font files."""

from io import BytesIO

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from billing.models import Invoice

FONT = "HeiseiKakuGo-W5"


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def receipt_pdf(*, invoice: Invoice, customer_name: str | None = None) -> bytes:
    """A one-page receipt (or invoice, while unpaid) with its lines and payments; the customer's
    name is printed as given (masked for staff who may not see it), by default in full."""
    font = _font()
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    y = height - 25 * mm
    title = _("Receipt") if invoice.status in ("paid", "refunded") else _("Invoice")
    pdf.setTitle(f"{title} {invoice.number}")
    pdf.setFont(font, 18)
    pdf.drawString(20 * mm, y, f"{title} {invoice.number}")
    pdf.setFont(font, 10)
    y -= 10 * mm
    for text in (
        "Transship Japan",
        settings.SITE_URL,
        _("Customer: %s")
        % (invoice.user.get_full_name() if customer_name is None else customer_name),
        _("Issued: %s") % timezone.localtime(invoice.issued_at).date().isoformat(),
        _("Due: %s") % invoice.due_date.isoformat(),
        _("Status: %s") % invoice.get_status_display(),
    ):
        pdf.drawString(20 * mm, y, str(text))
        y -= 6 * mm
    y -= 4 * mm
    pdf.line(20 * mm, y, width - 20 * mm, y)
    y -= 7 * mm
    for line in invoice.lines.all():
        pdf.drawString(20 * mm, y, line.description[:80])
        pdf.drawRightString(width - 20 * mm, y, f"¥{line.amount:,.0f}")
        y -= 6 * mm
    pdf.line(20 * mm, y, width - 20 * mm, y)
    y -= 7 * mm
    for label, amount in (
        (_("Total"), invoice.total),
        (_("Paid"), invoice.amount_paid),
        (_("Refunded"), invoice.amount_refunded),
        (_("Due"), invoice.amount_due),
    ):
        pdf.drawString(120 * mm, y, str(label))
        pdf.drawRightString(width - 20 * mm, y, f"¥{amount:,.0f}")
        y -= 6 * mm
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
