"""
The service advisor as Ambari loads it: the parent module from BASE_SERVICE_ADVISOR (a stand-in with the
DefaultStackAdvisor methods the advisor calls, behaving as Ambari's do), the class found by its name.
"""
from __future__ import print_function

import imp
import os
import unittest

import support

ADVISOR = os.path.join(support.SERVICE_DIR, 'service_advisor.py')

PARENT = '''
class ServiceAdvisor(object):
  def putProperty(self, config, configType, services=None):
    config.setdefault(configType, {"properties": {}})
    def put(key, value):
      config[configType]["properties"][key] = str(value)
    return put

  def getSiteProperties(self, configurations, siteName):
    site = configurations.get(siteName)
    return None if site is None else site.get("properties")

  def getWarnItem(self, message):
    return {"level": "WARN", "message": message}

  def toConfigurationValidationProblems(self, validationProblems, siteName):
    return [dict(type="configuration", level=p["item"]["level"], message=p["item"]["message"],
                 **{"config-type": siteName, "config-name": p["config-name"]}) for p in validationProblems]
'''


class AdvisorCase(unittest.TestCase):
  """Loads the advisor as Ambari does, with the stand-in parent."""

  def setUp(self):
    root = support.make_temp_dir(self)
    parent = os.path.join(root, 'service_advisor.py')
    with open(parent, 'w') as f:
      f.write(PARENT)
    os.environ['BASE_SERVICE_ADVISOR'] = parent
    self.addCleanup(os.environ.pop, 'BASE_SERVICE_ADVISOR', None)
    module = imp.load_source('tandem_service_advisor', ADVISOR)
    names = [n for n in dir(module) if n.startswith('TANDEM') and n.endswith('ServiceAdvisor')]
    self.assertEqual(['TANDEMServiceAdvisor'], names)
    self.advisor = getattr(module, names[0])()


class ServiceAdvisorTest(AdvisorCase):

  def test_recommends_snapshots_that_freeze_open_files(self):
    configurations = {}
    services = {'configurations': {'hdfs-site': {'properties': {}}}}
    self.advisor.getServiceConfigurationRecommendations(configurations, {}, services, {})
    self.assertEqual('true', configurations['hdfs-site']['properties']['dfs.namenode.snapshot.capture.openfiles'])

  def test_recommends_nothing_without_hdfs(self):
    configurations = {}
    self.advisor.getServiceConfigurationRecommendations(configurations, {}, {'configurations': {}}, {})
    self.assertEqual({}, configurations)

  def test_warns_when_snapshots_follow_open_files(self):
    for value in (None, 'false', 'FALSE '):
      props = {} if value is None else {'dfs.namenode.snapshot.capture.openfiles': value}
      problems = self.advisor.getServiceConfigurationsValidationItems(
          {'hdfs-site': {'properties': props}}, {}, {}, {})
      self.assertEqual(1, len(problems), value)
      self.assertEqual('WARN', problems[0]['level'])
      self.assertEqual('hdfs-site', problems[0]['config-type'])
      self.assertEqual('dfs.namenode.snapshot.capture.openfiles', problems[0]['config-name'])

  def test_accepts_true_and_a_cluster_without_hdfs(self):
    self.assertEqual([], self.advisor.getServiceConfigurationsValidationItems(
        {'hdfs-site': {'properties': {'dfs.namenode.snapshot.capture.openfiles': 'true'}}}, {}, {}, {}))
    self.assertEqual([], self.advisor.getServiceConfigurationsValidationItems({}, {}, {}, {}))



LISTENER = 'dev.tandem.hive.TandemFenceListener'
RELEASE = 'dev.tandem.hive.TandemFenceListener$Release'
AUTHORIZATION = 'org.apache.hadoop.hive.ql.security.authorization.AuthorizationPreEventListener'


def cluster(hive_site=None, tandem_site=None, zookeeper_hosts=('zk2.east', 'zk1.east'), client_port='2181',
            metastore_hosts=('hms1.east',), client_hosts=('hms1.east',)):
  """The services document Ambari hands the advisor: configurations and the stack's components with their hosts."""
  configurations = {'zoo.cfg': {'properties': {'clientPort': client_port}},
                    'tandem-site': {'properties': dict(tandem_site or {'tandem.zookeeper.connect': ''})}}
  if hive_site is not None:
    configurations['hive-site'] = {'properties': dict(hive_site)}

  def service(name, components):
    return {'StackServices': {'service_name': name},
            'components': [{'StackServiceComponents': {'component_name': c, 'hostnames': list(h)}}
                           for c, h in components]}
  return {'configurations': configurations,
          'services': [service('ZOOKEEPER', [('ZOOKEEPER_SERVER', zookeeper_hosts)]),
                       service('HIVE', [('HIVE_METASTORE', metastore_hosts)]),
                       service('TANDEM', [('TANDEM_SERVER', ['gw.east']), ('TANDEM_CLIENT', client_hosts)])]}


class FenceListenerAdviceTest(AdvisorCase):
  """Issue 21 A: hive-site as the fence listener needs it (metastore-listener/, TandemProperties)."""

  def recommend(self, services):
    configurations = {}
    self.advisor.getServiceConfigurationRecommendations(configurations, {}, services, {})
    return configurations.get('hive-site', {}).get('properties')

  def test_appends_the_listener_to_the_older_keys_hive_site_uses_and_points_it_at_the_registry(self):
    hive_site = self.recommend(cluster(hive_site={'hive.metastore.pre.event.listeners': AUTHORIZATION + ' ,'}))
    self.assertEqual({
      'hive.metastore.pre.event.listeners': AUTHORIZATION + ',' + LISTENER,
      'hive.metastore.end.function.listeners': RELEASE,
      'tandem.registry.connect': 'zk1.east:2181,zk2.east:2181',
      'tandem.registry.root': '/tandem',
      'tandem.fence.wait.ms': '30000',
    }, hive_site)

  def test_uses_the_metastore_key_when_the_cluster_sets_it_because_the_metastore_reads_that_first(self):
    hive_site = self.recommend(cluster(hive_site={'metastore.pre.event.listeners': '',
                                                  'hive.metastore.pre.event.listeners': AUTHORIZATION,
                                                  'metastore.end.function.listeners': 'x.Y'}))
    self.assertEqual(LISTENER, hive_site['metastore.pre.event.listeners'])
    self.assertEqual('x.Y,' + RELEASE, hive_site['metastore.end.function.listeners'])
    self.assertNotIn('hive.metastore.pre.event.listeners', hive_site)
    self.assertNotIn('hive.metastore.end.function.listeners', hive_site)

  def test_takes_tandem_sites_registry_and_keeps_what_an_operator_set(self):
    services = cluster(hive_site={'hive.metastore.pre.event.listeners': LISTENER, 'tandem.fence.wait.ms': '5000'},
                       tandem_site={'tandem.zookeeper.connect': 'zk.tandem:2281', 'tandem.registry.root': '/dr'},
                       client_port='2182')
    hive_site = self.recommend(services)
    self.assertEqual(LISTENER, hive_site['hive.metastore.pre.event.listeners'], 'not appended twice')
    self.assertEqual('zk.tandem:2281', hive_site['tandem.registry.connect'])
    self.assertEqual('/dr', hive_site['tandem.registry.root'])
    self.assertNotIn('tandem.fence.wait.ms', hive_site, "the operator's 5000 stays")
    services['configurations']['hive-site']['properties'].update({'tandem.registry.connect': 'zk.other:2181'})
    self.assertNotIn('tandem.registry.connect', self.recommend(services))

  def test_derives_the_registry_from_the_zookeeper_servers_and_their_client_port(self):
    hive_site = self.recommend(cluster(hive_site={}, client_port='2182', zookeeper_hosts=('b', 'a', 'c')))
    self.assertEqual('a:2182,b:2182,c:2182', hive_site['tandem.registry.connect'])

  def test_mirrors_the_zookeeper_identity_once_authentication_is_on(self):
    # Issue 16 A: the listener authenticates as the servers do.
    digest = self.recommend(cluster(hive_site={}, tandem_site={
      'tandem.zookeeper.auth': 'digest', 'tandem.zookeeper.digest.secret': 'east-and-west-share-this'}))
    self.assertEqual('digest', digest['tandem.zookeeper.auth'])
    self.assertEqual('tandem', digest['tandem.zookeeper.digest.user'])
    self.assertEqual('east-and-west-share-this', digest['tandem.zookeeper.digest.secret'])
    kept = self.recommend(cluster(hive_site={'hadoop.security.credential.provider.path': 'jceks://file/h.jceks'},
                                  tandem_site={'tandem.zookeeper.auth': 'digest',
                                               'tandem.zookeeper.digest.secret': 'east-and-west-share-this'}))
    self.assertNotIn('tandem.zookeeper.digest.secret', kept, 'a credential provider holds it')
    sasl = self.recommend(cluster(hive_site={}, tandem_site={'tandem.zookeeper.auth': 'sasl'}))
    self.assertEqual(('sasl', 'tandem', 'hive'), (sasl['tandem.zookeeper.auth'], sasl['tandem.zookeeper.sasl.ids'],
                                                  sasl['tandem.zookeeper.sasl.metastore.ids']))
    off = self.recommend(cluster(hive_site={'tandem.zookeeper.auth': 'sasl'}, tandem_site={}))
    self.assertEqual('none', off['tandem.zookeeper.auth'], 'turning it off reaches the metastores')
    self.assertNotIn('tandem.zookeeper.auth', self.recommend(cluster(hive_site={})))

  def test_recommends_nothing_for_hive_without_hive(self):
    self.assertIsNone(self.recommend(cluster(hive_site=None)))

  def test_warns_while_the_listener_or_its_registry_is_missing(self):
    problems = self.advisor.getServiceConfigurationsValidationItems(
        {'hive-site': {'properties': {'hive.metastore.pre.event.listeners': AUTHORIZATION}}}, {}, {}, {})
    self.assertEqual(['hive.metastore.end.function.listeners', 'hive.metastore.pre.event.listeners',
                      'tandem.registry.connect'], sorted(p['config-name'] for p in problems))
    self.assertTrue(all(p['level'] == 'WARN' and p['config-type'] == 'hive-site' for p in problems))
    recommended = self.recommend(cluster(hive_site={'hive.metastore.pre.event.listeners': AUTHORIZATION}))
    self.assertEqual([], self.advisor.getServiceConfigurationsValidationItems(
        {'hive-site': {'properties': recommended}}, {}, {}, {}), 'the recommendation satisfies the validation')

  def test_warns_for_a_metastore_host_without_a_tandem_client(self):
    problems = self.advisor.getServiceComponentLayoutValidations(
        cluster(hive_site={}, metastore_hosts=('hms1.east', 'hms2.east'), client_hosts=('hms1.east',)), {})
    self.assertEqual([('hms2.east', 'TANDEM_CLIENT', 'WARN')],
                     [(p['host'], p['component-name'], p['level']) for p in problems])
    self.assertEqual([], self.advisor.getServiceComponentLayoutValidations(cluster(hive_site={}), {}))


if __name__ == '__main__':
  unittest.main()
