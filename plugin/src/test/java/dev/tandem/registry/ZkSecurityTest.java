package dev.tandem.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.model.InvalidInputException;
import java.util.List;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The security settings' values and the ACL each path of the tree gets. */
class ZkSecurityTest {
  private static final String SECRET = "0123456789abcdef";
  private static final ZkSecurity SASL = ZkSecurity.sasl("ids", List.of("tandem", " tandem-west ", ""), "ms",
      List.of("hive"));

  @ParameterizedTest
  @CsvSource({"none, NONE", "'', NONE", "digest, DIGEST", "DIGEST, DIGEST", " sasl , SASL"})
  void authModesParse(String value, ZkAuth expected) {
    assertThat(ZkAuth.parse("tandem.zookeeper.auth", value)).isEqualTo(expected);
  }

  @Test
  void anUnknownAuthModeNamesItsKey() {
    assertThatThrownBy(() -> ZkAuth.parse("tandem.zookeeper.auth", "kerberos"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Invalid tandem.zookeeper.auth: kerberos (none, digest or sasl)");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "tandem | short          | s is too short: 5 characters, at least 16",
      "tandem | ''             | s is required with digest authentication",
      "''     | 0123456789abcdef | u is required with digest authentication",
      "ta:dem | 0123456789abcdef | Invalid u: ta:dem (no ':')"})
  void digestCredentialsAreChecked(String user, String secret, String message) {
    assertThatThrownBy(() -> ZkSecurity.digest("u", user, "s", secret))
        .isInstanceOf(InvalidInputException.class).hasMessage(message);
  }

  @Test
  void digestIdIsZooKeepersHashAndTheSecretIsNeverPrinted() throws Exception {
    ZkSecurity s = ZkSecurity.digest("u", "tandem", "s", SECRET);
    assertThat(s.tandemIds()).containsExactly(
        new Id("digest", DigestAuthenticationProvider.generateDigest("tandem:" + SECRET)));
    assertThat(s.listenerIds()).isEmpty();
    assertThat(new String(s.digestCredentials())).isEqualTo("tandem:" + SECRET);
    assertThat(s.toString()).isEqualTo("digest as tandem").doesNotContain(SECRET);
  }

  @Test
  void saslNeedsAnIdAndDropsBlanksAndDuplicates() {
    assertThat(SASL.saslIds()).containsExactly("tandem", "tandem-west");
    assertThat(SASL.tandemIds()).containsExactly(new Id("sasl", "tandem"), new Id("sasl", "tandem-west"));
    assertThatThrownBy(() -> ZkSecurity.sasl("ids", List.of(" "), "ms", List.of()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("ids needs at least one id");
  }

  @Test
  void withoutAuthenticationEveryNodeIsOpen() {
    TandemAclProvider acl = new TandemAclProvider("/tandem", ZkSecurity.none());
    assertThat(acl.getAclForPath("/tandem/groups/g")).isEqualTo(Ids.OPEN_ACL_UNSAFE);
    assertThat(acl.getDefaultAcl()).isEqualTo(Ids.OPEN_ACL_UNSAFE);
  }

  /** perms: what sasl:hive gets besides Tandem's ALL; the world never appears. */
  @ParameterizedTest
  @CsvSource({
      "/tandem,                                  CREATE_READ",
      "/tandem/groups/billing,                   NONE",
      "/tandem/groups/billing/last-good-cut,     NONE",
      "/tandem/arbitration/east+west/epoch,      NONE",
      "/tandem/fences/billing/raised,            NONE",
      "/tandem/audit/2026-12-08/e-0000000001,    NONE",
      "/tandem/metastore-fences,                 READ",
      "/tandem/metastore-fences/billing,         READ",
      "/tandem/metastore-instances,              ALL",
      "/tandem/metastore-instances/abc,          ALL",
      "/tandem/metastore-acks/billing/abc,       ALL",
      "/tandem/metastore-fencesX,                NONE",
      "/elsewhere,                               NONE"})
  void saslAclsByPath(String path, String hive) {
    TandemAclProvider acl = new TandemAclProvider("/tandem/", SASL);
    int perms = switch (hive) {
      case "CREATE_READ" -> Perms.CREATE | Perms.READ;
      case "READ" -> Perms.READ;
      case "ALL" -> Perms.ALL;
      default -> 0;
    };
    List<ACL> expected = new java.util.ArrayList<>(List.of(new ACL(Perms.ALL, new Id("sasl", "tandem")),
        new ACL(Perms.ALL, new Id("sasl", "tandem-west"))));
    if (perms != 0) {
      expected.add(new ACL(perms, new Id("sasl", "hive")));
    }
    assertThat(acl.getAclForPath(path)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void digestGivesOneIdEverythingEverywhere() {
    ZkSecurity s = ZkSecurity.digest("u", "tandem", "s", SECRET);
    TandemAclProvider acl = new TandemAclProvider("/tandem", s);
    List<ACL> all = List.of(new ACL(Perms.ALL, s.tandemIds().get(0)));
    for (String path : List.of("/tandem", "/tandem/groups/g", "/tandem/metastore-fences/g",
        "/tandem/metastore-acks/g/i")) {
      assertThat(acl.getAclForPath(path)).as(path).isEqualTo(all);
    }
  }
}
