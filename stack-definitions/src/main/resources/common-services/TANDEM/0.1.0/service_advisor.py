#!/usr/bin/env ambari-python-wrap
"""
TANDEM's service advisor: what Tandem needs of the services beside it, recommended and validated by Ambari.

- hdfs-site dfs.namenode.snapshot.capture.openfiles=true (HDFS-11402; HDFS defaults to false). With it, a
  snapshot keeps a file open for write at the length the NameNode knew, so a cut of a file still being written is
  exact. Without it the snapshot follows the live file and no snapshot diff lists the later writes or the close:
  Tandem then copies and checks every file open at a cut by name until it is closed, which is correct but costs
  a copy per run for each such file. The validation warns (it does not block) when the key is false.

Ambari loads this file with the stack's service_advisor.py as parent (BASE_SERVICE_ADVISOR overrides where it
is, as Ambari's own tests do) and finds the class by its name, <SERVICE>...ServiceAdvisor.
"""
import imp
import os
import traceback

SCRIPT_DIR = os.path.dirname(os.path.abspath(__file__))
STACKS_DIR = os.path.join(SCRIPT_DIR, '../../../stacks/')
PARENT_FILE = os.environ.get('BASE_SERVICE_ADVISOR', os.path.join(STACKS_DIR, 'service_advisor.py'))

try:
  with open(PARENT_FILE, 'rb') as fp:
    service_advisor = imp.load_module('service_advisor', fp, PARENT_FILE, ('.py', 'rb', imp.PY_SOURCE))
except Exception:
  traceback.print_exc()
  print('Failed to load parent service advisor from %s' % PARENT_FILE)

CAPTURE_OPEN_FILES = 'dfs.namenode.snapshot.capture.openfiles'


class TANDEMServiceAdvisor(service_advisor.ServiceAdvisor):

  def __init__(self, *args, **kwargs):
    self.as_super = super(TANDEMServiceAdvisor, self)
    self.as_super.__init__(*args, **kwargs)

  def getServiceConfigurationRecommendations(self, configurations, clusterData, services, hosts):
    if 'hdfs-site' in services.get('configurations', {}):
      put_hdfs_site = self.putProperty(configurations, 'hdfs-site', services)
      put_hdfs_site(CAPTURE_OPEN_FILES, 'true')

  def getServiceConfigurationsValidationItems(self, configurations, recommendedDefaults, services, hosts):
    hdfs_site = self.getSiteProperties(configurations, 'hdfs-site')
    if hdfs_site is None:
      return []
    value = str(hdfs_site.get(CAPTURE_OPEN_FILES, 'false')).strip().lower()
    if value == 'true':
      return []
    items = [{'config-name': CAPTURE_OPEN_FILES, 'item': self.getWarnItem(
        'Tandem recommends true: HDFS snapshots then keep files open for write at the length the NameNode knew, '
        'so cuts of files still being written are exact. With false, Tandem copies and checks every file open at '
        'a cut again at each run until it is closed.')}]
    return self.toConfigurationValidationProblems(items, 'hdfs-site')
