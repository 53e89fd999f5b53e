"""Customs paperwork: the UPU CN22 and CN23 declarations as forms with boxes, and the
commercial invoice couriers want. The sender is the warehouse, signing on the customer's behalf
(the signer's name is the CUSTOMS_SIGNER_NAME setting); the total gross weight is the box as
weighed at packing."""

from decimal import Decimal
from io import BytesIO

from constance import config
from django.utils import timezone
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from parcels.documents import fonts
from parcels.documents.layout import SENDER, barcode, box, check, fit, recipient_lines, title
from parcels.models import CustomsLine, Shipment
from parcels.states import CustomsCategory, CustomsForm

CATEGORY_BOXES = (
    (CustomsCategory.GIFT, "Gift"),
    (CustomsCategory.DOCUMENTS, "Documents"),
    (CustomsCategory.COMMERCIAL_SAMPLE, "Commercial sample"),
    (CustomsCategory.RETURNED_GOODS, "Returned goods"),
    (CustomsCategory.SALE_OF_GOODS, "Sale of goods"),
    (CustomsCategory.OTHER, "Other"),
)
CERTIFICATION = (
    "I, the undersigned, certify that the particulars given in this declaration are correct "
    "and that this item does not contain any dangerous article or articles prohibited by "
    "legislation or by postal or customs regulations."
)
COLUMNS = (
    # title, width (share of the table), align
    ("Detailed description of contents", 0.34, "l"),
    ("Quantity", 0.09, "r"),
    ("Net weight (kg)", 0.12, "r"),
    ("Value (JPY)", 0.13, "r"),
    ("HS tariff number", 0.17, "l"),
    ("Country of origin", 0.15, "l"),
)


# Rows each form's contents table has, as on the printed UPU forms; lines beyond them go on
# continuation sheets (the form names how many), CONTINUATION_ROWS to a sheet.
CN22_ROWS = 6
CN23_ROWS = 10
INVOICE_ROWS = 12
CONTINUATION_ROWS = {A5: 26, A4: 44}


def _kg(grams: int | None) -> str:
    return f"{Decimal(grams or 0) / 1000:.3f}"


def _yen(amount: Decimal | int | None) -> str:
    return f"{Decimal(amount or 0):,.0f}"


def _gross(shipment: Shipment) -> str:
    if shipment.packed_weight_g:
        return f"{_kg(shipment.packed_weight_g)} kg"
    return "(weighed at packing)"


def commercial_invoice_number(shipment: Shipment) -> str:
    return f"CI-{shipment.number}"


def _date(shipment: Shipment) -> str:
    return timezone.localdate(shipment.shipped_at or timezone.now()).isoformat()


def _form_for(shipment: Shipment) -> str:
    return shipment.customs_form or CustomsForm.CN22


def _header(pdf: canvas.Canvas, shipment: Shipment, x: float, top: float, w: float, form: str):
    title(pdf, x, top - 14, "CUSTOMS DECLARATION", 13)
    title(pdf, x + w - 36 * mm, top - 14, form.replace("CN", "CN "), 16)
    pdf.setFont(fonts.FONT, 7)
    pdf.drawString(x, top - 24, f"Designated operator: {shipment.service.carrier}")
    pdf.drawString(x, top - 32, f"May be opened officially.   Item: {shipment.number}")


def _sender_addressee(pdf, shipment: Shipment, x: float, top: float, w: float, h: float):
    member = getattr(shipment.user, "member_code", "") or ""
    sender = [*SENDER, f"for customer {member}".strip() if member else ""]
    box(pdf, x, top - h, w / 2, h, "From (sender)", sender)
    addressee = recipient_lines(shipment)
    if shipment.recipient_phone:
        addressee.append(f"Tel. {shipment.recipient_phone}")
    box(pdf, x + w / 2, top - h, w / 2, h, "To (addressee)", addressee)


def _categories(pdf, shipment: Shipment, x: float, top: float, w: float, h: float):
    box(pdf, x, top - h, w, h, "Category of item (tick one)")
    per_row = 3
    for index, (value, label) in enumerate(CATEGORY_BOXES):
        cx = x + 3 + (index % per_row) * (w / per_row)
        cy = top - 17 - (index // per_row) * 12
        check(pdf, cx, cy, label, shipment.customs_category == value)
    box(pdf, x, top - h - 14, w, 14, "Explanation (for Other)")


def _items_table(
    pdf, lines: list[CustomsLine], x: float, top: float, w: float, rows: int, pagesize=A4
):
    """The itemised contents, at most `rows` lines in `rows` boxes; returns the y under the table.

    When there are more lines than rows, a line under the table says how many follow on how many
    continuation sheets, and the totals beside it still count every line."""
    head = 16
    row = 12
    pdf.setLineWidth(0.6)
    pdf.rect(x, top - head - row * rows, w, head + row * rows)
    pdf.line(x, top - head, x + w, top - head)
    cx = x
    edges = []
    for name, share, _align in COLUMNS:
        edges.append((cx, w * share))
        pdf.setFont(fonts.FONT, 5.5)
        pdf.drawString(cx + 2, top - 9, fit(name, fonts.FONT, 5.5, w * share - 3))
        cx += w * share
        if cx < x + w - 1:
            pdf.line(cx, top, cx, top - head - row * rows)
    pdf.setFont(fonts.FONT, 7.5)
    for index, line in enumerate(lines[:rows]):
        y = top - head - row * (index + 1) + 3.5
        cells = (
            line.description,
            str(line.quantity),
            _kg(line.weight_g),
            _yen(line.value),
            line.hs_code,
            line.origin_country,
        )
        for (left, width), (_name, _share, align), text in zip(edges, COLUMNS, cells, strict=True):
            text = fit(text, fonts.FONT, 7.5, width - 4)
            if align == "r":
                pdf.drawRightString(left + width - 2, y, text)
            else:
                pdf.drawString(left + 2, y, text)
    bottom = top - head - row * rows
    if len(lines) > rows:
        pdf.setFont(fonts.FONT_BOLD, 7.5)
        pdf.drawString(
            x,
            bottom - 9,
            f"Continued: {len(lines) - rows} more line(s) on "
            f"{len(_continuation_chunks(lines, rows, pagesize))} continuation sheet(s), "
            "included in the totals below.",
        )
        bottom -= 12
    return bottom


def _continuation_chunks(lines: list, rows: int, pagesize) -> list[list]:
    per_sheet = CONTINUATION_ROWS[pagesize]
    rest = lines[rows:]
    return [rest[i : i + per_sheet] for i in range(0, len(rest), per_sheet)]


def _continuation_sheets(
    pdf, shipment: Shipment, lines: list, rows: int, name: str, pagesize
) -> None:
    """The lines the form had no room for, on sheets of the form's size: each names the form and
    the item (with its barcode, so a sheet that comes loose finds its box), numbers itself,
    repeats the table's columns, sums its values, and is signed."""
    chunks = _continuation_chunks(lines, rows, pagesize)
    width, height = pagesize
    margin = 8 * mm if pagesize == A5 else 12 * mm
    x, w = margin, width - 2 * margin
    for number, chunk in enumerate(chunks, start=1):
        pdf.setPageSize(pagesize)
        top = height - margin
        title(pdf, x, top - 14, f"{name} - CONTINUATION SHEET", 12)
        pdf.setFont(fonts.FONT, 7.5)
        pdf.drawString(x, top - 26, f"Item: {shipment.number}   Sheet {number} of {len(chunks)}")
        top -= 34
        top = _items_table(pdf, chunk, x, top, w, CONTINUATION_ROWS[pagesize]) - 3
        subtotal = sum((line.value for line in chunk), Decimal(0))
        box(pdf, x, top - 20, w / 2, 20, "Value on this sheet", [f"{_yen(subtotal)} JPY"])
        top -= 23
        _signature(pdf, shipment, x, top, w, 40)
        barcode(pdf, shipment.number, x, margin, "Shipment", height=9 * mm)
        pdf.showPage()


def _signature(pdf, shipment: Shipment, x: float, top: float, w: float, h: float):
    box(pdf, x, top - h, w, h, "Date and sender's signature")
    pdf.setFont(fonts.FONT, 6)
    text = pdf.beginText(x + 3, top - 14)
    text.setFont(fonts.FONT, 6)
    words, line = CERTIFICATION.split(), ""
    for word in words:
        if pdf.stringWidth(f"{line} {word}", fonts.FONT, 6) > w - 8:
            text.textLine(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    text.textLine(line)
    pdf.drawText(text)
    pdf.setFont(fonts.FONT, 8)
    pdf.drawString(x + 3, top - h + 6, f"Date: {_date(shipment)}")
    pdf.line(x + w * 0.35, top - h + 5, x + w - 4, top - h + 5)
    pdf.drawString(x + w * 0.35, top - h + 8, config.CUSTOMS_SIGNER_NAME)


def _totals(pdf, shipment: Shipment, lines, x: float, top: float, w: float, h: float):
    total = sum((line.value for line in lines), Decimal(0))
    third = w / 3
    box(pdf, x, top - h, third, h, "Total gross weight (kg)", [_gross(shipment)])
    box(pdf, x + third, top - h, third, h, "Total value", [f"{_yen(total)} JPY"])
    postage = f"{_yen(shipment.quoted_price)} JPY" if shipment.quoted_price is not None else ""
    box(pdf, x + 2 * third, top - h, third, h, "Postal charges/Fees", [postage])


def _draw_cn22(pdf: canvas.Canvas, shipment: Shipment) -> None:
    """The CN22 (declared value up to the CN22 limit), on A5."""
    width, height = A5
    pdf.setPageSize(A5)
    lines = list(shipment.customs_lines.all())
    x, w = 8 * mm, width - 16 * mm
    top = height - 8 * mm
    _header(pdf, shipment, x, top, w, CustomsForm.CN22)
    top -= 38
    _sender_addressee(pdf, shipment, x, top, w, 27 * mm)
    top -= 27 * mm + 3
    _categories(pdf, shipment, x, top, w, 32)
    top -= 32 + 14 + 4
    top = _items_table(pdf, lines, x, top, w, CN22_ROWS, A5) - 3
    _totals(pdf, shipment, lines, x, top, w, 22)
    top -= 22 + 3
    if shipment.needs_export_declaration:
        pdf.setFont(fonts.FONT_BOLD, 8)
        pdf.drawString(x, top - 9, "EXPORT DECLARATION MADE (value over the threshold)")
        top -= 13
    _signature(pdf, shipment, x, top, w, 40)
    barcode(pdf, shipment.number, x, 10 * mm, "Shipment", height=9 * mm)
    pdf.showPage()
    _continuation_sheets(pdf, shipment, lines, CN22_ROWS, "CN 22", A5)


def _draw_cn23(pdf: canvas.Canvas, shipment: Shipment) -> None:
    """The CN23 (above the CN22 limit, or when the service requires it), on A4."""
    width, height = A4
    pdf.setPageSize(A4)
    lines = list(shipment.customs_lines.all())
    x, w = 12 * mm, width - 24 * mm
    top = height - 12 * mm
    _header(pdf, shipment, x, top, w, CustomsForm.CN23)
    top -= 40
    _sender_addressee(pdf, shipment, x, top, w, 32 * mm)
    top -= 32 * mm + 3
    half = w / 2
    invoice = commercial_invoice_number(shipment) if shipment.service.is_courier else ""
    box(pdf, x, top - 20, half, 20, "Importer's reference (if any)", [""])
    box(pdf, x + half, top - 20, half, 20, "Sender's customs reference", [shipment.number])
    top -= 23
    _categories(pdf, shipment, x, top, w, 32)
    top -= 32 + 14 + 4
    top = _items_table(pdf, lines, x, top, w, CN23_ROWS) - 3
    _totals(pdf, shipment, lines, x, top, w, 22)
    top -= 25
    third = w / 3
    box(pdf, x, top - 20, third, 20, "Licence No(s).", [""])
    box(pdf, x + third, top - 20, third, 20, "Certificate No(s).", [""])
    box(pdf, x + 2 * third, top - 20, third, 20, "Invoice No.", [invoice])
    top -= 23
    box(pdf, x, top - 20, w, 20, "Comments (e.g. goods subject to quarantine)", [""])
    top -= 23
    if shipment.needs_export_declaration:
        pdf.setFont(fonts.FONT_BOLD, 9)
        pdf.drawString(x, top - 10, "EXPORT DECLARATION MADE (value over the threshold)")
        top -= 15
    _signature(pdf, shipment, x, top, w, 40)
    barcode(pdf, shipment.number, x, 14 * mm, "Shipment", height=10 * mm)
    pdf.showPage()
    _continuation_sheets(pdf, shipment, lines, CN23_ROWS, "CN 23", A4)


def _draw_commercial_invoice(pdf: canvas.Canvas, shipment: Shipment) -> None:
    """The commercial invoice a courier wants with the box (A4)."""
    width, height = A4
    pdf.setPageSize(A4)
    lines = list(shipment.customs_lines.all())
    x, w = 12 * mm, width - 24 * mm
    top = height - 12 * mm
    title(pdf, x, top - 16, "COMMERCIAL INVOICE", 16)
    top -= 24
    half = w / 2
    box(pdf, x, top - 20, half, 20, "Invoice No.", [commercial_invoice_number(shipment)])
    box(pdf, x + half, top - 20, half, 20, "Date", [_date(shipment)])
    top -= 23
    _sender_addressee(pdf, shipment, x, top, w, 32 * mm)
    top -= 32 * mm + 3
    reason = dict(CATEGORY_BOXES).get(shipment.customs_category, "")
    third = w / 3
    box(pdf, x, top - 20, third, 20, "Carrier / service", [shipment.service.name])
    box(
        pdf,
        x + third,
        top - 20,
        third,
        20,
        "Air waybill / tracking No.",
        [shipment.tracking_number],
    )
    box(pdf, x + 2 * third, top - 20, third, 20, "Reason for export", [reason])
    top -= 23
    top = _items_table(pdf, lines, x, top, w, INVOICE_ROWS) - 3
    _totals(pdf, shipment, lines, x, top, w, 22)
    top -= 25
    box(pdf, x, top - 20, third, 20, "Number of packages", ["1"])
    box(pdf, x + third, top - 20, third, 20, "Currency", ["JPY"])
    box(pdf, x + 2 * third, top - 20, third, 20, "Terms of delivery", ["DAP"])
    top -= 23
    _signature(pdf, shipment, x, top, w, 40)
    pdf.showPage()
    _continuation_sheets(pdf, shipment, lines, INVOICE_ROWS, "COMMERCIAL INVOICE", A4)


def _render(shipment: Shipment, name: str, *pages) -> bytes:
    fonts.register()
    out = BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, initialFontName=fonts.FONT)
    pdf.setTitle(f"{name} {shipment.number}")
    for draw in pages:
        draw(pdf, shipment)
    pdf.save()
    return out.getvalue()


def cn22_pdf(*, shipment: Shipment) -> bytes:
    return _render(shipment, "CN22", _draw_cn22)


def cn23_pdf(*, shipment: Shipment) -> bytes:
    return _render(shipment, "CN23", _draw_cn23)


def commercial_invoice_pdf(*, shipment: Shipment) -> bytes:
    return _render(shipment, "Commercial invoice", _draw_commercial_invoice)


def customs_pdf(*, shipment: Shipment) -> bytes:
    """The customs paperwork the shipment's box carries: its CN22 or CN23 and, for a courier,
    the commercial invoice after it, in one PDF to print at once."""
    cn23 = _form_for(shipment) == CustomsForm.CN23
    pages = [_draw_cn23 if cn23 else _draw_cn22]
    if shipment.service.is_courier:
        pages.append(_draw_commercial_invoice)
    return _render(shipment, "CN23" if cn23 else "CN22", *pages)
