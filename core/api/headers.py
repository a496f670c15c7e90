"""Security headers on every answer (API, UI, docs), `Secure` cookies over https, `Connection: close` after a 500."""
from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.config import settings

# NiceGUI (Vue with its runtime template compiler, Quasar) needs inline scripts/styles and eval; everything
# else is same-origin. Media capture uses blob:/mediastream: URLs; the UI's websocket is same-origin ('self').
CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob: mediastream:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
STATIC_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"permissions-policy", b"camera=(self), microphone=(self), geolocation=(), payment=(), usb=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
HSTS = (b"strict-transport-security", b"max-age=31536000")


def is_https(scope: Scope) -> bool:
    """The browser's connection is https: directly, or through a proxy the settings say to trust."""
    if scope.get("scheme") in ("https", "wss"):
        return True
    if not settings.trust_proxy_headers:
        return False
    proto = dict(scope.get("headers", [])).get(b"x-forwarded-proto", b"")
    return proto.split(b",")[0].strip().lower() == b"https"


def _secure_cookie(value: bytes) -> bytes:
    return value if b"secure" in [p.strip().lower() for p in value.split(b";")] else value + b"; Secure"


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = is_https(scope)

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in STATIC_HEADERS if k not in present]
                if https:
                    headers = [(k, _secure_cookie(v)) if k.lower() == b"set-cookie" else (k, v) for k, v in headers]
                    headers.append(HSTS)
                if message["status"] >= 500 and message["status"] != 503 and b"connection" not in present:
                    # the server may drop the connection after an error: tell keep-alive clients
                    headers.append((b"connection", b"close"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_wrapper)
