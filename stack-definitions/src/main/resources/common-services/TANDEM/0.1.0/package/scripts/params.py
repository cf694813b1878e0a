#!/usr/bin/env python
"""
Parameters of the TANDEM command scripts, read from the command JSON Ambari sends.

tandem-site values left empty in Ambari are derived here from the cluster (site id, ZooKeeper quorum, Hive
metastore URIs, the Ambari cluster name for user data), so the written tandem-site.xml always carries the value the server will use.
"""
from __future__ import print_function

import os
import socket

from resource_management.libraries.script.script import Script
from resource_management.libraries.functions.default import default

import status_params

config = Script.get_config()


def _first_set(*values):
  for value in values:
    if value:
      return value
  return ''


# tandem-env
tandem_user = config['configurations']['tandem-env']['tandem_user']
user_group = default('/configurations/cluster-env/user_group', 'hadoop')
tandem_home = config['configurations']['tandem-env']['tandem_home']
tandem_conf_dir = config['configurations']['tandem-env']['tandem_conf_dir']
tandem_log_dir = config['configurations']['tandem-env']['tandem_log_dir']
tandem_pid_dir = status_params.tandem_pid_dir
tandem_pid_file = status_params.tandem_pid_file
tandem_heapsize = config['configurations']['tandem-env']['tandem_heapsize']
# Tandem needs Java 17; Ambari 2.7 clusters usually run Java 8, hence a JDK of its own.
tandem_java_home = _first_set(default('/configurations/tandem-env/tandem_java_home', ''),
                              default('/ambariLevelParams/java_home', ''),
                              default('/hostLevelParams/java_home', ''))
tandem_env_sh_template = config['configurations']['tandem-env']['content']

tandem_launcher = os.path.join(tandem_home, 'bin', 'tandem')
tandem_out_file = os.path.join(tandem_log_dir, 'tandem-server.out')
hadoop_conf_dir = '/etc/hadoop/conf'

# tandem-log4j
tandem_log4j_template = config['configurations']['tandem-log4j']['content']
tandem_log_max_backup_size = default('/configurations/tandem-log4j/tandem_log_max_backup_size', '256')
tandem_log_number_of_backup_files = default('/configurations/tandem-log4j/tandem_log_number_of_backup_files', '10')

# cluster
cluster_name = default('/clusterName', '')
hostname = _first_set(default('/agentLevelParams/hostname', ''), default('/hostname', ''), socket.getfqdn())
tandem_server_hosts = sorted(default('/clusterHostInfo/tandem_server_hosts', []))
is_server_host = hostname in tandem_server_hosts
# Hive Metastore hosts get the fence listener jar from the Tandem Client (tandem_client.py).
hive_metastore_hosts = sorted(default('/clusterHostInfo/hive_metastore_hosts', []))
is_metastore_host = hostname in hive_metastore_hosts
HIVE_METASTORE_LIB_DIRS = ('/usr/hdp/current/hive-metastore/lib', '/usr/odp/current/hive-metastore/lib',
                           '/usr/bigtop/current/hive-metastore/lib', '/usr/lib/hive/lib')
hive_metastore_lib_dir = _first_set(default('/configurations/tandem-env/tandem_hive_metastore_lib_dir', ''),
                                    *[d for d in HIVE_METASTORE_LIB_DIRS if os.path.isdir(d)])
fence_listener_jar = 'tandem-metastore-listener.jar'
zookeeper_hosts = sorted(default('/clusterHostInfo/zookeeper_server_hosts', []))
zookeeper_client_port = default('/configurations/zoo.cfg/clientPort', '2181')
command_timeout_seconds = int(default('/commandParams/command_timeout', '300'))

# Ambari Metrics: the first collector, on the port of ams-site's webapp address.
metrics_collector_hosts = sorted(default('/clusterHostInfo/metrics_collector_hosts', []))
_ams_address = default('/configurations/ams-site/timeline.metrics.service.webapp.address', '0.0.0.0:6188')
_ams_scheme = 'https' if default('/configurations/ams-site/timeline.metrics.service.http.policy',
                                 'HTTP_ONLY') == 'HTTPS_ONLY' else 'http'
metrics_collector_url = ''
if metrics_collector_hosts:
  metrics_collector_url = '%s://%s:%s' % (_ams_scheme, metrics_collector_hosts[0], _ams_address.rsplit(':', 1)[-1])

# tandem-site: raw strings as Ambari stores them (items() bypasses the true/false conversion of the command config).
tandem_site = dict(config['configurations']['tandem-site'].items())
_derived = {
  'tandem.site.id': cluster_name,
  'tandem.zookeeper.connect': ','.join('%s:%s' % (host, zookeeper_client_port) for host in zookeeper_hosts),
  'tandem.hive.metastore.uris': default('/configurations/hive-site/hive.metastore.uris', ''),
  'tandem.hive.metastore.kerberos.principal': (
      default('/configurations/hive-site/hive.metastore.kerberos.principal', '')
      if str(default('/configurations/hive-site/hive.metastore.sasl.enabled', 'false')).lower() == 'true' else ''),
  'tandem.metrics.collector.url': metrics_collector_url,
  'tandem.userdata.ambari.cluster': cluster_name,
}
for _key, _value in _derived.items():
  if not tandem_site.get(_key):
    tandem_site[_key] = _value
tandem_site_attributes = default('/configurationAttributes/tandem-site', {})

tandem_server_port = int(tandem_site['tandem.server.port'])
tandem_work_dir = tandem_site['tandem.work.dir']
tandem_view_secret = tandem_site.get('tandem.view.secret', '')
# TLS: the service check speaks https and verifies the certificate against the CA file, as the alerts do.
tandem_server_tls = str(tandem_site.get('tandem.server.tls.enabled', 'false')).strip().lower() == 'true'
tandem_server_tls_ca_file = tandem_site.get('tandem.server.tls.ca.file') or None

# tandem-users: the server's users file; relative names are resolved against the conf dir, as the server does.
tandem_users_content = default('/configurations/tandem-users/content', '')
tandem_users_file = os.path.join(tandem_conf_dir,
                                 tandem_site.get('tandem.auth.users.file') or 'tandem-users.properties')
