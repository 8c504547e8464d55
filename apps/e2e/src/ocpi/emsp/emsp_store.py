"""The eMSP's state: what the CPO pushed to it, its own tokens, the credentials of both sides and
every request it received, kept in memory and written to one JSON file after each change (a
restarted eMSP goes on with the same tokens and objects). The library calls `EmspCrud` and
`EmspAuthenticator` (py_ocpi's Crud and Authenticator contracts) for the eMSP role."""

import asyncio
import json
import os
import secrets
import threading
from datetime import datetime, timezone
from typing import Any, Optional, Tuple

from py_ocpi.core.authentication.authenticator import Authenticator
from py_ocpi.core.crud import Crud
from py_ocpi.core.enums import Action, ModuleID, RoleEnum

# Objects the CPO pushes, keyed "<country_code>/<party_id>/<id>" (CDRs by id).
PUSHED = ("locations", "sessions", "tariffs", "cdrs")


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def plain(value: Any) -> Any:
    """A pydantic `.dict()` (enums, the library's str subclasses) as plain JSON values."""
    return json.loads(json.dumps(value, default=str))


class State:
    """One JSON document: {party, tokens_a, tokens_c, cpo, objects, tokens, authorizations, commands, requests}."""

    def __init__(self, path: str, party: dict) -> None:
        self.path = path
        self.lock = threading.RLock()
        self.data: dict = {
            "party": party,
            # Tokens a CPO may use to register with us (token A) and to call us (B or C).
            "tokens_a": [],
            "tokens_c": [],
            # The CPO we are registered with: its token for us to call it, versions, endpoints, roles.
            "cpo": None,
            "objects": {module: {} for module in PUSHED},
            # Our own tokens (pushed to the CPO, pulled by it).
            "tokens": {},
            # What we answer to the CPO's real-time authorization of a token (uid upper-cased →
            # {allowed, delay_ms, authorization_reference}); set with PUT /control/authorizations/{uid}.
            "authorizations": {},
            # Commands we sent: request, the CPO's CommandResponse, the CommandResults received.
            "commands": {},
            "requests": [],
        }
        if os.path.exists(path):
            with open(path, encoding="utf-8") as file:
                self.data.update(json.load(file))
            self.data["party"] = party

    def save(self) -> None:
        with self.lock:
            temporary = f"{self.path}.tmp"
            with open(temporary, "w", encoding="utf-8") as file:
                json.dump(self.data, file)
            os.replace(temporary, self.path)

    def issue_token(self, kind: str) -> str:
        token = secrets.token_urlsafe(32)
        with self.lock:
            self.data[kind].append(token)
            self.save()
        return token

    def drop_token(self, kind: str, token: Optional[str]) -> None:
        with self.lock:
            self.data[kind] = [t for t in self.data[kind] if t != token]
            self.save()

    def record(self, entry: dict) -> None:
        with self.lock:
            entry["seq"] = len(self.data["requests"]) + 1
            self.data["requests"].append(entry)
            self.save()


STATE: Optional[State] = None


def state() -> State:
    if STATE is None:
        raise RuntimeError("the eMSP state is not opened")
    return STATE


def our_credentials(token: str) -> dict:
    """This eMSP's credentials object with the token the CPO is to call it with."""
    party = state().data["party"]
    return {
        "token": token,
        "url": party["versions_url"],
        "roles": [
            {
                "role": "EMSP",
                "business_details": {"name": party["name"]},
                "party_id": party["party_id"],
                "country_code": party["country_code"],
            }
        ],
    }


def object_key(kwargs: dict, object_id: Any) -> str:
    return f"{kwargs.get('country_code')}/{kwargs.get('party_id')}/{object_id}"


class EmspAuthenticator(Authenticator):
    @classmethod
    async def get_valid_token_c(cls) -> list:
        return list(state().data["tokens_c"])

    @classmethod
    async def get_valid_token_a(cls) -> list:
        return list(state().data["tokens_a"])


class EmspCrud(Crud):
    """The library's storage calls for the eMSP role, on `State`."""

    @classmethod
    async def get(cls, module: ModuleID, role: RoleEnum, id, *args, **kwargs) -> Any:
        data = state().data
        if module == ModuleID.credentials_and_registration:
            return our_credentials(id) if id in data["tokens_c"] else None
        if module == ModuleID.tokens:
            return data["tokens"].get(str(id).upper())
        if module.value == "cdrs":
            return data["objects"]["cdrs"].get(str(id))
        if module.value in PUSHED:
            return data["objects"][module.value].get(object_key(kwargs, id))
        return None

    @classmethod
    async def list(cls, module: ModuleID, role: RoleEnum, filters: dict, *args, **kwargs) -> Tuple[list, int, bool]:
        items = list(state().data["tokens"].values()) if module == ModuleID.tokens else []
        updated = lambda item: datetime.fromisoformat(item["last_updated"].replace("Z", "+00:00"))  # noqa: E731
        aware = lambda moment: moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # noqa: E731
        if filters.get("date_from"):
            items = [i for i in items if updated(i) >= aware(filters["date_from"])]
        if filters.get("date_to"):
            items = [i for i in items if updated(i) < aware(filters["date_to"])]
        offset, limit = filters.get("offset", 0), filters.get("limit", 50)
        page = items[offset : offset + limit]
        return page, len(items), offset + limit >= len(items)

    @classmethod
    async def create(cls, module: ModuleID, role: RoleEnum, data: dict, *args, **kwargs) -> Any:
        if module == ModuleID.credentials_and_registration:
            # A CPO registers with us (token A): keep its token and endpoints, answer with our token C.
            return cls._register(data, kwargs.get("auth_token"))
        return cls._store(module, data, kwargs, data.get("id"))

    @classmethod
    async def update(cls, module: ModuleID, role: RoleEnum, data: dict, id: Any, *args, **kwargs) -> Any:
        if module == ModuleID.credentials_and_registration:
            return cls._register(data, kwargs.get("auth_token"))
        if module == ModuleID.commands:
            # A CommandResult at our response_url (…/commands/<uid>).
            with state().lock:
                command = state().data["commands"].setdefault(str(id), {"uid": str(id), "results": []})
                command.setdefault("results", []).append({"at": now(), **plain(data)})
                state().save()
            return data
        return cls._store(module, data, kwargs, id)

    @classmethod
    async def delete(cls, module: ModuleID, role: RoleEnum, id, *args, **kwargs):
        st = state()
        with st.lock:
            if module == ModuleID.credentials_and_registration:
                st.data["cpo"] = None
                st.data["tokens_c"] = [t for t in st.data["tokens_c"] if t != id]
            elif module.value in PUSHED:
                st.data["objects"][module.value].pop(object_key(kwargs, id), None)
            st.save()

    @classmethod
    async def do(cls, module: ModuleID, role: Optional[RoleEnum], action: Action, *args, data: Optional[dict] = None, **kwargs) -> Any:
        if module == ModuleID.tokens and action == Action.authorize_token and data:
            # The library answers an unknown uid (Crud.get: None) with HTTP 404 itself.
            uid = str(data["token_uid"]).upper()
            token = state().data["tokens"].get(uid)
            if not token:
                return None
            setting = state().data.get("authorizations", {}).get(uid, {})
            if setting.get("delay_ms"):
                await asyncio.sleep(setting["delay_ms"] / 1000)
            # Default: a valid token of ours is ALLOWED, any other NOT_ALLOWED.
            allowed = setting.get("allowed") or ("ALLOWED" if token["valid"] else "NOT_ALLOWED")
            answer = {"allowed": allowed, "token": token, "location": data.get("location_reference")}
            reference = setting.get("authorization_reference")
            if reference:
                answer["authorization_reference"] = reference
            return answer
        return None

    @classmethod
    def _store(cls, module: ModuleID, data: dict, kwargs: dict, object_id: Any) -> dict:
        value = plain(data)
        key = str(object_id) if module.value == "cdrs" else object_key(kwargs, object_id)
        with state().lock:
            state().data["objects"][module.value][key] = value
            state().save()
        return value

    @classmethod
    def _register(cls, data: dict, auth_token: Optional[str]) -> dict:
        st = state()
        theirs = plain(data["credentials"])
        with st.lock:
            st.data["cpo"] = {
                "token": theirs["token"],
                "versions_url": theirs["url"],
                "roles": theirs["roles"],
                "endpoints": plain(data["endpoints"]).get("endpoints", []),
            }
            # The token they used (A, or the C being replaced) stops working; a new C replaces it.
            st.data["tokens_a"] = [t for t in st.data["tokens_a"] if t != auth_token]
            st.data["tokens_c"] = [t for t in st.data["tokens_c"] if t != auth_token]
            st.save()
        return our_credentials(st.issue_token("tokens_c"))
