package dev.tandem.registry;

import java.util.HashMap;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;

/**
 * The JAAS section ZooKeeper's SASL client logs in with ({@code Client}, or the name in
 * {@code zookeeper.sasl.clientconfig}). ZooKeeper's client does not use Hadoop's login user: it opens its own JAAS
 * login. A JAAS file given with {@code -Djava.security.auth.login.config} wins; without one, the server adds a
 * Kerberos section for its keytab ({@code tandem.kerberos.principal}, {@code tandem.kerberos.keytab}) to the JVM's
 * JAAS configuration (the CLI: one for the user's ticket cache).
 */
public final class ZkJaas {
  private ZkJaas() {}

  /** The section's name the ZooKeeper client reads. */
  public static String section() {
    return System.getProperty("zookeeper.sasl.clientconfig", "Client");
  }

  /** Whether the JVM's JAAS configuration has the ZooKeeper client's section. */
  public static boolean configured() {
    try {
      AppConfigurationEntry[] entries = Configuration.getConfiguration().getAppConfigurationEntry(section());
      return entries != null && entries.length > 0;
    } catch (SecurityException e) {
      return false; // no JAAS configuration at all
    }
  }

  /** Adds a Kerberos keytab login for {@code principal} as the ZooKeeper client's section, unless there is one. */
  public static synchronized void installKeytab(String principal, String keytab) {
    Map<String, String> options = new HashMap<>();
    options.put("useKeyTab", "true");
    options.put("storeKey", "true");
    options.put("useTicketCache", "false");
    options.put("keyTab", keytab);
    options.put("principal", principal);
    install(options);
  }

  /** Adds a login from the user's Kerberos ticket cache ({@code kinit}) as the section, unless there is one. */
  public static synchronized void installTicketCache() {
    Map<String, String> options = new HashMap<>();
    options.put("useTicketCache", "true");
    install(options);
  }

  private static void install(Map<String, String> options) {
    if (configured()) {
      return;
    }
    Configuration previous;
    try {
      previous = Configuration.getConfiguration();
    } catch (SecurityException e) {
      previous = null;
    }
    options.put("doNotPrompt", "true");
    AppConfigurationEntry[] entry = {new AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
    String name = section();
    Configuration delegate = previous;
    Configuration.setConfiguration(new Configuration() {
      @Override
      public AppConfigurationEntry[] getAppConfigurationEntry(String n) {
        if (name.equals(n)) {
          return entry;
        }
        return delegate == null ? null : delegate.getAppConfigurationEntry(n);
      }

      @Override
      public void refresh() {
        if (delegate != null) {
          delegate.refresh();
        }
      }
    });
  }
}
