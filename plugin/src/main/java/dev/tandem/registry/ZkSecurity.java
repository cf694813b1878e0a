package dev.tandem.registry;

import dev.tandem.model.InvalidInputException;
import dev.tandem.model.SharedSecrets;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * Who Tandem's ZooKeeper clients are and whom their znodes admit: the authentication scheme, the credentials a
 * client presents ({@code digest}) and the ids that get rights on Tandem's tree. Immutable; the secret is never
 * printed ({@link #toString}).
 *
 * <ul>
 *   <li>{@link ZkAuth#NONE}: no credentials, znodes open to everyone.</li>
 *   <li>{@link ZkAuth#DIGEST}: every Tandem process (both sites' servers, the CLI, the metastores' fence listener)
 *       presents the same user and secret; {@code digest:<user>:<hash>} gets every right.</li>
 *   <li>{@link ZkAuth#SASL}: Kerberos through JAAS; {@code sasl:<id>} of each of {@link #saslIds} gets every
 *       right, and each of {@link #metastoreIds} only what the metastores' fence listener needs.</li>
 * </ul>
 */
public final class ZkSecurity {
  /** Shortest digest secret accepted: a guessable secret would make the ACLs decoration. */
  public static final int MIN_SECRET_LENGTH = SharedSecrets.MIN_LENGTH;

  private static final ZkSecurity NONE = new ZkSecurity(ZkAuth.NONE, null, null, List.of(), List.of());

  private final ZkAuth auth;
  private final String digestUser;
  private final String digestSecret;
  private final List<String> saslIds;
  private final List<String> metastoreIds;

  private ZkSecurity(ZkAuth auth, String digestUser, String digestSecret, List<String> saslIds,
      List<String> metastoreIds) {
    this.auth = auth;
    this.digestUser = digestUser;
    this.digestSecret = digestSecret;
    this.saslIds = saslIds;
    this.metastoreIds = metastoreIds;
  }

  public static ZkSecurity none() {
    return NONE;
  }

  /**
   * Digest authentication as {@code user} with {@code secret} (at least {@value #MIN_SECRET_LENGTH} characters).
   * {@code userField}/{@code secretField} name the settings in error messages.
   */
  public static ZkSecurity digest(String userField, String user, String secretField, String secret) {
    InvalidInputException.check(user != null && !user.isBlank(), userField, "%s is required with digest "
        + "authentication", userField);
    InvalidInputException.check(!user.contains(":"), userField, "Invalid %s: %s (no ':')", userField, user);
    InvalidInputException.check(secret != null && !secret.isEmpty(), secretField, "%s is required with digest "
        + "authentication", secretField);
    SharedSecrets.checkLength(secretField, secret);
    return new ZkSecurity(ZkAuth.DIGEST, user.trim(), secret, List.of(), List.of());
  }

  /**
   * SASL authentication; {@code ids} (at least one) get every right, {@code metastoreIds} (may be empty) the fence
   * listener's. An id is what the ensemble calls the authenticated principal ({@code tandem} when the servers strip
   * host and realm, else e.g. {@code tandem/gw1.example.com@EXAMPLE.COM}).
   */
  public static ZkSecurity sasl(String idsField, List<String> ids, String metastoreField, List<String> metastoreIds) {
    List<String> tandem = clean(idsField, ids);
    InvalidInputException.check(!tandem.isEmpty(), idsField, "%s needs at least one id with sasl authentication",
        idsField);
    List<String> metastores = clean(metastoreField, metastoreIds);
    return new ZkSecurity(ZkAuth.SASL, null, null, tandem, metastores);
  }

  private static List<String> clean(String field, List<String> ids) {
    List<String> out = new ArrayList<>();
    for (String id : ids == null ? List.<String>of() : ids) {
      String t = id.trim();
      if (t.isEmpty()) {
        continue;
      }
      InvalidInputException.check(!t.contains(",") && !t.contains(" "), field, "Invalid %s: %s", field, t);
      if (!out.contains(t)) {
        out.add(t);
      }
    }
    return Collections.unmodifiableList(out);
  }

  public ZkAuth auth() {
    return auth;
  }

  public boolean enabled() {
    return auth != ZkAuth.NONE;
  }

  /** The digest user, or null unless {@link ZkAuth#DIGEST}. */
  public String digestUser() {
    return digestUser;
  }

  /** {@code user:secret}, what a digest client presents; null unless {@link ZkAuth#DIGEST}. */
  public byte[] digestCredentials() {
    return auth == ZkAuth.DIGEST ? (digestUser + ":" + digestSecret).getBytes(StandardCharsets.UTF_8) : null;
  }

  public List<String> saslIds() {
    return saslIds;
  }

  public List<String> metastoreIds() {
    return metastoreIds;
  }

  /** The ids that get every right on Tandem's tree (none without authentication). */
  public List<Id> tandemIds() {
    switch (auth) {
      case DIGEST:
        try {
          return List.of(new Id("digest", DigestAuthenticationProvider.generateDigest(digestUser + ":" + digestSecret)));
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException("ZooKeeper's digest algorithm is not available", e);
        }
      case SASL:
        return saslIds.stream().map(id -> new Id("sasl", id)).toList();
      default:
        return List.of();
    }
  }

  /**
   * The ids of the metastores' fence listener, when they differ from Tandem's: with digest the listener presents
   * Tandem's own credentials, so there are none.
   */
  public List<Id> listenerIds() {
    return auth == ZkAuth.SASL ? metastoreIds.stream().map(id -> new Id("sasl", id)).toList() : List.of();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ZkSecurity s && auth == s.auth && Objects.equals(digestUser, s.digestUser)
        && Objects.equals(digestSecret, s.digestSecret) && saslIds.equals(s.saslIds)
        && metastoreIds.equals(s.metastoreIds);
  }

  @Override
  public int hashCode() {
    return Objects.hash(auth, digestUser, saslIds, metastoreIds);
  }

  @Override
  public String toString() {
    switch (auth) {
      case DIGEST:
        return "digest as " + digestUser;
      case SASL:
        return "sasl, ids " + String.join(",", saslIds)
            + (metastoreIds.isEmpty() ? "" : ", metastore ids " + String.join(",", metastoreIds));
      default:
        return "none";
    }
  }
}
