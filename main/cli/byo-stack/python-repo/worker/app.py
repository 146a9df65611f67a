"""A small worker: loads its own .env with python-dotenv, finds the api by API_URL, reports what it sees."""
import json
import os
import signal
import sys
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from dotenv import load_dotenv

load_dotenv()

PORT = int(sys.argv[sys.argv.index("--port") + 1]) if "--port" in sys.argv else int(os.environ["PORT"])
API_URL = os.environ["API_URL"]
QUEUE_NAME = os.getenv("QUEUE_NAME", "default")
BATCH_SIZE = int(os.getenv("BATCH_SIZE", "10"))
WORKER_TOKEN = os.environ["WORKER_TOKEN"]
LOG_LEVEL = os.getenv("LOG_LEVEL", "info")


def api_status():
    try:
        with urllib.request.urlopen(f"{API_URL}/health", timeout=2) as response:
            return json.load(response).get("status", "unknown")
    except OSError as error:
        return f"unreachable: {error}"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/health":
            body = {"status": "ok", "pid": os.getpid(), "api": api_status()}
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
    print(f"worker: stopped cleanly (signal {signum})", flush=True)
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
print(f"worker: listening on 127.0.0.1:{PORT}, queue {QUEUE_NAME}, api at {API_URL}", flush=True)
server.serve_forever()
