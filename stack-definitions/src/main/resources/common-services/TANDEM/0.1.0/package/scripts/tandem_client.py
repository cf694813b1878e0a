#!/usr/bin/env python
"""TANDEM_CLIENT: installs the package and writes the configuration directory for the tandem CLI."""
from __future__ import print_function

from resource_management.core.exceptions import ClientComponentHasNoStatus
from resource_management.libraries.script.script import Script

import tandem_config


class TandemClient(Script):

  def install(self, env):
    self.install_packages(env)
    self.configure(env)

  def configure(self, env):
    import params
    env.set_params(params)
    tandem_config.write_config(params)

  def status(self, env):
    raise ClientComponentHasNoStatus()


if __name__ == "__main__":
  TandemClient().execute()
