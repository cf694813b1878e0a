package dev.tandem.testing;

import org.apache.hadoop.minikdc.MiniKdc;

/** MiniKdc for the tests of one JVM. */
public final class Kdcs {
  private Kdcs() {}

  /**
   * Starts the KDC and makes the JDK read its krb5.conf. The JDK reads krb5.conf once per JVM: a class that ran
   * before (ZooKeeper's SASL client, for one) may have made it read none, and MiniKdc's own refresh does not reach
   * it on Java 17 (the build exports {@code sun.security.krb5} for this call).
   */
  public static MiniKdc start(MiniKdc kdc) throws Exception {
    kdc.start();
    Class.forName("sun.security.krb5.Config").getMethod("refresh").invoke(null);
    return kdc;
  }
}
