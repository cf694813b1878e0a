package dev.tandem.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.model.InvalidInputException;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.security.authentication.util.KerberosName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Principal → local user with Hadoop's auth_to_local rules (issue 16 C): what no rule maps is refused. */
class AuthToLocalTest {
  private static final String RULES = "RULE:[1:$1@$0](.*@EAST\\.EXAMPLE\\.COM)s/@.*//\n"
      + "RULE:[2:$1@$0](ada@EAST\\.EXAMPLE\\.COM)s/@.*//";
  private static String before;

  @BeforeAll
  static void remember() {
    before = KerberosName.hasRulesBeenSet() ? KerberosName.getRules() : null;
  }

  @AfterAll
  static void restore() {
    KerberosName.setRules(before == null ? "DEFAULT" : before);
  }

  static Stream<Arguments> principals() {
    return Stream.of(
        Arguments.of("alice@EAST.EXAMPLE.COM", Optional.of("alice")),
        Arguments.of("ada/admin@EAST.EXAMPLE.COM", Optional.of("ada")),
        Arguments.of("bob/admin@EAST.EXAMPLE.COM", Optional.empty()), // two components, no rule for bob
        Arguments.of("alice@OTHER.REALM", Optional.empty()),
        Arguments.of("ada/x@OTHER.REALM", Optional.empty()), // issue 16: once the role of local ada
        Arguments.of("ada@EAST.EXAMPLE.COM.EVIL", Optional.empty()));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @MethodSource("principals")
  void rulesMapTheirRealmOnly(String principal, Optional<String> local) {
    assertThat(AuthToLocal.of(RULES, "tandem.auth.kerberos.auth_to_local").map(principal)).isEqualTo(local);
  }

  @Test
  void defaultRulesRefuseAForeignRealm() {
    AuthToLocal defaults = AuthToLocal.of("", AuthToLocal.HADOOP_KEY);
    assertThat(defaults.map("ada/x@OTHER.REALM")).isEmpty();
    assertThat(defaults.map("ada@OTHER.REALM")).isEmpty();
    assertThat(defaults.source()).isEqualTo("hadoop.security.auth_to_local");
  }

  @Test
  void aRuleThatLeavesARealmMapsToNobody() {
    AuthToLocal keepsRealm = AuthToLocal.of("RULE:[1:$1@$0](.*)s/x/y/", "tandem.auth.kerberos.auth_to_local");
    assertThat(keepsRealm.map("alice@EAST.EXAMPLE.COM")).isEmpty();
  }

  @Test
  void malformedRulesNameTheirKey() {
    assertThatThrownBy(() -> AuthToLocal.of("RULE:[1:$1](broken", "tandem.auth.kerberos.auth_to_local"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("tandem.auth.kerberos.auth_to_local")
        .satisfies(e -> assertThat(((InvalidInputException) e).field())
            .isEqualTo("tandem.auth.kerberos.auth_to_local"));
  }

  @Test
  void rulesReplacedElsewhereInTheJvmArePutBack() {
    AuthToLocal east = AuthToLocal.of(RULES, "tandem.auth.kerberos.auth_to_local");
    KerberosName.setRules("RULE:[1:$1@$0](.*@OTHER\\.REALM)s/@.*//"); // e.g. UserGroupInformation.setConfiguration
    assertThat(east.map("ada/x@OTHER.REALM")).isEmpty();
    assertThat(east.map("ada@OTHER.REALM")).isEmpty();
    assertThat(east.map("alice@EAST.EXAMPLE.COM")).contains("alice");
  }
}
