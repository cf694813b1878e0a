package dev.tandem.server;

import dev.tandem.model.InvalidInputException;
import dev.tandem.model.TandemException;
import java.io.File;
import java.io.IOException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.SecurityUtil;
import org.apache.hadoop.security.UserGroupInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the server in from its keytab on a Kerberized cluster, before any HDFS, DistCp or ZooKeeper client
 * opens: those clients authenticate as the JVM's login user. Hadoop's UGI renews the ticket from the keytab
 * on its own. {@code _HOST} in the principal becomes this host's canonical name, as in Hadoop's daemons.
 */
public final class ServiceLogin {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceLogin.class);

  private ServiceLogin() {}

  /** Logs in when {@value TandemProperties#KERBEROS_PRINCIPAL} is set; returns the principal used. */
  public static Optional<String> login(Configuration conf) {
    String principal = conf.getTrimmed(TandemProperties.KERBEROS_PRINCIPAL,
        TandemProperties.KERBEROS_PRINCIPAL_DEFAULT);
    if (principal.isEmpty()) {
      return Optional.empty();
    }
    String keytab = conf.getTrimmed(TandemProperties.KERBEROS_KEYTAB, TandemProperties.KERBEROS_KEYTAB_DEFAULT);
    InvalidInputException.check(!keytab.isEmpty(), TandemProperties.KERBEROS_KEYTAB, "%s is required with %s",
        TandemProperties.KERBEROS_KEYTAB, TandemProperties.KERBEROS_PRINCIPAL);
    InvalidInputException.check(new File(keytab).canRead(), TandemProperties.KERBEROS_KEYTAB,
        "Keytab %s does not exist or is not readable by this user", keytab);
    try {
      String resolved = SecurityUtil.getServerPrincipal(principal, (String) null);
      Configuration security = new Configuration(conf);
      security.set("hadoop.security.authentication", "kerberos");
      UserGroupInformation.setConfiguration(security);
      UserGroupInformation.loginUserFromKeytab(resolved, keytab);
      LOG.info("Logged in to Kerberos as {} from {}", resolved, keytab);
      return Optional.of(resolved);
    } catch (IOException e) {
      throw new TandemException("Kerberos login as " + principal + " from " + keytab + " failed: "
          + e.getMessage(), e);
    }
  }
}
