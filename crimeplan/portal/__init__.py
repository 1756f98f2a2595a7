"""The performance portal: server-rendered pages over the metrics' result objects (docs/portal.md)."""

from crimeplan.portal.app import build_app, request_once, serve
from crimeplan.portal.service import PortalSettings

__all__ = ["PortalSettings", "build_app", "request_once", "serve"]
