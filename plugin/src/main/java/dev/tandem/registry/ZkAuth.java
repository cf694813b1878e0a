package dev.tandem.registry;

import dev.tandem.model.InvalidInputException;
import java.util.Locale;

/** How Tandem's ZooKeeper clients authenticate to a site's ensemble ({@code tandem.zookeeper.auth}). */
public enum ZkAuth {
  /** No authentication; znodes are created open to everyone (the behaviour before issue 16). */
  NONE,
  /** ZooKeeper's {@code digest} scheme: a user and a secret shared by every Tandem process of the pair. */
  DIGEST,
  /** SASL (Kerberos through the JAAS {@code Client} section); ACLs name {@code sasl:<id>}. */
  SASL;

  /** Parses {@code none}, {@code digest} or {@code sasl} (any case); anything else names {@code field}. */
  public static ZkAuth parse(String field, String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    switch (v) {
      case "":
      case "none":
        return NONE;
      case "digest":
        return DIGEST;
      case "sasl":
        return SASL;
      default:
        throw new InvalidInputException(field, "Invalid " + field + ": " + value + " (none, digest or sasl)");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
