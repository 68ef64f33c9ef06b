"""A minimal JupyterHub for this course on one machine: to try the classroom set-up, and
what tests/course/test_hub.py starts on 127.0.0.1.

It needs, in one environment: the learner's set and the course package, and JupyterHub
(pinned in requirements-dev.txt: `make test` puts them all in .venv/), and the proxy from npm
(`hub/install-proxy` puts it in .cache/node/).
Run it from an empty folder of its own, where the hub keeps its state (database, cookie
secret), with the learners' names and their shared password:

    COURSE_HUB_LEARNERS=ada,alan COURSE_HUB_PASSWORD='a long password' \
        /path/to/course/.venv/bin/jupyterhub -f /path/to/course/hub/jupyterhub_config.py

and hand out the nbgitpuller link (docs/instructor/hub.md says how to build it). Options
on the command line override this file, e.g. --JupyterHub.bind_url=http://127.0.0.1:8001.

Each learner gets a home of their own, COURSE_HUB_HOMES/<name> (default: homes/ in the
folder the hub runs in), and a JupyterLab server rooted there: their file browser, and the
contents API behind it, cannot reach another learner's home. Every server runs as the
hub's own Unix user, though, so code a learner runs (a terminal, a notebook cell) could
read the other homes: this is for a trial and for the tests, not for a class of strangers.
For a class, The Littlest JupyterHub makes every learner a Unix user of their own, and
Zero to JupyterHub gives every learner a container (docs/instructor/hub.md).
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub defines it when it reads this file)

COURSE = Path(__file__).resolve().parent.parent
LEARNERS = {name.strip() for name in os.environ.get("COURSE_HUB_LEARNERS", "").split(",")
            if name.strip()}
if not LEARNERS:
    sys.exit("hub/jupyterhub_config.py: set COURSE_HUB_LEARNERS to the learners' names, "
             "separated by commas (e.g. COURSE_HUB_LEARNERS=ada,alan)")
HOMES = Path(os.environ.get("COURSE_HUB_HOMES", "homes")).resolve()

# Only on this machine until you choose otherwise (--JupyterHub.bind_url=http://:8000
# listens on every interface; put HTTPS in front of it before learners use it).
c.JupyterHub.bind_url = "http://127.0.0.1:8000"

# Who may log in: the listed learners, with one password shared by the class (at least
# 8 characters; JupyterHub refuses to start with a shorter one).
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ.get("COURSE_HUB_PASSWORD")
c.Authenticator.allowed_users = LEARNERS

# Each learner's JupyterLab: started by the hub as a local process, in the hub's own
# environment (which has the course's packages and nbgitpuller), with its own home
# HOMES/<name>, which is also the root of its file browser.
c.JupyterHub.spawner_class = "simple"  # jupyterhub.spawner.SimpleLocalProcessSpawner
c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
c.Spawner.notebook_dir = "~"
c.Spawner.cmd = [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
if os.geteuid() == 0:  # a hub run as root (a container, CI): JupyterLab must be told it may
    c.Spawner.args = ["--allow-root"]
# When a whole class logs in at once, a server can take longer than the default 30 s.
c.Spawner.http_timeout = 120
# The proxy in front of the hub and the learners' servers: configurable-http-proxy from
# npm, as hub/install-proxy installs it (else the one on PATH).
proxy = COURSE / ".cache" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
if proxy.exists():
    c.ConfigurableHTTPProxy.command = [str(proxy)]
