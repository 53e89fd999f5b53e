"""A fake Stripe API at the network boundary: a local HTTP server the stripe library talks to
(`stripe.api_base`), and webhook payloads signed with a test secret like Stripe signs them."""

import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WEBHOOK_SECRET = "whsec_test_secret"


class FakeStripe:
    def __init__(self) -> None:
        self.requests: list[tuple[str, dict]] = []
        # refunds GET /v1/refunds lists, per charge id (made in the dashboard, say)
        self.refunds_by_charge: dict[str, list[dict]] = {}
        # the status Stripe answers a refund with (wallet refunds are often "pending")
        self.refund_status = "succeeded"
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                url = urllib.parse.urlparse(self.path)
                query = urllib.parse.parse_qs(url.query)
                fake.requests.append((url.path, query))
                if url.path != "/v1/refunds":
                    self.send_response(404)
                    self.end_headers()
                    return
                charge = (query.get("charge") or [""])[0]
                body = {
                    "object": "list",
                    "url": "/v1/refunds",
                    "has_more": False,
                    "data": fake.refunds_by_charge.get(charge, []),
                }
                raw = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                fake.requests.append((self.path, form))
                n = len(fake.requests)
                if self.path == "/v1/checkout/sessions":
                    body = {
                        "id": f"cs_test_{n}",
                        "object": "checkout.session",
                        "url": f"https://checkout.stripe.com/c/pay/cs_test_{n}",
                    }
                elif self.path == "/v1/refunds":
                    body = refund_object(
                        f"re_test_{n}",
                        int(form["amount"][0]),
                        status=fake.refund_status,
                        payment_intent=form.get("payment_intent", [""])[0],
                        metadata={"refund": form.get("metadata[refund]", [""])[0]},
                    )
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                raw = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def signed_event(
    event_id: str, event_type: str, obj: dict, secret: str = WEBHOOK_SECRET
) -> tuple[bytes, str]:
    """A webhook body and its `Stripe-Signature` header, as Stripe would send them."""
    payload = json.dumps(
        {"id": event_id, "object": "event", "type": event_type, "data": {"object": obj}}
    ).encode()
    timestamp = int(time.time())
    signature = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256
    ).hexdigest()
    return payload, f"t={timestamp},v1={signature}"


def checkout_session(payment: object, **fields: object) -> dict:
    """A completed Checkout Session as Stripe sends it for `payment` (amounts in JPY, which has
    no minor unit); `fields` override, e.g. `amount_total=` or `currency=`."""
    amount = int(payment.amount)
    return {
        "id": payment.stripe_session_id,
        "object": "checkout.session",
        "mode": "payment",
        "status": "complete",
        "client_reference_id": payment.number,
        "metadata": {"order": payment.number},
        "amount_subtotal": amount,
        "amount_total": amount,
        "currency": "jpy",
        "payment_status": "paid",
        "payment_intent": "pi_test_1",
        **fields,
    }


def refund_object(
    refund_id: str, amount: int, *, status: str = "succeeded", **fields: object
) -> dict:
    """A Refund object as Stripe sends it (JPY has no minor unit)."""
    return {
        "id": refund_id,
        "object": "refund",
        "amount": amount,
        "currency": "jpy",
        "status": status,
        "failure_reason": "expired_or_canceled_card" if status == "failed" else None,
        "charge": "ch_test_1",
        "payment_intent": "pi_test_1",
        "metadata": {},
        **fields,
    }
