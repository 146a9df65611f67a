"""A small HTTP service: loads its own .env with python-dotenv and reports what it sees."""
import json
import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from dotenv import load_dotenv

load_dotenv()

PORT = int(sys.argv[sys.argv.index("--port") + 1]) if "--port" in sys.argv else int(os.environ["PORT"])
LOG_LEVEL = os.getenv("LOG_LEVEL", "info")
DATABASE_HOST = os.environ["DATABASE_HOST"]
DATABASE_URL = os.environ["DATABASE_URL"]
CACHE_TTL = int(os.getenv("CACHE_TTL", "60"))
API_SECRET_KEY = os.environ["API_SECRET_KEY"]
GREETING = os.environ.get("GREETING", "hello")


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/health":
            body = {"status": "ok", "pid": os.getpid()}
        elif self.path == "/env":
            body = dict(os.environ)
        else:
            self.send_error(404)
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)


def stop(signum, frame):
    print(f"api: stopped cleanly (signal {signum})", flush=True)
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
print(f"api: listening on 127.0.0.1:{PORT} (log level {LOG_LEVEL})", flush=True)
server.serve_forever()
