package dev.tandem.userdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.model.InvalidInputException;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A site's user-data sources from tandem-site.xml: each bad or missing setting is named by its key. */
class UserDataPropertiesTest {

  private static Configuration conf(Map<String, String> values) {
    Configuration c = new Configuration(false);
    values.forEach(c::set);
    return c;
  }

  @Test
  void configuredSourcesAreReadAndUnconfiguredOnesStayAbsent() {
    UserDataSources none = UserDataProperties.sources(conf(Map.of()), "");
    assertThat(none).isEqualTo(UserDataSources.NONE);

    UserDataSources s = UserDataProperties.sources(conf(Map.of(
        UserDataProperties.AMBARI_URL, "http://ambari.dc1:8080/", UserDataProperties.AMBARI_CLUSTER, "dc1",
        UserDataProperties.AMBARI_USER, "tandem", UserDataProperties.AMBARI_PASSWORD, "s3cret",
        UserDataProperties.RANGER_URL, "https://ranger.dc1:6182", UserDataProperties.RANGER_USER, "tandem",
        UserDataProperties.RANGER_PASSWORD, "s3cret", UserDataProperties.RANGER_HIVE_SERVICE, "dc1_hive",
        UserDataProperties.TIMEOUT, "5s")), "");
    assertThat(s.ambari().cluster()).isEqualTo("dc1");
    assertThat(s.ambari().endpoint().baseUri().toString()).isEqualTo("http://ambari.dc1:8080");
    assertThat(s.ambari().endpoint().timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.ranger().service("hive")).isEqualTo("dc1_hive");
    assertThat(s.ranger().service("hdfs")).isEmpty();
    assertThat(s.hive()).isNull();
    assertThat(s.toString()).doesNotContain("s3cret");
  }

  @Test
  void aSiteWithAMetastoreCarriesItsHiveGrantsUnlessSwitchedOff() {
    String uri = "thrift://hms.dc1:9083";
    assertThat(UserDataProperties.sources(conf(Map.of()), uri).hive())
        .isInstanceOf(dev.tandem.hive.HmsHiveGrants.class);
    assertThat(UserDataProperties.sources(conf(Map.of(UserDataProperties.HIVE_ENABLED, "false")), uri).hive())
        .isNull();
  }

  static Stream<Arguments> badSettings() {
    Map<String, String> ok = Map.of(UserDataProperties.AMBARI_URL, "http://ambari:8080",
        UserDataProperties.AMBARI_CLUSTER, "c1", UserDataProperties.AMBARI_USER, "tandem",
        UserDataProperties.AMBARI_PASSWORD, "x");
    return Stream.of(
        Arguments.of(without(ok, UserDataProperties.AMBARI_CLUSTER), UserDataProperties.AMBARI_CLUSTER),
        Arguments.of(without(ok, UserDataProperties.AMBARI_USER), UserDataProperties.AMBARI_USER),
        Arguments.of(without(ok, UserDataProperties.AMBARI_PASSWORD), UserDataProperties.AMBARI_PASSWORD),
        Arguments.of(with(ok, UserDataProperties.AMBARI_URL, "ambari:8080"), UserDataProperties.AMBARI_URL),
        Arguments.of(with(ok, UserDataProperties.AMBARI_URL, "http://bad host"), UserDataProperties.AMBARI_URL),
        Arguments.of(Map.of(UserDataProperties.RANGER_URL, "http://ranger:6080"), UserDataProperties.RANGER_USER));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badSettings")
  void aBadOrMissingSettingIsNamedByItsKey(Map<String, String> values, String key) {
    assertThatThrownBy(() -> UserDataProperties.sources(conf(values), "")).isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(key));
  }

  private static Map<String, String> without(Map<String, String> m, String key) {
    Map<String, String> out = new java.util.HashMap<>(m);
    out.remove(key);
    return out;
  }

  private static Map<String, String> with(Map<String, String> m, String key, String value) {
    Map<String, String> out = new java.util.HashMap<>(m);
    out.put(key, value);
    return out;
  }
}
