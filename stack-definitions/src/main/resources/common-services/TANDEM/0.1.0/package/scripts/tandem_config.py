#!/usr/bin/env python
"""
Writes the Tandem configuration directory. Server and client share it (tandem_conf_dir), so both write the
same files through this one function; only the server host also gets its log, pid and work directories and
the View secret.
"""
from __future__ import print_function

import os

from resource_management.core.exceptions import Fail
from resource_management.core.resources.system import Directory, File
from resource_management.core.source import InlineTemplate
from resource_management.libraries.resources.xml_config import XmlConfig

SECRET_PROPERTIES = ('tandem.view.secret',)


def site_for_host(params):
  """
  tandem-site as written on this host. The View secret is only needed by the server: hosts without
  TANDEM_SERVER get the file without it, world-readable; the server host gets it with mode 0640.
  """
  site = dict(params.tandem_site)
  if not params.is_server_host:
    for name in SECRET_PROPERTIES:
      site.pop(name, None)
  return site


def write_config(params):
  if params.is_server_host and not params.tandem_site.get('tandem.zookeeper.connect'):
    raise Fail('tandem-site/tandem.zookeeper.connect is empty and the cluster reports no ZooKeeper server: '
               'set it to the ZooKeeper quorum of this site')

  Directory(params.tandem_conf_dir,
            create_parents=True,
            owner=params.tandem_user,
            group=params.user_group,
            mode=0o755)

  if params.is_server_host:
    for directory, mode in ((params.tandem_log_dir, 0o755),
                            (params.tandem_pid_dir, 0o755),
                            (params.tandem_work_dir, 0o750)):
      Directory(directory,
                create_parents=True,
                owner=params.tandem_user,
                group=params.user_group,
                mode=mode)

  XmlConfig('tandem-site.xml',
            conf_dir=params.tandem_conf_dir,
            configurations=site_for_host(params),
            configuration_attributes=params.tandem_site_attributes,
            owner=params.tandem_user,
            group=params.user_group,
            mode=0o640 if params.is_server_host else 0o644)

  File(os.path.join(params.tandem_conf_dir, 'tandem-env.sh'),
       content=InlineTemplate(params.tandem_env_sh_template),
       owner=params.tandem_user,
       group=params.user_group,
       mode=0o755)

  File(os.path.join(params.tandem_conf_dir, 'log4j.properties'),
       content=InlineTemplate(params.tandem_log4j_template),
       owner=params.tandem_user,
       group=params.user_group,
       mode=0o644)
