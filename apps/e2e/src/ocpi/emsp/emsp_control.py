"""The test's handle on the eMSP (/control/..., loopback only, no token): what it received, and the
eMSP's own moves towards the CPO — register (versions, details, POST credentials with its token B),
push a token, send a command whose response_url is the library's own commands receiver,
unregister — and what it answers to the CPO's real-time authorizations. Requests to the CPO carry the OCPI headers and the library's schemas validate every
body both ways."""

import json
import re
import uuid
from typing import Any, Optional

import httpx
from fastapi import APIRouter, Body, HTTPException
from pydantic import ValidationError

from py_ocpi.core.utils import encode_string_base64
from py_ocpi.modules.commands.v_2_2_1.schemas import (
    CancelReservation,
    ReserveNow,
    StartSession,
    StopSession,
    UnlockConnector,
)
from py_ocpi.modules.cdrs.v_2_2_1.schemas import Cdr
from py_ocpi.modules.credentials.v_2_2_1.schemas import Credentials
from py_ocpi.modules.locations.v_2_2_1.schemas import Location
from py_ocpi.modules.sessions.v_2_2_1.schemas import Session
from py_ocpi.modules.tariffs.v_2_2_1.schemas import Tariff
from py_ocpi.modules.tokens.v_2_2_1.schemas import Token, TokenPartialUpdate

from emsp_store import PUSHED, now, our_credentials, plain, state

router = APIRouter(prefix="/control")
COMMANDS = {
    "START_SESSION": StartSession,
    "STOP_SESSION": StopSession,
    "RESERVE_NOW": ReserveNow,
    "CANCEL_RESERVATION": CancelReservation,
    "UNLOCK_CONNECTOR": UnlockConnector,
}
PULLED = {"locations": Location, "tariffs": Tariff, "sessions": Session, "cdrs": Cdr}
NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')


def failed(status: int, message: str, detail: Any = None) -> HTTPException:
    return HTTPException(status, {"message": message, "detail": detail})


def valid(schema, data: dict):
    try:
        return schema(**data)
    except ValidationError as error:
        raise failed(400, f"not a valid {schema.__name__}", json.loads(error.json())) from error


def cpo() -> dict:
    registered = state().data["cpo"]
    if not registered:
        raise failed(409, "not registered with a CPO")
    return registered


def endpoint(identifier: str, role: Optional[str] = "RECEIVER") -> str:
    """The CPO's module URL (without a trailing slash: paths are appended)."""
    for entry in cpo()["endpoints"]:
        if entry["identifier"] == identifier and role in (None, entry.get("role")):
            return entry["url"].rstrip("/")
    raise failed(409, f"the CPO has no {identifier} {role or ''} endpoint")


def to_party() -> dict:
    roles = (state().data["cpo"] or {}).get("roles") or []
    role = next((r for r in roles if r.get("role") == "CPO"), roles[0] if roles else None)
    return {"ocpi-to-country-code": role["country_code"], "ocpi-to-party-id": role["party_id"]} if role else {}


async def call(method: str, url: str, token: str, body: Any = None, params: Optional[dict] = None) -> dict:
    """One request to the CPO; the answer as {http_status, status_code, data, body, headers}."""
    party = state().data["party"]
    headers = {
        "authorization": f"Token {encode_string_base64(token)}",
        "x-request-id": str(uuid.uuid4()),
        "x-correlation-id": str(uuid.uuid4()),
        "ocpi-from-country-code": party["country_code"],
        "ocpi-from-party-id": party["party_id"],
        **to_party(),
    }
    if body is not None:
        headers["content-type"] = "application/json"
    try:
        async with httpx.AsyncClient(timeout=15.0) as client:
            response = await client.request(
                method, url, headers=headers, params=params, content=None if body is None else json.dumps(body)
            )
    except httpx.HTTPError as error:
        raise failed(502, f"{method} {url}: {error!r}") from error
    try:
        answer = response.json()
    except ValueError:
        answer = response.text
    envelope = answer if isinstance(answer, dict) else {}
    return {
        "request_id": headers["x-request-id"],
        "http_status": response.status_code,
        "status_code": envelope.get("status_code"),
        "data": envelope.get("data"),
        "body": answer,
        "headers": {k: v for k, v in response.headers.items() if k.lower().startswith(("x-", "location", "link"))},
    }


def ok(answer: dict, what: str) -> dict:
    if not (200 <= answer["http_status"] < 300 and answer["status_code"] == 1000):
        raise failed(502, f"{what}: HTTP {answer['http_status']}, OCPI {answer['status_code']}", answer["body"])
    return answer


@router.get("/health")
async def health() -> dict:
    return {"ok": True, "registered": state().data["cpo"] is not None}


@router.get("/state")
async def current() -> dict:
    data = state().data
    return {"party": data["party"], "cpo": data["cpo"], "tokens": data["tokens"], "accepts": len(data["tokens_c"])}


@router.get("/requests")
async def requests(module: Optional[str] = None, method: Optional[str] = None) -> list:
    return [
        r
        for r in state().data["requests"]
        if (module is None or r["module"] == module) and (method is None or r["method"] == method.upper())
    ]


@router.get("/objects/{module}")
async def objects(module: str) -> dict:
    if module not in PUSHED:
        raise failed(404, f"no module {module}")
    return state().data["objects"][module]


@router.get("/commands")
async def commands() -> dict:
    return state().data["commands"]


@router.post("/token-a")
async def token_a() -> dict:
    """A token A for a CPO that registers with us (it POSTs its credentials to our credentials endpoint)."""
    return {"token": state().issue_token("tokens_a"), "versions_url": state().data["party"]["versions_url"]}


@router.post("/register")
async def register(versions_url: str = Body(...), token: str = Body(...)) -> dict:
    """The eMSP registers with a CPO that gave it token A and its versions URL."""
    versions = ok(await call("GET", versions_url, token), "GET versions")
    version = next((v for v in versions["data"] or [] if v.get("version") == "2.2.1"), None)
    if not version:
        raise failed(502, "the CPO offers no OCPI 2.2.1", versions["data"])
    details = ok(await call("GET", version["url"], token), "GET version details")
    endpoints = details["data"]["endpoints"]
    credentials_url = next((e["url"] for e in endpoints if e["identifier"] == "credentials"), None)
    if not credentials_url:
        raise failed(502, "the CPO's version details have no credentials endpoint", endpoints)
    token_b = state().issue_token("tokens_c")
    ours = valid(Credentials, our_credentials(token_b))
    try:
        answer = ok(await call("POST", credentials_url, token, json.loads(ours.json(exclude_none=True))), "POST credentials")
    except HTTPException:
        state().drop_token("tokens_c", token_b)
        raise
    theirs = valid(Credentials, answer["data"])
    with state().lock:
        state().data["cpo"] = {
            "token": theirs.token,
            "versions_url": versions_url,
            "roles": plain(theirs.dict())["roles"],
            "endpoints": endpoints,
        }
        state().save()
    return {"cpo": state().data["cpo"], "credentials": answer}


@router.get("/pull/{module}")
async def pull(module: str, limit: int = 0) -> dict:
    """GETs a module's list from the CPO's SENDER endpoint page by page, following the Link headers;
    every object is validated with the library's schema. The pages' headers and every object."""
    schema = PULLED.get(module)
    if not schema:
        raise failed(404, f"no module {module} to pull")
    url, params = endpoint(module, "SENDER"), ({"limit": limit} if limit else None)
    pages, items = [], []
    for _ in range(1000):
        answer = ok(await call("GET", url, cpo()["token"], params=params), f"GET {url}")
        data = answer["data"] or []
        for item in data:
            valid(schema, item)
        items.extend(data)
        link = answer["headers"].get("link", "")
        pages.append(
            {
                "count": len(data),
                "total": answer["headers"].get("x-total-count"),
                "limit": answer["headers"].get("x-limit"),
                "link": link,
            }
        )
        following = NEXT.search(link)
        if not following:
            break
        url, params = following.group(1), None
    return {"pages": pages, "items": items}


@router.post("/unregister")
async def unregister() -> dict:
    answer = await call("DELETE", endpoint("credentials", None), cpo()["token"])
    with state().lock:
        state().data["cpo"] = None
        state().data["tokens_c"] = []
        state().save()
    return answer


@router.put("/tokens/{uid}")
async def put_token(uid: str, fields: dict = Body(default={})) -> dict:
    """Stores one of our tokens and pushes it to the CPO (PUT tokens/{cc}/{pid}/{uid}?type=…)."""
    party = state().data["party"]
    token = valid(
        Token,
        {
            "country_code": party["country_code"],
            "party_id": party["party_id"],
            "uid": uid,
            "type": "RFID",
            "contract_id": f"{party['country_code']}-{party['party_id']}-{uid}"[:36],
            "issuer": party["name"],
            "valid": True,
            "whitelist": "ALLOWED",
            **fields,
            "last_updated": now(),
        },
    )
    body = json.loads(token.json(exclude_none=True))
    with state().lock:
        state().data["tokens"][str(token.uid).upper()] = body
        state().save()
    url = f"{endpoint('tokens')}/{token.country_code}/{token.party_id}/{token.uid}"
    return await call("PUT", url, cpo()["token"], body, params={"type": body["type"]})


@router.patch("/tokens/{uid}")
async def patch_token(uid: str, fields: dict = Body(...)) -> dict:
    with state().lock:
        stored = state().data["tokens"].get(uid.upper())
        if not stored:
            raise failed(404, f"no token {uid}")
        change = valid(TokenPartialUpdate, {**fields, "last_updated": now()})
        body = json.loads(change.json(exclude_none=True))
        stored.update(body)
        state().save()
    url = f"{endpoint('tokens')}/{stored['country_code']}/{stored['party_id']}/{stored['uid']}"
    return await call("PATCH", url, cpo()["token"], body, params={"type": stored["type"]})


ALLOWED_TYPES = ("ALLOWED", "BLOCKED", "EXPIRED", "NO_CREDIT", "NOT_ALLOWED")


@router.put("/authorizations/{uid}")
async def set_authorization(
    uid: str,
    allowed: str = Body(...),
    delayMs: int = Body(0),  # noqa: N803 (the JSON field's name)
    authorizationReference: Optional[str] = Body(None),  # noqa: N803
) -> dict:
    """What the eMSP answers to POST tokens/{uid}/authorize for one of its tokens: AuthorizationInfo
    with `allowed`, after `delayMs` (a slow eMSP), with `authorizationReference` when given. The
    requests it received (their LocationReferences) are in GET /control/requests?module=tokens."""
    if allowed not in ALLOWED_TYPES:
        raise failed(400, f"allowed must be one of {', '.join(ALLOWED_TYPES)}")
    if delayMs < 0 or delayMs > 600_000:
        raise failed(400, "delayMs must be 0 to 600000")
    if authorizationReference is not None and not 0 < len(authorizationReference) <= 36:
        raise failed(400, "authorizationReference must be 1 to 36 characters")
    setting = {"allowed": allowed, "delay_ms": delayMs, "authorization_reference": authorizationReference}
    with state().lock:
        state().data.setdefault("authorizations", {})[uid.upper()] = setting
        state().save()
    return {"uid": uid, **setting}


@router.delete("/authorizations/{uid}")
async def reset_authorization(uid: str) -> dict:
    """Back to the default answer: ALLOWED for a valid token of ours, NOT_ALLOWED otherwise."""
    with state().lock:
        state().data.setdefault("authorizations", {}).pop(uid.upper(), None)
        state().save()
    return {"uid": uid}


@router.post("/commands/{command}")
async def send_command(command: str, fields: dict = Body(default={})) -> dict:
    """Sends a command to the CPO with a response_url at our commands receiver; `token_uid` stands
    for the token object of START_SESSION and RESERVE_NOW."""
    schema = COMMANDS.get(command)
    if not schema:
        raise failed(404, f"no command {command}")
    uid = uuid.uuid4().hex
    request = dict(fields)
    if "token_uid" in request:
        token = state().data["tokens"].get(str(request.pop("token_uid")).upper())
        if not token:
            raise failed(404, "no such token of ours")
        request["token"] = token
    request["response_url"] = f"{state().data['party']['base_url']}/ocpi/emsp/2.2.1/commands/{uid}"
    body = json.loads(valid(schema, request).json(exclude_none=True))
    with state().lock:
        state().data["commands"][uid] = {"uid": uid, "command": command, "request": body, "sent_at": now(), "results": []}
        state().save()
    answer = await call("POST", f"{endpoint('commands')}/{command}", cpo()["token"], body)
    with state().lock:
        state().data["commands"][uid]["response"] = answer
        state().save()
    return {"uid": uid, **answer}
