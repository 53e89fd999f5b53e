"""A minimal SMTP server on 127.0.0.1 (RFC 5321 commands a client sends for one message), counting
connections and messages: the SMTP relay is outside the machine, so it is faked at the wire."""

import socketserver
import threading


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        server: FakeSMTPServer = self.server  # type: ignore[assignment]
        server.connections += 1
        self._reply("220 fake ESMTP ready")
        in_data = False
        lines: list[str] = []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if in_data:
                if line == ".":
                    in_data = False
                    server.messages.append("\n".join(lines))
                    lines = []
                    self._reply("250 OK queued")
                    if server.close_after_each:
                        return  # the server hangs up, as an idle relay does
                else:
                    lines.append(line)
                continue
            verb = line.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self._reply("250-fake\r\n250 8BITMIME")
            elif verb in ("HELO", "MAIL", "RCPT", "RSET", "NOOP"):
                self._reply("250 OK")
            elif verb == "DATA":
                in_data = True
                self._reply("354 End data with <CR><LF>.<CR><LF>")
            elif verb == "QUIT":
                self._reply("221 Bye")
                return
            else:
                self._reply("502 Command not implemented")

    def _reply(self, text: str) -> None:
        self.wfile.write((text + "\r\n").encode())


class FakeSMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.connections = 0
        self.messages: list[str] = []
        self.close_after_each = False
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
