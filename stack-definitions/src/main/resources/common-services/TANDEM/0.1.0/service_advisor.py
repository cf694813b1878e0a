#!/usr/bin/env ambari-python-wrap
"""
TANDEM's service advisor: what Tandem needs of the services beside it, recommended and validated by Ambari.

- hdfs-site dfs.namenode.snapshot.capture.openfiles=true (HDFS-11402; HDFS defaults to false). With it, a
  snapshot keeps a file open for write at the length the NameNode knew, so a cut of a file still being written is
  exact. Without it the snapshot follows the live file and no snapshot diff lists the later writes or the close:
  Tandem then copies and checks every file open at a cut by name until it is closed, which is correct but costs
  a copy per run for each such file. The validation warns (it does not block) when the key is false.
- hive-site (when Hive is installed): Tandem's metadata fence listener, which the Tandem Client installs into the
  metastore's lib directory on every Hive Metastore host (metastore-listener/ in the repository; README, "The fence
  listener on a production metastore"). Its classes are appended to the metastore's pre-event and end-function
  listener keys, under the name the metastore reads: Hive 3.1's MetastoreConf takes metastore.* when it is set and
  only then the older hive.metastore.* name, so a cluster that already sets the metastore.* key gets it there. The
  listener reads tandem.registry.connect (the site's Tandem registry: tandem-site's tandem.zookeeper.connect, else
  this cluster's ZooKeeper servers), tandem.registry.root and tandem.fence.wait.ms; values an operator set stay.
  Once tandem-site turns ZooKeeper authentication on, its tandem.zookeeper.* identity is mirrored into hive-site
  (the listener must authenticate as the servers do).
  Without the listener, cuts of groups with Hive data sets fail (unless a group allows unfenced cuts), so the
  validation warns when it is missing, and when a Hive Metastore host has no Tandem Client to install the jar.

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

# The fence listener's hive-site settings (TandemProperties and TandemFenceListener in the repository).
FENCE_LISTENER = 'dev.tandem.hive.TandemFenceListener'
# (name the metastore reads first, older name it falls back to, Tandem's class for it)
LISTENER_KEYS = (
  ('metastore.pre.event.listeners', 'hive.metastore.pre.event.listeners', FENCE_LISTENER),
  ('metastore.end.function.listeners', 'hive.metastore.end.function.listeners', FENCE_LISTENER + '$Release'),
)
REGISTRY_CONNECT = 'tandem.registry.connect'
REGISTRY_ROOT = 'tandem.registry.root'
REGISTRY_ROOT_DEFAULT = '/tandem'
FENCE_WAIT_MS = 'tandem.fence.wait.ms'
FENCE_WAIT_MS_DEFAULT = '30000'
# ZooKeeper identity (issue 16 A): the listener authenticates as the servers do, so tandem-site's values are
# mirrored into hive-site once authentication is on (or was, so that turning it off reaches the metastores too).
ZK_AUTH = 'tandem.zookeeper.auth'
ZK_AUTH_DEFAULT = 'none'
ZK_DIGEST_USER = 'tandem.zookeeper.digest.user'
ZK_DIGEST_USER_DEFAULT = 'tandem'
ZK_DIGEST_SECRET = 'tandem.zookeeper.digest.secret'
ZK_SASL_IDS = 'tandem.zookeeper.sasl.ids'
ZK_SASL_IDS_DEFAULT = 'tandem'
ZK_SASL_METASTORE_IDS = 'tandem.zookeeper.sasl.metastore.ids'
ZK_SASL_METASTORE_IDS_DEFAULT = 'hive'
CREDENTIAL_PROVIDER_PATH = 'hadoop.security.credential.provider.path'


def _properties(configurations, config_type):
  return (configurations.get(config_type) or {}).get('properties') or {}


def _component_hosts(services, service_name, component_name):
  for service in services.get('services', []):
    if service.get('StackServices', {}).get('service_name') != service_name:
      continue
    for component in service.get('components', []):
      info = component.get('StackServiceComponents', {})
      if info.get('component_name') == component_name:
        return sorted(info.get('hostnames') or [])
  return []


def _with_listener(value, listener):
  """The comma-separated listener list with Tandem's class appended, once; the others keep their order."""
  listeners = [item.strip() for item in (value or '').split(',') if item.strip()]
  if listener not in listeners:
    listeners.append(listener)
  return ','.join(listeners)


def listener_key(hive_site, key, older_key):
  """The key a Hive 3.1 metastore reads the listeners from: key when hive-site has it, else the older one."""
  return key if key in hive_site else older_key


def registry_connect(services):
  """The site's Tandem registry, as the pack's scripts derive tandem.zookeeper.connect."""
  configured = str(_properties(services.get('configurations', {}), 'tandem-site').get('tandem.zookeeper.connect')
                   or '').strip()
  if configured:
    return configured
  port = _properties(services.get('configurations', {}), 'zoo.cfg').get('clientPort') or '2181'
  return ','.join('%s:%s' % (host, port) for host in _component_hosts(services, 'ZOOKEEPER', 'ZOOKEEPER_SERVER'))


def hive_site_recommendations(services):
  """What the fence listener needs in hive-site: {key: value}, given the cluster's current hive-site."""
  configurations = services.get('configurations', {})
  hive_site = _properties(configurations, 'hive-site')
  out = {}
  for key, older_key, listener in LISTENER_KEYS:
    name = listener_key(hive_site, key, older_key)
    out[name] = _with_listener(hive_site.get(name), listener)
  connect = registry_connect(services)
  if connect and not hive_site.get(REGISTRY_CONNECT):
    out[REGISTRY_CONNECT] = connect
  if not hive_site.get(REGISTRY_ROOT):
    out[REGISTRY_ROOT] = (_properties(configurations, 'tandem-site').get(REGISTRY_ROOT)
                          or REGISTRY_ROOT_DEFAULT)
  if not hive_site.get(FENCE_WAIT_MS):
    out[FENCE_WAIT_MS] = FENCE_WAIT_MS_DEFAULT
  out.update(zookeeper_identity(_properties(configurations, 'tandem-site'), hive_site))
  return out


def zookeeper_identity(tandem_site, hive_site):
  """tandem-site's ZooKeeper identity for the listener: nothing while authentication is and was off. The digest
  secret is copied unless hive-site reads secrets from a credential provider (then the operator stores it there)."""
  auth = str(tandem_site.get(ZK_AUTH) or ZK_AUTH_DEFAULT).strip().lower()
  if auth == ZK_AUTH_DEFAULT and ZK_AUTH not in hive_site:
    return {}
  out = {ZK_AUTH: auth}
  if auth == 'digest':
    out[ZK_DIGEST_USER] = tandem_site.get(ZK_DIGEST_USER) or ZK_DIGEST_USER_DEFAULT
    if tandem_site.get(ZK_DIGEST_SECRET) and not hive_site.get(CREDENTIAL_PROVIDER_PATH):
      out[ZK_DIGEST_SECRET] = tandem_site.get(ZK_DIGEST_SECRET)
  elif auth == 'sasl':
    out[ZK_SASL_IDS] = tandem_site.get(ZK_SASL_IDS) or ZK_SASL_IDS_DEFAULT
    out[ZK_SASL_METASTORE_IDS] = tandem_site.get(ZK_SASL_METASTORE_IDS) or ZK_SASL_METASTORE_IDS_DEFAULT
  return dict((k, v) for k, v in out.items() if hive_site.get(k) != v)


class TANDEMServiceAdvisor(service_advisor.ServiceAdvisor):

  def __init__(self, *args, **kwargs):
    self.as_super = super(TANDEMServiceAdvisor, self)
    self.as_super.__init__(*args, **kwargs)

  def getServiceConfigurationRecommendations(self, configurations, clusterData, services, hosts):
    if 'hdfs-site' in services.get('configurations', {}):
      put_hdfs_site = self.putProperty(configurations, 'hdfs-site', services)
      put_hdfs_site(CAPTURE_OPEN_FILES, 'true')
    if 'hive-site' in services.get('configurations', {}):
      put_hive_site = self.putProperty(configurations, 'hive-site', services)
      for key, value in sorted(hive_site_recommendations(services).items()):
        put_hive_site(key, value)

  def getServiceConfigurationsValidationItems(self, configurations, recommendedDefaults, services, hosts):
    return self.hdfs_site_problems(configurations) + self.hive_site_problems(configurations)

  def hdfs_site_problems(self, configurations):
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

  def hive_site_problems(self, configurations):
    hive_site = self.getSiteProperties(configurations, 'hive-site')
    if hive_site is None:
      return []
    items = []
    for key, older_key, listener in LISTENER_KEYS:
      name = listener_key(hive_site, key, older_key)
      listeners = [item.strip() for item in (hive_site.get(name) or '').split(',')]
      if listener not in listeners:
        items.append({'config-name': name, 'item': self.getWarnItem(
          'Tandem needs %s here for its metadata fence: without it, cuts of protection groups with Hive data sets '
          'fail (unless a group allows unfenced cuts).' % listener)})
    if not str(hive_site.get(REGISTRY_CONNECT) or '').strip():
      items.append({'config-name': REGISTRY_CONNECT, 'item': self.getWarnItem(
        "Tandem's fence listener needs the site's Tandem registry (the ZooKeeper quorum of "
        'tandem-site/tandem.zookeeper.connect).')})
    return self.toConfigurationValidationProblems(items, 'hive-site')

  def getServiceComponentLayoutValidations(self, services, hosts):
    """A Hive Metastore host without a Tandem Client gets no fence listener jar."""
    clients = set(_component_hosts(services, 'TANDEM', 'TANDEM_CLIENT'))
    return [{'type': 'host-component', 'level': 'WARN', 'component-name': 'TANDEM_CLIENT', 'host': host,
             'message': 'Add a Tandem Client on %s: it installs the fence listener jar into the Hive '
                        'metastore there.' % host}
            for host in _component_hosts(services, 'HIVE', 'HIVE_METASTORE') if host not in clients]
