#!/usr/bin/env python
"""
Writes the Tandem configuration directory. Server and client share it (tandem_conf_dir), so both write the
same files through this one function; only the server host also gets its log, pid and work directories, the
View secret and the users file.
"""
from __future__ import print_function

import os

from resource_management.core.exceptions import Fail
from resource_management.core.resources.system import Directory, File
from resource_management.core.source import InlineTemplate
from resource_management.libraries.resources.xml_config import XmlConfig

SECRET_PROPERTIES = ('tandem.view.secret', 'tandem.userdata.ambari.password', 'tandem.userdata.ranger.password',
                     'tandem.zookeeper.digest.secret')
ROLES = ('viewer', 'operator', 'admin')
HASH_PREFIX = 'pbkdf2-sha256:'


def site_for_host(params):
  """
  tandem-site as written on this host. The View secret, the Ambari and Ranger passwords and the ZooKeeper digest
  secret are only needed by the server: hosts without TANDEM_SERVER get the file without them, world-readable; the
  server host gets them with mode 0640.
  """
  site = dict(params.tandem_site)
  if not params.is_server_host:
    for name in SECRET_PROPERTIES:
      site.pop(name, None)
  return site


def check_users(content):
  """
  Fails on a tandem-users line the server would refuse at start, or that holds something other than a hash
  from "tandem hash-password". The message names the line and the user, never what follows the role.
  """
  for number, raw in enumerate((content or '').splitlines(), 1):
    line = raw.strip()
    if not line or line[0] in '#!':
      continue
    name, separator, value = line.partition('=')
    name = name.strip()
    if not separator or not name:
      raise Fail('tandem-users/content line %d is not "user = role[, password hash]"' % number)
    role, _, password_hash = value.partition(',')
    if role.strip().lower() not in ROLES:
      raise Fail('tandem-users/content line %d (%s): unknown role "%s" (use viewer, operator or admin)'
                 % (number, name, role.strip()))
    password_hash = password_hash.strip()
    if password_hash and not (password_hash.startswith(HASH_PREFIX) and password_hash.count(':') == 3):
      raise Fail('tandem-users/content line %d (%s): after the role comes the output of "tandem hash-password" '
                 '(pbkdf2-sha256:...), never a password' % (number, name))


def write_config(params):
  if params.is_server_host:
    if not params.tandem_site.get('tandem.zookeeper.connect'):
      raise Fail('tandem-site/tandem.zookeeper.connect is empty and the cluster reports no ZooKeeper server: '
                 'set it to the ZooKeeper quorum of this site')
    if not params.tandem_view_secret:
      raise Fail('tandem-site/tandem.view.secret is empty: the Tandem alerts, the service check and the Ambari '
                 'View authenticate to the server with it')
    check_users(params.tandem_users_content)

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

  if params.is_server_host:
    # Read by the server at start (tandem.auth.users.file). A function, not the text, goes to File, so that the
    # agent's command log names it instead of printing the hashes.
    def tandem_users_properties():
      return params.tandem_users_content.strip() + '\n'

    File(params.tandem_users_file,
         content=tandem_users_properties,
         owner=params.tandem_user,
         group=params.user_group,
         mode=0o600)

  File(os.path.join(params.tandem_conf_dir, 'log4j.properties'),
       content=InlineTemplate(params.tandem_log4j_template),
       owner=params.tandem_user,
       group=params.user_group,
       mode=0o644)
