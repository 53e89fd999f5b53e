"""The printed paperwork (issue 13), read back as a post office counter would: the text of every
required field extracted from the PDF (pypdf), and every barcode decoded from the rendered page
(pypdfium2 renders, zxing-cpp decodes) and compared with the number printed under it."""

import re
from decimal import Decimal
from io import BytesIO

import pypdfium2
import pytest
import zxingcpp
from constance.test import override_config
from pypdf import PdfReader
from reportlab.lib.units import mm

from billing import selectors as billing_selectors
from billing import services as billing_services
from parcels import documents, services
from parcels.documents import fonts
from parcels.models import Shipment

pytestmark = pytest.mark.django_db

SIGNER = "Hanako Sato for Transship Japan"


@pytest.fixture
def sdr_rate(staff_user):
    # 300 SDR = ¥60,000
    billing_services.exchange_rate_set(
        currency=billing_selectors.SDR, rate=Decimal("0.005"), actor=staff_user
    )


@pytest.fixture
def make_shipment(user, address, parcel_factory, sdr_rate):
    address.name = "王小明"
    address.line1 = "朝阳区建国路88号"
    address.save()

    def make(*, service, unit_value=1500, category="gift") -> Shipment:
        parcel = parcel_factory(
            owner=user,
            weight_g=1000,
            items=[
                {"description": "Tシャツ", "quantity": 3, "unit_value": unit_value},
                {"description": "漫画 book", "quantity": 1, "hs_code": "490199"},
            ],
        )
        shipment = services.shipment_request(
            user=user,
            parcel_ids=[parcel.pk],
            recipient_id=address.pk,
            service_id=service.pk,
            customs_confirmed=True,
            customs_category=category,
        )
        # as weighed at the packing table and handed to the carrier
        Shipment.objects.filter(pk=shipment.pk).update(
            packed_weight_g=2345, tracking_number="EJ123456789JP"
        )
        return Shipment.objects.select_related("user", "service").get(pk=shipment.pk)

    return make


def _text(pdf: bytes, page: int = 0) -> str:
    return PdfReader(BytesIO(pdf)).pages[page].extract_text()


def _barcodes(pdf: bytes, page: int = 0) -> list[str]:
    image = pypdfium2.PdfDocument(pdf)[page].render(scale=300 / 72).to_pil()
    return sorted(b.text for b in zxingcpp.read_barcodes(image) if b.format.name == "Code128")


def _printed_numbers(text: str) -> list[str]:
    return sorted(re.findall(r"(?:Shipment|Member|Tracking): (\S+)", text))


def _assert_form_fields(
    text: str, shipment: Shipment, values: tuple[str, str] = ("4,500", "1,500")
) -> None:
    total = sum(Decimal(v.replace(",", "")) for v in values)
    squeezed = re.sub(r"\s+", " ", text)
    for required in (
        # sender, on the customer's behalf
        "From (sender)",
        "Transship Japan",
        "2-1-1 Hamacho, Funabashi-shi",
        "JAPAN",
        # addressee, full address, the country in English and in its own script
        "To (addressee)",
        "王小明",
        "朝阳区建国路88号",
        "CHINA 中国",
        # the category boxes
        "Gift",
        "Documents",
        "Commercial sample",
        "Returned goods",
        "Sale of goods",
        "Other",
        "Explanation (for Other)",
        # itemised contents
        "Detailed description of contents",
        "Quantity",
        "Net weight (kg)",
        "Value (JPY)",
        "HS tariff number",
        "Country of origin",
        "Tシャツ",
        "漫画 book",
        "620442",
        "490199",
        # the net weight spreads the parcel over its 4 units: 3 x 250 g and 1 x 250 g
        "0.750",
        "0.250",
        *values,
        # totals: the packed box as weighed, the value, the postage
        "Total gross weight (kg)",
        "2.345 kg",
        "Total value",
        f"{total:,.0f} JPY",
        "Postal charges/Fees",
        f"{shipment.quoted_price:,.0f} JPY",
        # date and signature
        "Date and sender's signature",
        "I, the undersigned, certify",
        SIGNER,
    ):
        assert required in squeezed, required
    assert re.search(r"Date: \d{4}-\d{2}-\d{2}", squeezed)
    assert "JP" in text.split()
    ticked = re.findall(
        r"X\s*(Gift|Documents|Commercial sample|Returned goods|Sale of goods|Other)", text
    )
    assert ticked == ["Gift"]


@override_config(CUSTOMS_SIGNER_NAME=SIGNER)
def test_the_cn22_is_the_form_with_every_field(make_shipment, carrier_service):
    shipment = make_shipment(service=carrier_service)
    assert shipment.customs_form == "CN22"

    pdf = documents.customs_pdf(shipment=shipment)

    text = _text(pdf)
    assert "CUSTOMS DECLARATION" in text
    assert "CN 22" in text
    assert "Designated operator: Japan Post" in text
    _assert_form_fields(text, shipment)
    assert len(PdfReader(BytesIO(pdf)).pages) == 1
    assert _barcodes(pdf) == _printed_numbers(text) == [shipment.number]


@override_config(CUSTOMS_SIGNER_NAME=SIGNER)
def test_above_300_sdr_the_cn23_adds_invoice_licence_certificate_and_importer(
    make_shipment, carrier_service
):
    # 3 x 20,000 + 1,500 = ¥61,500 > ¥60,000
    shipment = make_shipment(service=carrier_service, unit_value=20_000, category="gift")
    assert shipment.customs_form == "CN23"

    pdf = documents.customs_pdf(shipment=shipment)

    text = _text(pdf)
    assert "CN 23" in text
    squeezed = re.sub(r"\s+", " ", text)
    for required in (
        "Licence No(s).",
        "Certificate No(s).",
        "Invoice No.",
        "Importer's reference",
        "Sender's customs reference",
    ):
        assert required in squeezed, required
    _assert_form_fields(text, shipment, values=("60,000", "1,500"))
    assert _barcodes(pdf) == _printed_numbers(text) == [shipment.number]


def test_a_courier_gets_a_commercial_invoice_with_the_customs_form(make_shipment, carrier_service):
    carrier_service.is_courier = True
    carrier_service.save()
    shipment = make_shipment(service=carrier_service, category="sale_of_goods")

    pdf = documents.customs_pdf(shipment=shipment)

    assert len(PdfReader(BytesIO(pdf)).pages) == 2
    invoice = re.sub(r"\s+", " ", _text(pdf, page=1))
    for required in (
        "COMMERCIAL INVOICE",
        f"CI-{shipment.number}",
        "Reason for export",
        "Sale of goods",
        "EJ123456789JP",
        "王小明",
        "CHINA 中国",
        "Tシャツ",
        "620442",
        "2.345 kg",
        "6,000 JPY",
        "Currency",
        "Terms of delivery",
    ):
        assert required in invoice, required


@pytest.mark.parametrize(
    ("form", "unit_value", "courier", "first_sheet_lines", "sheets"),
    [
        # CN22 (A5): 6 rows on the form, 26 to a continuation sheet
        ("CN 22", 100, False, 6, 2),
        # CN23 (A4): 10 rows, then 44 to a sheet; the courier's invoice (12 rows) follows it
        ("CN 23", 3_000, True, 10, 1),
    ],
)
@override_config(CUSTOMS_SIGNER_NAME=SIGNER)
def test_a_long_content_list_continues_on_numbered_sheets_and_every_line_is_printed_once(
    user,
    address,
    parcel_factory,
    sdr_rate,
    carrier_service,
    form,
    unit_value,
    courier,
    first_sheet_lines,
    sheets,
):
    carrier_service.is_courier = courier
    carrier_service.save()
    count = 40
    items = [
        {"description": f"Item {n:02d} figure", "quantity": 1, "unit_value": unit_value}
        for n in range(count)
    ]
    parcel = parcel_factory(owner=user, weight_g=4000, items=items)
    shipment = services.shipment_request(
        user=user,
        parcel_ids=[parcel.pk],
        recipient_id=address.pk,
        service_id=carrier_service.pk,
        customs_confirmed=True,
        customs_category="gift",
    )
    shipment = Shipment.objects.select_related("user", "service").get(pk=shipment.pk)
    assert shipment.customs_form == form.replace(" ", "")

    pdf = documents.customs_pdf(shipment=shipment)

    reader = PdfReader(BytesIO(pdf))
    texts = [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]
    form_pages = texts[: 1 + sheets]
    # the form names what follows and keeps the total of every line
    assert (
        f"{count - first_sheet_lines} more line(s) on {sheets} continuation sheet(s)"
        in (form_pages[0])
    )
    assert f"{count * unit_value:,} JPY" in form_pages[0]
    for number, text in enumerate(form_pages[1:], start=1):
        assert f"{form} - CONTINUATION SHEET" in text
        assert f"Item: {shipment.number} Sheet {number} of {sheets}" in text
        assert "Detailed description of contents" in text
        assert "Value on this sheet" in text
        assert SIGNER in text
        assert _barcodes(pdf, page=number) == [shipment.number]
    printed = re.findall(r"Item \d\d figure", " ".join(form_pages))
    assert sorted(printed) == [f"Item {n:02d} figure" for n in range(count)]
    assert (
        sum(
            int(re.search(r"Value on this sheet ([\d,]+) JPY", text)[1].replace(",", ""))
            for text in form_pages[1:]
        )
        == (count - first_sheet_lines) * unit_value
    )
    if courier:
        # the commercial invoice after the form continues the same way (12 rows, then a sheet)
        invoice = texts[1 + sheets :]
        assert "COMMERCIAL INVOICE" in invoice[0]
        assert "COMMERCIAL INVOICE - CONTINUATION SHEET" in invoice[1]
        assert len(re.findall(r"Item \d\d figure", " ".join(invoice))) == count
    else:
        assert len(texts) == 1 + sheets


@pytest.mark.parametrize(
    ("size", "width_mm", "height_mm"), [("100x150", 100, 150), ("a6", 105, 148)]
)
def test_the_waybill_label_in_both_sizes_with_scannable_barcodes(
    make_shipment, carrier_service, size, width_mm, height_mm
):
    shipment = make_shipment(service=carrier_service)

    pdf = documents.waybill_pdf(shipment=shipment, size=size)

    page = PdfReader(BytesIO(pdf)).pages[0]
    assert round(float(page.mediabox.width) / mm) == width_mm
    assert round(float(page.mediabox.height) / mm) == height_mm
    text = re.sub(r"[ \t]+", " ", page.extract_text())
    for required in ("王小明", "朝阳区建国路88号", "CHINA 中国", "Customs: CN22", "EMS"):
        assert required in text, required
    printed = _printed_numbers(text)
    assert printed == sorted([shipment.number, shipment.user.member_code, "EJ123456789JP"])
    assert _barcodes(pdf) == printed


def test_the_font_is_embedded_and_subset_so_the_pdf_stays_small(make_shipment, carrier_service):
    shipment = make_shipment(service=carrier_service)

    for pdf in (documents.customs_pdf(shipment=shipment), documents.waybill_pdf(shipment=shipment)):
        reader = PdfReader(BytesIO(pdf))
        fonts_used = reader.pages[0]["/Resources"]["/Font"]
        assert fonts_used
        for font in fonts_used.values():
            font = font.get_object()
            assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]
        assert len(pdf) < 60_000


def test_a_missing_font_fails_with_a_message_saying_how_to_install_it(
    make_shipment, carrier_service, settings, monkeypatch
):
    shipment = make_shipment(service=carrier_service)
    monkeypatch.setattr(fonts, "FONT", "CJK-missing-test")
    settings.CJK_FONT_PATH = "/nonexistent/font.ttc"

    with pytest.raises(documents.FontMissing, match="apt-get install fonts-wqy-zenhei"):
        documents.waybill_pdf(shipment=shipment)
