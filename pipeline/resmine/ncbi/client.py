"""E-utilities client in the style of Bio.Entrez: one request function that knows NCBI's rules.

* ``tool``, ``email`` and ``api_key`` come from :class:`Settings` or the environment
  (``RESMINE_NCBI_TOOL``, ``RESMINE_NCBI_EMAIL``, ``RESMINE_NCBI_API_KEY``); base URL from
  ``RESMINE_EUTILS_URL``, the PMC ID converter's from ``RESMINE_IDCONV_URL``; never hard-coded.
* a process-wide rate limiter: at most 3 requests/s, 10 with an API key;
* POST when the id list is long; a timeout on every request;
* retries with exponential back-off and jitter only on 429, 5xx and connection errors/timeouts,
  honouring Retry-After;
* errors under HTTP 200 detected: ``<ERROR>`` in XML, JSON "API rate limit exceeded" (retried),
  an HTML page (retried), an empty body (retried);
* every good response is saved gzip-compressed in the raw cache before anything parses it; a
  request found in the cache is answered from it (re-runs offline and idempotent).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import random
import re
import threading
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path

import requests
from lxml import etree

DEFAULT_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
# The PMC ID converter is not an E-utility: its own service, up to 200 ids a request.
DEFAULT_IDCONV_URL = "https://pmc.ncbi.nlm.nih.gov/tools/idconv/api/v1/articles/"
IDCONV_BATCH = 200
POST_THRESHOLD = 200  # ids; NCBI asks for POST beyond about 200 UIDs
# NCBI's answers are parsed without loading or fetching DTDs and without expanding entities.
XML_PARSER = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False,
                             huge_tree=True)
_CREDENTIALS = ("tool", "email", "api_key")


class NcbiError(Exception):
    """A request that failed for good (after retries, or an error NCBI reported)."""


class NcbiResponseError(NcbiError):
    """An error body under HTTP 200 that retrying cannot fix (``<ERROR>``)."""


class _Transient(Exception):
    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass
class Settings:
    base_url: str = ""
    idconv_url: str = ""
    tool: str = ""
    email: str = ""
    api_key: str = ""
    timeout: float = 30.0
    retries: int = 5
    backoff: float = 1.0
    backoff_max: float = 60.0
    rate: float | None = None  # requests/s; None: 3, or 10 with an API key
    cache_dir: Path | None = None

    def __post_init__(self) -> None:
        env = os.environ
        self.base_url = self.base_url or env.get("RESMINE_EUTILS_URL", DEFAULT_URL)
        if not self.base_url.endswith("/"):
            self.base_url += "/"
        self.idconv_url = self.idconv_url or env.get("RESMINE_IDCONV_URL", DEFAULT_IDCONV_URL)
        self.tool = self.tool or env.get("RESMINE_NCBI_TOOL", "resmine")
        self.email = self.email or env.get("RESMINE_NCBI_EMAIL", "")
        self.api_key = self.api_key or env.get("RESMINE_NCBI_API_KEY", "")

    @property
    def requests_per_second(self) -> float:
        limit = 10.0 if self.api_key else 3.0
        return min(self.rate, limit) if self.rate else limit


class RateLimiter:
    """Minimum spacing between request starts, shared by every thread of the process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next = 0.0

    def wait(self, per_second: float) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + 1.0 / per_second
        if start > now:
            time.sleep(start - now)


LIMITER = RateLimiter()  # process-wide: NCBI counts per client, not per object


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None


def check_body(body: bytes) -> None:
    """Raise on an error that came back with HTTP 200."""
    head = body.lstrip()[:2000]
    if not head:
        raise _Transient("empty response body")
    if head[:1] in (b"{", b"["):
        try:
            data = json.loads(body)
        except ValueError as error:
            raise _Transient(f"malformed JSON: {error}") from error
        message = data.get("error") if isinstance(data, dict) else None
        if isinstance(message, str) and "rate limit" in message.lower():
            raise _Transient(message)
        if message:
            raise NcbiResponseError(str(message))
        inner = data.get("esearchresult", {}) if isinstance(data, dict) else {}
        if isinstance(inner, dict) and inner.get("ERROR"):
            raise NcbiResponseError(str(inner["ERROR"]))
        return
    lowered = head.lower()
    if lowered.startswith(b"<!doctype html") or lowered.startswith(b"<html"):
        raise _Transient("HTML page instead of E-utilities output")
    errors = re.findall(rb"<ERROR>(.*?)</ERROR>", body, re.DOTALL)
    if errors:
        raise NcbiResponseError("; ".join(e.decode("utf-8", "replace").strip() for e in errors))
    # The PMC ID converter reports a refused request in its root element instead.
    refused = re.search(rb"<pmcids\b[^>]*\bstatus=\"error\".*?(?:<errmsg>(.*?)</errmsg>|$)", head,
                        re.DOTALL)
    if refused:
        raise NcbiResponseError("ID converter: " + (refused.group(1) or b"error").decode(
            "utf-8", "replace").strip())


@dataclass
class EutilsClient:
    settings: Settings = field(default_factory=Settings)
    session: requests.Session = field(default_factory=requests.Session)
    limiter: RateLimiter = field(default_factory=lambda: LIMITER)

    def params(self, params: dict) -> dict:
        out = {k: v for k, v in params.items() if v is not None}
        out["tool"] = self.settings.tool
        if self.settings.email:
            out["email"] = self.settings.email
        if self.settings.api_key:
            out["api_key"] = self.settings.api_key
        return out

    def cache_path(self, endpoint: str, params: dict) -> Path | None:
        if self.settings.cache_dir is None:
            return None
        key = json.dumps([endpoint, sorted((k, str(v)) for k, v in params.items()
                                           if k not in _CREDENTIALS)])
        digest = hashlib.sha256(key.encode()).hexdigest()
        return self.settings.cache_dir / endpoint.replace(".fcgi", "") / f"{digest}.gz"

    def request(self, endpoint: str, params: dict, url: str | None = None) -> bytes:
        """The body of one E-utilities call, from the cache or from NCBI (then cached).
        ``url``: the service's full address when it is not ``base_url + endpoint``."""
        cached = self.cache_path(endpoint, params)
        if cached is not None and cached.exists():
            return gzip.decompress(cached.read_bytes())
        body = self._fetch(endpoint, params, url)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(".tmp")
            tmp.write_bytes(gzip.compress(body))
            tmp.replace(cached)
        return body

    def _fetch(self, endpoint: str, params: dict, url: str | None = None) -> bytes:
        url = url or self.settings.base_url + endpoint
        data = self.params(params)
        ids = str(data.get("id", ""))
        post = ids.count(",") + 1 > POST_THRESHOLD if ids else False
        s = self.settings
        last: str = ""
        for attempt in range(s.retries + 1):
            wait: float | None = None
            try:
                self.limiter.wait(s.requests_per_second)
                if post:
                    response = self.session.post(url, data=data, timeout=s.timeout)
                else:
                    response = self.session.get(url, params=data, timeout=s.timeout)
                if response.status_code == 429 or response.status_code >= 500:
                    raise _Transient(f"HTTP {response.status_code}",
                                     _retry_after(response.headers.get("Retry-After")))
                if response.status_code != 200:
                    raise NcbiError(f"{endpoint}: HTTP {response.status_code}: "
                                    f"{response.text[:200]}")
                check_body(response.content)
                return response.content
            except _Transient as error:
                last, wait = str(error), error.retry_after
            except (requests.ConnectionError, requests.Timeout) as error:
                last = f"{type(error).__name__}: {error}"
            if attempt == s.retries:
                break
            delay = min(s.backoff_max, s.backoff * 2 ** attempt) + random.uniform(0, s.backoff)
            time.sleep(max(delay, wait or 0.0))
        raise NcbiError(f"{endpoint}: giving up after {s.retries + 1} attempts: {last}")

    # --- the calls -------------------------------------------------------------------------
    def esearch(self, term: str, db: str = "pubmed", retstart: int = 0, retmax: int = 0,
                usehistory: bool = True, **extra: object) -> dict:
        body = self.request("esearch.fcgi", {"db": db, "term": term, "retstart": retstart,
                                             "retmax": retmax,
                                             "usehistory": "y" if usehistory else None, **extra})
        return parse_esearch(body)

    def efetch(self, db: str = "pubmed", ids: list[str] | None = None, webenv: str | None = None,
               query_key: str | None = None, retstart: int = 0, retmax: int = 500) -> bytes:
        params: dict = {"db": db, "retmode": "xml"}
        if ids:
            params["id"] = ",".join(ids)
        else:
            params.update(WebEnv=webenv, query_key=query_key, retstart=retstart, retmax=retmax)
        return self.request("efetch.fcgi", params)

    def idconv(self, pmids: list[str]) -> dict[str, str]:
        """PMID -> PMCID for the PMIDs that have a PMC record (PMC ID converter, 200 a call)."""
        found: dict[str, str] = {}
        for start in range(0, len(pmids), IDCONV_BATCH):
            chunk = pmids[start:start + IDCONV_BATCH]
            body = self.request("idconv", {"ids": ",".join(chunk), "idtype": "pmid",
                                           "format": "xml", "versions": "no"},
                                url=self.settings.idconv_url)
            found.update(parse_idconv(body))
        return found


def parse_idconv(body: bytes) -> dict[str, str]:
    """PMID -> PMCID from an ID converter answer; records without a PMCID (not in PMC, or
    ``status="error"``) are left out. A refused request (root ``status="error"``) raises."""
    root = etree.fromstring(body, XML_PARSER)
    if root.tag != "pmcids":
        raise NcbiResponseError(f"ID converter: unexpected answer <{root.tag}>")
    if root.get("status") == "error":
        raise NcbiResponseError("ID converter: " + (root.findtext("errmsg") or "error").strip())
    found = {}
    for record in root.iterfind("record"):
        pmid, pmcid = record.get("pmid"), record.get("pmcid")
        if pmid and pmcid and record.get("status") != "error":
            found[pmid] = pmcid
    return found


def parse_esearch(body: bytes) -> dict:
    root = etree.fromstring(body, XML_PARSER)
    return {
        "count": int(root.findtext("Count") or 0),
        "retstart": int(root.findtext("RetStart") or 0),
        "ids": [e.text for e in root.iterfind("IdList/Id") if e.text],
        "webenv": root.findtext("WebEnv"),
        "query_key": root.findtext("QueryKey"),
    }
