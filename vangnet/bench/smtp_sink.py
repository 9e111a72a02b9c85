"""An aiosmtpd handler for the benchmarks: accepts every message and appends its Message-ID and recipients
to a file, one line per message, so the benchmark can check that each e-mail arrived exactly once.

Started as `python -m aiosmtpd -n -l HOST:PORT -c vangnet.bench.smtp_sink.RecordingSink FILE`.
"""

import email.parser


class RecordingSink:
    def __init__(self, path: str) -> None:
        self._file = open(path, "a", encoding="utf-8")  # noqa: SIM115 (open for the server's lifetime)
        self._headers = email.parser.BytesHeaderParser()

    @classmethod
    def from_cli(cls, parser, *args: str) -> "RecordingSink":
        if len(args) != 1:
            parser.error("RecordingSink takes the path of its record file")
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope) -> str:
        headers = self._headers.parsebytes(envelope.original_content or envelope.content)
        self._file.write(f"{headers.get('Message-ID', '')} {','.join(sorted(envelope.rcpt_tos))}\n")
        self._file.flush()
        return "250 OK"
