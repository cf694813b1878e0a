#!/usr/bin/env python
"""TANDEM_SERVER: install, configure, start, stop, status."""
from __future__ import print_function

from resource_management.libraries.script.script import Script

import tandem_config
import tandem_service


class TandemServer(Script):

  def install(self, env):
    self.install_packages(env)
    self.configure(env)

  def configure(self, env):
    import params
    env.set_params(params)
    tandem_config.write_config(params)

  def start(self, env):
    import params
    env.set_params(params)
    self.configure(env)
    tandem_service.start(params)

  def stop(self, env):
    import params
    env.set_params(params)
    tandem_service.stop(params)

  def status(self, env):
    import status_params
    env.set_params(status_params)
    tandem_service.status(status_params.tandem_pid_file)

  def get_log_folder(self):
    import params
    return params.tandem_log_dir

  def get_user(self):
    import params
    return params.tandem_user

  def get_pid_files(self):
    import status_params
    return [status_params.tandem_pid_file]


if __name__ == "__main__":
  TandemServer().execute()
