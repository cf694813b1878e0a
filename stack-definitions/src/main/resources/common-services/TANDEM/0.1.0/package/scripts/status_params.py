#!/usr/bin/env python
"""
What the STATUS command needs. Kept apart from params.py because status commands may arrive with fewer
configurations than the others: every lookup here has a default.
"""
from __future__ import print_function

import os

from resource_management.libraries.functions.default import default

PID_FILE_NAME = 'tandem-server.pid'

tandem_pid_dir = default('/configurations/tandem-env/tandem_pid_dir', '/var/run/tandem')
tandem_pid_file = os.path.join(tandem_pid_dir, PID_FILE_NAME)
