#!/usr/bin/env python3
"""Runs a command while test servers listen on loopback.

    netserve.py [--cert C --key K] [--timeout S] KIND... -- COMMAND ARGS...

Each KIND (tcp, http, tls) starts one server on 127.0.0.1 on a port the
kernel picks; "{tcp}", "{http}" and "{tls}" in the command's arguments are
replaced by those ports. The servers are threads of this process, so they
end with it: after the command exits, or after --timeout seconds (then the
command is killed and the exit status is 124). The exit status is the
command's. Servers never log what they receive.

  tcp   reads one chunk per connection, answers "ok\\n"
  http  HTTP/1.1 (http.server): 200 "ok" to GET, POST, PUT
  tls   as tcp, inside TLS with the given certificate and key
"""
import argparse
import http.server
import socket
import socketserver
import ssl
import subprocess
import sys
import threading


class ChunkHandler(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.settimeout(5)
        try:
            if self.server.tls_context is not None:
                conn = self.server.tls_context.wrap_socket(self.request, server_side=True)
            else:
                conn = self.request
            if conn.recv(65536):
                conn.sendall(b"ok\n")
        except (OSError, ssl.SSLError):
            pass


class OkHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def reply(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    do_GET = do_POST = do_PUT = reply

    def log_message(self, *args):  # requests carry test secrets
        pass


class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True
    tls_context = None


def start(kind, args):
    handler = OkHandler if kind == "http" else ChunkHandler
    server = Server(("127.0.0.1", 0), handler)
    if kind == "tls":
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.cert, args.key)
        server.tls_context = ctx
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def main():
    argv = sys.argv[1:]
    if "--" not in argv:
        sys.exit("netserve.py: expected -- COMMAND")
    split = argv.index("--")
    ap = argparse.ArgumentParser()
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("kinds", nargs="+", choices=["tcp", "http", "tls"])
    args = ap.parse_args(argv[:split])
    ports = {kind: start(kind, args) for kind in args.kinds}
    command = argv[split + 1:]
    for kind, port in ports.items():
        command = [a.replace("{%s}" % kind, str(port)) for a in command]
    child = subprocess.Popen(command)
    try:
        return child.wait(timeout=args.timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
        print("netserve.py: command timed out", file=sys.stderr)
        return 124


if __name__ == "__main__":
    sys.exit(main())
