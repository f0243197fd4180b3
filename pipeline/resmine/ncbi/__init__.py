"""NCBI E-utilities client: NCBI's rules (credentials, rate limit, retries, HTTP-200 errors,
raw cache) and nothing else. Flow: ncbi -> files on disk -> readers."""

from resmine.ncbi.client import EutilsClient, NcbiError, NcbiResponseError, Settings, parse_esearch

__all__ = ["EutilsClient", "NcbiError", "NcbiResponseError", "Settings", "parse_esearch"]
