# Loaded by the web image's CMD; the bind address comes from $PORT on the command line there.
import os

# Heroku does not set WEB_CONCURRENCY for container apps; size it per dyno type with a config var.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))

# Heroku's router answers H12 after 30 s; end a stuck request first so the error is logged here.
timeout = 25
# Heroku sends SIGKILL 30 s after SIGTERM on restarts and deploys.
graceful_timeout = 20

# The router is the only peer a dyno has, and its addresses change, so trust its X-Forwarded-* from anywhere.
forwarded_allow_ips = "*"

accesslog = "-"
errorlog = "-"

# Gunicorn >= 25.1 opens a control socket by default, under $XDG_RUNTIME_DIR, $HOME or the working directory,
# none of which the image's non-root user may write; nothing here uses gunicornc.
control_socket_disable = True
