#!/usr/bin/env python
"""
TANDEM_CLIENT: installs the package and writes the configuration directory for the tandem CLI. On a Hive Metastore
host it also installs Tandem's metadata fence listener (the pack's package/files/tandem-metastore-listener.jar, the
shaded jar of metastore-listener/) into the metastore's lib directory; the service advisor recommends the hive-site
settings that load it, and the metastore loads it at its next restart.
"""
from __future__ import print_function

import os

from resource_management.core.exceptions import ClientComponentHasNoStatus, Fail
from resource_management.core.resources.system import File
from resource_management.core.source import StaticFile
from resource_management.libraries.script.script import Script

import tandem_config


def install_fence_listener(params):
  if not params.is_metastore_host:
    return
  if not params.hive_metastore_lib_dir:
    raise Fail('This host runs a Hive Metastore but none of %s exists: set tandem-env/tandem_hive_metastore_lib_dir '
               'to a directory on the metastore\'s class path' % ', '.join(params.HIVE_METASTORE_LIB_DIRS))
  # Same name in every version of the pack, so an upgrade replaces the jar rather than adding a second one.
  File(os.path.join(params.hive_metastore_lib_dir, params.fence_listener_jar),
       content=StaticFile(params.fence_listener_jar),
       mode=0o644)


class TandemClient(Script):

  def install(self, env):
    self.install_packages(env)
    self.configure(env)

  def configure(self, env):
    import params
    env.set_params(params)
    tandem_config.write_config(params)
    install_fence_listener(params)

  def status(self, env):
    raise ClientComponentHasNoStatus()


if __name__ == "__main__":
  TandemClient().execute()
