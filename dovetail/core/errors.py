"""Errors services raise when input breaks a rule; each carries a code and names the field."""


class ServiceError(Exception):
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code

    def as_dict(self) -> dict:
        return {"code": self.code, "field": self.field, "message": self.message}
