package dev.tandem.hive;

import dev.tandem.metastore.FencePaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.security.SecurityUtil;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * The fence listener's ZooKeeper identity, from the metastore's hive-site: the listener's small copy of the plugin's
 * {@code ZkSecurity}, {@code TandemAclProvider} and {@code ZkJaas} (this module cannot depend on the plugin). The
 * keys and their meaning are the plugin's {@code TandemProperties}; every one is optional and authentication is off
 * by default, so a hive-site written for an older listener works unchanged.
 *
 * <ul>
 *   <li>{@code tandem.zookeeper.auth=none}: no credentials, open znodes (as before).</li>
 *   <li>{@code digest}: {@code tandem.zookeeper.digest.user} / {@code .secret} (credential providers), the servers'
 *       own; the listener's nodes give that identity every right.</li>
 *   <li>{@code sasl}: the metastore's principal through JAAS: the {@code Client} section if the metastore has one,
 *       else one for {@code hive.metastore.kerberos.principal} and {@code hive.metastore.kerberos.keytab.file}. Its
 *       nodes give {@code tandem.zookeeper.sasl.ids} every right and {@code tandem.zookeeper.sasl.metastore.ids}
 *       what the servers give them (READ on the fences, every right on registrations and confirmations).</li>
 * </ul>
 */
final class ListenerZkAuth {
  static final String AUTH = "tandem.zookeeper.auth";
  static final String DIGEST_USER = "tandem.zookeeper.digest.user";
  static final String DIGEST_SECRET = "tandem.zookeeper.digest.secret";
  static final String SASL_IDS = "tandem.zookeeper.sasl.ids";
  static final String SASL_METASTORE_IDS = "tandem.zookeeper.sasl.metastore.ids";
  static final int MIN_SECRET_LENGTH = 16;

  private ListenerZkAuth() {}

  /** Adds credentials and ACLs to {@code builder}; a bad setting is a MetaException naming its key. */
  static CuratorFrameworkFactory.Builder apply(CuratorFrameworkFactory.Builder builder, Configuration conf,
      String root) throws MetaException {
    String auth = conf.getTrimmed(AUTH, "none").toLowerCase(Locale.ROOT);
    List<Id> tandem = new ArrayList<>();
    List<Id> listener = new ArrayList<>();
    ZKClientConfig client = new ZKClientConfig();
    if ("digest".equals(auth)) {
      String user = conf.getTrimmed(DIGEST_USER, "tandem");
      String secret = secret(conf);
      if (secret.length() < MIN_SECRET_LENGTH) {
        throw new MetaException("Tandem: " + DIGEST_SECRET + " is too short: " + secret.length()
            + " characters, at least " + MIN_SECRET_LENGTH);
      }
      try {
        tandem.add(new Id("digest", DigestAuthenticationProvider.generateDigest(user + ":" + secret)));
      } catch (NoSuchAlgorithmException e) {
        throw new MetaException("Tandem: ZooKeeper's digest algorithm is not available: " + e.getMessage());
      }
      builder.authorization("digest", (user + ":" + secret).getBytes(StandardCharsets.UTF_8));
      client.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "false");
    } else if ("sasl".equals(auth)) {
      for (String id : conf.getTrimmedStrings(SASL_IDS, "tandem")) {
        tandem.add(new Id("sasl", id));
      }
      for (String id : conf.getTrimmedStrings(SASL_METASTORE_IDS, "hive")) {
        listener.add(new Id("sasl", id));
      }
      if (tandem.isEmpty()) {
        throw new MetaException("Tandem: " + SASL_IDS + " is empty; the servers could not use the fence's nodes");
      }
      jaas(conf);
      client.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "true");
    } else if ("none".equals(auth) || auth.isEmpty()) {
      return builder;
    } else {
      throw new MetaException("Tandem: invalid " + AUTH + ": " + auth + " (none, digest or sasl)");
    }
    return builder.aclProvider(new Acls(root, tandem, listener)).zkClientConfig(client);
  }

  private static String secret(Configuration conf) throws MetaException {
    try {
      char[] p = conf.getPassword(DIGEST_SECRET);
      if (p == null || p.length == 0) {
        throw new MetaException("Tandem: " + DIGEST_SECRET + " is required with " + AUTH + "=digest");
      }
      return new String(p);
    } catch (IOException e) {
      throw new MetaException("Tandem: cannot read " + DIGEST_SECRET + ": " + e.getMessage());
    }
  }

  /** Without a JAAS section for the ZooKeeper client, adds one for the metastore's keytab. */
  private static synchronized void jaas(Configuration conf) throws MetaException {
    final String section = System.getProperty("zookeeper.sasl.clientconfig", "Client");
    javax.security.auth.login.Configuration previous;
    try {
      previous = javax.security.auth.login.Configuration.getConfiguration();
      AppConfigurationEntry[] entries = previous.getAppConfigurationEntry(section);
      if (entries != null && entries.length > 0) {
        return;
      }
    } catch (SecurityException e) {
      previous = null;
    }
    String principal = conf.getTrimmed("hive.metastore.kerberos.principal", "");
    String keytab = conf.getTrimmed("hive.metastore.kerberos.keytab.file", "");
    if (principal.isEmpty() || keytab.isEmpty()) {
      throw new MetaException("Tandem: " + AUTH + "=sasl needs a JAAS '" + section + "' section "
          + "(-Djava.security.auth.login.config) or hive.metastore.kerberos.principal and .keytab.file");
    }
    try {
      principal = SecurityUtil.getServerPrincipal(principal, "0.0.0.0");
    } catch (IOException e) {
      throw new MetaException("Tandem: cannot resolve " + principal + ": " + e.getMessage());
    }
    Map<String, String> options = new HashMap<>();
    options.put("useKeyTab", "true");
    options.put("storeKey", "true");
    options.put("useTicketCache", "false");
    options.put("doNotPrompt", "true");
    options.put("keyTab", keytab);
    options.put("principal", principal);
    final AppConfigurationEntry[] entry = {new AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
    final javax.security.auth.login.Configuration delegate = previous;
    javax.security.auth.login.Configuration.setConfiguration(new javax.security.auth.login.Configuration() {
      @Override
      public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        if (section.equals(name)) {
          return entry;
        }
        return delegate == null ? null : delegate.getAppConfigurationEntry(name);
      }
    });
  }

  /** The servers' rule (the plugin's TandemAclProvider) for the nodes the listener creates. */
  static final class Acls implements ACLProvider {
    private final String root;
    private final String fences;
    private final String instances;
    private final String acks;
    private final List<ACL> rootAcl;
    private final List<ACL> fenceAcl;
    private final List<ACL> ownAcl;
    private final List<ACL> tandemAcl;

    Acls(String root, List<Id> tandem, List<Id> listener) {
      FencePaths paths = new FencePaths(root);
      this.fences = paths.metastoreFences();
      this.instances = paths.metastoreInstances();
      this.acks = paths.metastoreAcks();
      this.root = fences.substring(0, fences.length() - "/metastore-fences".length());
      this.tandemAcl = acl(tandem, Perms.ALL, Collections.<Id>emptyList(), 0);
      this.rootAcl = acl(tandem, Perms.ALL, listener, Perms.CREATE | Perms.READ);
      this.fenceAcl = acl(tandem, Perms.ALL, listener, Perms.READ);
      this.ownAcl = acl(tandem, Perms.ALL, listener, Perms.ALL);
    }

    private static List<ACL> acl(List<Id> tandem, int perms, List<Id> listener, int listenerPerms) {
      List<ACL> out = new ArrayList<>();
      for (Id id : tandem) {
        out.add(new ACL(perms, id));
      }
      for (Id id : listener) {
        ACL a = new ACL(listenerPerms, id);
        if (!out.contains(a)) {
          out.add(a);
        }
      }
      return Collections.unmodifiableList(out);
    }

    private static boolean under(String path, String node) {
      return path.equals(node) || path.startsWith(node + "/");
    }

    @Override
    public List<ACL> getDefaultAcl() {
      return tandemAcl;
    }

    @Override
    public List<ACL> getAclForPath(String path) {
      if (path.equals(root)) {
        return rootAcl;
      }
      if (under(path, fences)) {
        return fenceAcl;
      }
      if (under(path, instances) || under(path, acks)) {
        return ownAcl;
      }
      return tandemAcl;
    }
  }
}
