"""Every error answer is an `ErrorBody` with a stable code; a client's mistake is never a 500.

Validation details are reduced to location, type and message: pydantic would echo the offending input,
which may be record contents.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from liaison_protocol.error_codes import ErrorCode
from liaison_protocol.messages import ErrorBody, ErrorDetail
from liaison_server.errors import ApiError

logger = logging.getLogger("liaison_server.errors")

_HTTP_CODES = {
    400: ErrorCode.BAD_REQUEST,
    401: ErrorCode.INVALID_TOKEN,
    403: ErrorCode.FORBIDDEN,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    406: ErrorCode.NOT_ACCEPTABLE,
    408: ErrorCode.REQUEST_TIMEOUT,
    413: ErrorCode.BODY_TOO_LARGE,
    415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
}


def error_json(
    status: int,
    code: ErrorCode,
    message: str,
    details: object = None,
    *,
    wipe: bool = False,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = ErrorBody(error=ErrorDetail(code=code, message=message, details=details, wipe=wipe))
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


def error_response(error: ApiError) -> JSONResponse:
    return error_json(
        error.status_code, error.code, error.message, error.details, wipe=error.wipe, headers=error.headers
    )


def _validation_details(exc: RequestValidationError) -> list[dict[str, object]]:
    return [
        {
            "loc": [str(part) for part in err.get("loc", ())][:10],
            "type": err.get("type"),
            "msg": err.get("msg"),
        }
        for err in exc.errors()[:20]
    ]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        details = _validation_details(exc)
        if any(d["type"] == "json_invalid" for d in details):
            return error_json(400, ErrorCode.MALFORMED_JSON, "The request body is not valid JSON.", details)
        return error_json(
            422, ErrorCode.INVALID_REQUEST, "The request does not match the API's schema.", details
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, ErrorCode.HTTP_ERROR)
        message = exc.detail if isinstance(exc.detail, str) else "HTTP error."
        return error_json(exc.status_code, code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.error(
            "unhandled error",
            exc_info=exc,
            extra={"fields": {"path": request.url.path, "type": type(exc).__name__}},
        )
        return error_json(500, ErrorCode.INTERNAL_ERROR, "The server failed; the error was logged.")


ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    400: {"model": ErrorBody, "description": "Malformed JSON or gzip"},
    401: {"model": ErrorBody, "description": "invalid_token, device_revoked (wipe), reauth_required"},
    413: {"model": ErrorBody, "description": "body_too_large, batch_too_large"},
    422: {"model": ErrorBody, "description": "invalid_request and other validation errors"},
}
