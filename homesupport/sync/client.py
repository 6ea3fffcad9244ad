"""The HTTP client of the sync protocol v1 (DESIGN.md §6).

Every answer is classified into one outcome of ``outcomes.py``; nothing here decides what a
failure means for a month (that is ``outbox.py``). Logs carry the period, the status and the
outcome's name only: never the token, the code, the device name or a payload.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import ssl
from typing import Any

import httpx

from homesupport.sync.links import check_server_url
from homesupport.sync.outcomes import (
    Accepted,
    Conflict,
    CoordinatorError,
    Enrolment,
    EnrolRefused,
    Failure,
    GuideCatalogue,
    Invalid,
    Locked,
    Malformed,
    Offline,
    Outcome,
    Policy,
    PublishedGuide,
    RateLimited,
    Receipt,
    Revoked,
    ServerError,
    TlsError,
    TooLarge,
    Unauthorized,
)

API = "/api/v1"
MAX_PROBLEMS = 20
MAX_CATALOGUE_GUIDES = 500
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){0,30}")
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _is_tls(error: BaseException) -> bool:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _json(response: httpx.Response) -> Any:
    """The body as JSON, or Malformed: a captive portal answers 200 with an HTML page."""
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json" and not kind.endswith("+json"):
        return Malformed(f"HTTP {response.status_code} with {kind or 'no'} content type")
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return Malformed(f"HTTP {response.status_code} with invalid JSON")


def _retry_after(response: httpx.Response) -> float | None:
    # Only delta-seconds; an HTTP date falls back to our own back-off.
    value = response.headers.get("retry-after", "").strip()
    return float(value) if value.isdigit() else None


def _common_failure(response: httpx.Response) -> Failure | None:
    status = response.status_code
    if status == 401:
        return Unauthorized()
    if status == 403:
        return Revoked()
    if status == 413:
        return TooLarge()
    if status == 429:
        return RateLimited(_retry_after(response))
    if status >= 500:
        return ServerError(status)
    if 300 <= status < 400:
        return Malformed(f"redirect {status}")  # typically a network login page
    return None


def _problems(response: httpx.Response) -> tuple[str, ...]:
    body = _json(response)
    found = body.get("problems") if isinstance(body, dict) else None
    if not isinstance(found, list):
        return ()
    texts = []
    for item in found[:MAX_PROBLEMS]:
        if isinstance(item, dict):
            texts.append(f"{item.get('path', '')}: {item.get('message', '')}".strip(": "))
    return tuple(texts)


def _server_receipt(response: httpx.Response) -> Receipt | None:
    body = _json(response)
    try:
        return Receipt.from_json(body.get("receipt")) if isinstance(body, dict) else None
    except ValueError:
        return None


class CoordinatorClient:
    """One coordinator, one device token (None before enrolment).

    ``transport`` lets tests and the app pass an ``httpx`` transport; ``verify`` is handed to
    httpx (True, a CA bundle path or an ``ssl.SSLContext``).
    """

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 15.0,
        verify: ssl.SSLContext | str | bool = True,
        user_agent: str = "HomeSupport",
    ) -> None:
        self.base_url = check_server_url(base_url)
        self._token = token
        self._http = httpx.Client(
            base_url=self.base_url,
            transport=transport,
            timeout=timeout,
            verify=verify,
            follow_redirects=False,  # a redirect is never the protocol: see _common_failure
            trust_env=False,  # a proxy from the environment must not see the bearer token
            headers={"User-Agent": user_agent, "Accept": "application/json"},
        )
        self._log = logging.getLogger(__name__)

    def __enter__(self) -> CoordinatorClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _request(
        self, method: str, path: str, *, auth: bool = True, **kwargs: Any
    ) -> httpx.Response | Failure:
        headers = dict(kwargs.pop("headers", {}))
        if auth:
            if not self._token:
                return Unauthorized()
            headers["Authorization"] = f"Bearer {self._token}"
        try:
            return self._http.request(method, API + path, headers=headers, **kwargs)
        except httpx.TimeoutException:
            return Offline("timeout")
        except httpx.TransportError as error:
            if _is_tls(error):
                return TlsError(type(error).__name__)
            return Offline(type(error).__name__)

    def enrol(self, code: str, device_name: str) -> Enrolment:
        """Spends the one-time code; raises CoordinatorError (EnrolRefused for a bad code)."""
        answer = self._request(
            "POST", "/enrol", auth=False, json={"code": code, "device_name": device_name}
        )
        if not isinstance(answer, httpx.Response):
            raise CoordinatorError(answer)
        self._log.info("enrol answered %s", answer.status_code)
        if answer.status_code in (400, 404):
            raise CoordinatorError(EnrolRefused())
        failure = _common_failure(answer)
        if failure is not None:
            raise CoordinatorError(failure)
        body = _json(answer)
        if isinstance(body, Malformed):
            raise CoordinatorError(body)
        try:
            policy = body["policy"]
            device_id, token, k = body["device_id"], body["token"], policy["k"]
        except (KeyError, TypeError):
            raise CoordinatorError(Malformed("enrolment answer lacks a field")) from None
        if answer.status_code != 201 or not (
            isinstance(token, str) and token and isinstance(k, int) and not isinstance(k, bool)
        ):
            raise CoordinatorError(Malformed(f"unexpected enrolment answer {answer.status_code}"))
        self._token = token
        return Enrolment(str(device_id), token, k)

    def put_report(self, period: str, payload: bytes) -> Outcome:
        """Uploads the exact report bytes of ``period``; never raises for network trouble."""
        answer = self._request(
            "PUT",
            f"/reports/{period}",
            content=payload,
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        outcome = self._classify_put(answer, period, payload)
        status = answer.status_code if isinstance(answer, httpx.Response) else "-"
        self._log.info("report %s answered %s: %s", period, status, type(outcome).__name__)
        return outcome

    def _classify_put(
        self, answer: httpx.Response | Failure, period: str, payload: bytes
    ) -> Outcome:
        if not isinstance(answer, httpx.Response):
            return answer
        status = answer.status_code
        failure = _common_failure(answer)
        if failure is not None:
            return failure
        if status == 409:
            return Conflict(_server_receipt(answer))
        if status == 422:
            return Invalid(_problems(answer))
        if status == 423:
            return Locked()
        if status not in (200, 201):
            return Malformed(f"unexpected HTTP {status}")
        body = _json(answer)
        if isinstance(body, Malformed):
            return body
        try:
            receipt = Receipt.from_json(body)
        except ValueError as error:
            return Malformed(f"bad {error}")
        # A receipt for other bytes is not an acknowledgement of ours.
        if receipt.period != period or receipt.sha256 != hashlib.sha256(payload).hexdigest():
            return Malformed("receipt does not match the report sent")
        return Accepted(receipt, replay=status == 200)

    def _get_json(self, path: str) -> Any:
        return self._get_answer(self._request("GET", path))

    def _get_answer(self, answer: httpx.Response | Failure) -> Any:
        if not isinstance(answer, httpx.Response):
            raise CoordinatorError(answer)
        failure = _common_failure(answer)
        if failure is not None:
            raise CoordinatorError(failure)
        body = _json(answer)
        if answer.status_code != 200:
            raise CoordinatorError(Malformed(f"unexpected HTTP {answer.status_code}"))
        if isinstance(body, Malformed):
            raise CoordinatorError(body)
        return body

    def list_receipts(self) -> list[Receipt]:
        """Every month the coordinator holds from this device, for reconciliation."""
        body = self._get_json("/reports")
        items = body.get("receipts") if isinstance(body, dict) else body
        if not isinstance(items, list):
            raise CoordinatorError(Malformed("receipts are not a list"))
        try:
            return [Receipt.from_json(item) for item in items]
        except ValueError as error:
            raise CoordinatorError(Malformed(f"bad {error}")) from None

    def policy(self) -> Policy:
        body = self._get_json("/policy")
        k = body.get("k") if isinstance(body, dict) else None
        locked = body.get("locked_periods", []) if isinstance(body, dict) else None
        if not isinstance(k, int) or isinstance(k, bool) or not isinstance(locked, list):
            raise CoordinatorError(Malformed("policy lacks k or locked_periods"))
        formats = body.get("report_formats", ["1.0"])
        if not isinstance(formats, list):
            raise CoordinatorError(Malformed("policy's report_formats is not a list"))
        return Policy(k, tuple(str(p) for p in locked), tuple(str(f) for f in formats))

    def guide_catalogue(self, etag: str | None = None) -> GuideCatalogue | None:
        """The coordinator's published guides; None when ``etag`` still matches (304)."""
        headers = {"If-None-Match": etag} if etag else {}
        answer = self._request("GET", "/guides", headers=headers)
        if isinstance(answer, httpx.Response) and answer.status_code == 304:
            return None
        if isinstance(answer, httpx.Response) and answer.status_code == 404:
            raise CoordinatorError(Malformed("this coordinator publishes no guides"))
        body = self._get_answer(answer)
        if not isinstance(body, list) or len(body) > MAX_CATALOGUE_GUIDES:
            raise CoordinatorError(Malformed("the guide catalogue is not a list"))
        try:
            guides = tuple(_published_guide(item) for item in body)
        except (KeyError, TypeError, ValueError):
            raise CoordinatorError(Malformed("bad guide catalogue entry")) from None
        assert isinstance(answer, httpx.Response)
        return GuideCatalogue(guides, answer.headers.get("etag"))

    def guide_archive(self, guide: PublishedGuide, limit: int) -> bytes:
        """The guide's ``.zip``, read up to ``limit`` bytes and checked against the catalogue's
        SHA-256; CoordinatorError (Offline for a cut download, Malformed for other bytes)."""
        if not self._token:
            raise CoordinatorError(Unauthorized())
        path = f"{API}/guides/{guide.slug}/{guide.version}"
        headers = {"Authorization": f"Bearer {self._token}", "Accept": "application/zip"}
        try:
            with self._http.stream("GET", path, headers=headers) as answer:
                failure = _common_failure(answer)
                if failure is not None:
                    raise CoordinatorError(failure)
                if answer.status_code != 200:
                    raise CoordinatorError(Malformed(f"unexpected HTTP {answer.status_code}"))
                data = bytearray()
                for chunk in answer.iter_bytes():
                    data += chunk
                    if len(data) > limit:
                        raise CoordinatorError(Malformed("the guide is larger than allowed"))
        except httpx.TimeoutException:
            raise CoordinatorError(Offline("timeout")) from None
        except httpx.TransportError as error:
            raise CoordinatorError(
                TlsError(type(error).__name__) if _is_tls(error) else Offline(type(error).__name__)
            ) from None
        if hashlib.sha256(data).hexdigest() != guide.sha256:
            self._log.info("guide download does not match the catalogue's hash")
            raise CoordinatorError(Malformed("the guide's bytes differ from the catalogue's"))
        return bytes(data)


def _published_guide(item: Any) -> PublishedGuide:
    slug, version, sha, languages = item["slug"], item["version"], item["sha256"], item["languages"]
    if not (isinstance(slug, str) and _SLUG.fullmatch(slug)):
        raise ValueError("slug")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError("version")
    if not (isinstance(sha, str) and _SHA256.fullmatch(sha)):
        raise ValueError("sha256")
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        raise ValueError("languages")
    return PublishedGuide(slug, version, sha, tuple(languages))
