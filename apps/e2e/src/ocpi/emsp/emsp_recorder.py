"""Records every OCPI request the eMSP receives (ASGI middleware, outermost: it sees the library's
401/403/422 answers too): module, method, path, query, the OCPI headers, the body and the answer."""

import json
import re
from typing import Any

from emsp_store import now, state

HEADERS = (
    "x-request-id",
    "x-correlation-id",
    "ocpi-from-country-code",
    "ocpi-from-party-id",
    "ocpi-to-country-code",
    "ocpi-to-party-id",
)
MODULE = re.compile(r"^/ocpi/(?:emsp/[^/]+/([a-z]+)|(versions)|[0-9.]+/(details))")
MAX_BODY = 256 * 1024


def parse(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw[:2000].decode("utf-8", "replace")


class RecorderMiddleware:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/ocpi/"):
            await self.app(scope, receive, send)
            return
        body = bytearray()
        answer = {"status": 0, "body": bytearray(), "headers": {}}

        async def receive_and_keep():
            message = await receive()
            if message["type"] == "http.request" and len(body) < MAX_BODY:
                body.extend(message.get("body", b""))
            return message

        async def send_and_keep(message):
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
                answer["headers"] = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in message.get("headers", [])}
            elif message["type"] == "http.response.body" and len(answer["body"]) < MAX_BODY:
                answer["body"].extend(message.get("body", b""))
            await send(message)

        received_at = now()
        try:
            await self.app(scope, receive_and_keep, send_and_keep)
        finally:
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
            match = MODULE.match(scope["path"])
            module = next((g for g in match.groups() if g), None) if match else None
            response = parse(bytes(answer["body"]))
            state().record(
                {
                    "at": received_at,
                    "module": module,
                    "method": scope["method"],
                    "path": scope["path"],
                    "query": scope.get("query_string", b"").decode("latin-1"),
                    "headers": {name: headers[name] for name in HEADERS if name in headers},
                    "authorized": "authorization" in headers,
                    "body": parse(bytes(body)),
                    "status": answer["status"],
                    "ocpi_status": response.get("status_code") if isinstance(response, dict) else None,
                    "response": response,
                    "location": answer["headers"].get("location"),
                }
            )
