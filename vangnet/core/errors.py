class ApplicationError(Exception):
    """A business rule said no. The message is safe to show to the user who asked."""

    def __init__(self, message: str, *, extra: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
