export const HELP = `stackdeck: start a local stack and see which source set every variable

Usage
  stackdeck init [--yes] [--force] [--root DIR]
      Write stackdeck.json and one stackdeck.variables.json per service
      folder from what the repository already says: a compose file, a
      Procfile, package.json scripts (and workspaces), Python entry points
      (manage.py, FastAPI, Flask, uvicorn.run), Go main packages; variables
      from .env files, .env.example/.sample/*.template and the code itself.
      Prints every guess. Never overwrites without --force. At a terminal it
      asks once before writing; --yes (or no terminal) writes without asking.
  stackdeck audit [--json] [--root DIR]
      Per service: variables the code reads but nobody declares, declared
      but never read (where the service has code), and set in env files but
      used by nothing, each at its file:line. A report: exit 0.
  stackdeck check [--env-dir DIR] [--profile P] [--json] [--baseline FILE]
      Resolve and validate every service without starting anything.
      Exit 1 when any finding is an error, 0 otherwise, 2 for bad usage.
      --baseline FILE: compare with a saved \`check --json\`, print the new
      findings and those fixed since; exit 1 only on a new error.
  stackdeck check --connect [--profile P] [--json]
        [--connect-timeout SECONDS] [--connect-retries N]
      Connect from this machine to every address each service would use,
      with the values check resolves: PostgreSQL (log in, TLS as its
      sslmode says), Redis (AUTH, PING), ClickHouse (GET /ping), peer URLs
      (their health path, else TCP). Per attempt 5 s and 3 retries in
      development and test, 10 s and 5 retries in staging and production,
      with back-off. Exit 1 when any fails, 130 on Ctrl+C.
  stackdeck env SERVICE [KEY] [--env-dir DIR] [--profile P] [--json]
      Every variable of SERVICE with its value (secrets masked), the source
      that set it (file:line, OS env, launcher, override, fallback, default)
      and what it shadowed, what breaks without it and which services
      require it (per profile); under a URL built from components, the URL
      each driver receives, masked; with KEY, that variable's whole chain.
  stackdeck up [--profile P] [--json] [--exit-with-stdin]
      Start the stack headless in dependency order (stackdeck.json), logs
      prefixed by service; --json prints one JSON event a line. Ctrl+C
      (SIGINT/SIGTERM/SIGHUP), or the process that started it going away,
      stops everything: SIGTERM, grace period, SIGKILL; Ctrl+C again kills
      at once. --exit-with-stdin: also stop when stdin closes (for an app
      that starts stackdeck and holds its stdin).
  stackdeck ui [--port N] [--no-open] [--profile P]
      The dashboard in browser mode: 127.0.0.1 only, a random token in the
      URL; opens a Chromium app window (or the system browser) unless --no-open.
  stackdeck mcp [--root DIR] [--profile P] [--env-dir DIR]
      An MCP server on stdin/stdout for AI coding agents (register it in
      the agent's mcpServers). It drives the engine of a running
      \`stackdeck ui\` for this stack (found in <state folder>/ui.json),
      else starts its own, which stops when the client closes stdin.
      Tools: list_services, start_service, stop_service, restart_service,
      read_logs, search_logs, get_variable, check, list_agent_runs,
      start_agent_runs. Secrets stay masked; a service with "mcp": false
      in stackdeck.json is out of reach.
  stackdeck help
      This text.

Options
  --profile P     development | test | staging | production
                  (default: $ENVIRONMENT, else development)
  --env-dir DIR   read env files from DIR (DIR/.env* for all services,
                  DIR/<service>/.env* per service) instead of the stack
  --root DIR      the stack's root (default: the current directory);
                  without a stackdeck.json there, every command but init
                  stops and says so (exit 2)
  --json          one JSON document on stdout
  --yes, -y       init: write without asking
  --force         init: overwrite stackdeck.json and its variables files

Environment
  STACKDECK_STATE_DIR  where generated development fallbacks are kept, and
                       the ui.json by which mcp finds a running ui
                       (default: <root>/.stackdeck, git-ignored)
  NO_COLOR / FORCE_COLOR  turn colours off / on
`;
