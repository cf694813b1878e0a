package dev.tandem.hive;

import dev.tandem.model.InvalidInputException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.security.sasl.Sasl;
import org.apache.hadoop.security.SaslRpcServer;

/**
 * How Tandem authenticates to Hive metastores: plain Thrift, or Kerberos over SASL to a metastore with
 * {@code hive.metastore.sasl.enabled=true}, as the process's Kerberos login user (the server's keytab login, or
 * the CLI user's ticket cache).
 *
 * @param principal the metastores' service principal, {@code hive/_HOST@REALM} as in Hive's
 *     {@code hive.metastore.kerberos.principal} ({@code _HOST} becomes each metastore's host); empty for plain
 * @param protection the SASL quality of protection, in Hadoop's words ({@code hadoop.rpc.protection}):
 *     {@code authentication}, {@code integrity} or {@code privacy}; it must be one the metastore accepts
 */
public record MetastoreSecurity(String principal, String protection) {
  static final List<String> PROTECTIONS = List.of("authentication", "integrity", "privacy");
  /** {@code service/host@REALM}: Hive's SASL client needs all three parts. */
  private static final Pattern SERVICE_PRINCIPAL = Pattern.compile("[^/@\\s]+/[^/@\\s]+@[^/@\\s]+");
  /** Declared after the constants its constructor checks against. */
  public static final MetastoreSecurity PLAIN = new MetastoreSecurity("", "authentication");

  public MetastoreSecurity {
    principal = principal == null ? "" : principal.trim();
    protection = protection == null || protection.isBlank() ? "authentication"
        : protection.trim().toLowerCase(Locale.ROOT);
    InvalidInputException.check(principal.isEmpty() || SERVICE_PRINCIPAL.matcher(principal).matches(), "principal",
        "The metastore's Kerberos principal must read service/host@REALM (e.g. hive/_HOST@EXAMPLE.COM): '%s'",
        principal);
    InvalidInputException.check(PROTECTIONS.contains(protection), "protection",
        "The metastore's SASL protection must be one of %s: '%s'", PROTECTIONS, protection);
  }

  public boolean kerberos() {
    return !principal.isEmpty();
  }

  /** The SASL properties Hive's client transport takes. */
  Map<String, String> saslProperties() {
    String qop = SaslRpcServer.QualityOfProtection.valueOf(protection.toUpperCase(Locale.ROOT)).getSaslQop();
    return Map.of(Sasl.QOP, qop, Sasl.SERVER_AUTH, "true");
  }

  @Override
  public String toString() {
    return kerberos() ? "Kerberos (SASL " + protection + ") to " + principal : "plain Thrift";
  }
}
