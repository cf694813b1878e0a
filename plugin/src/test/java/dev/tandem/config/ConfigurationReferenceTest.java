package dev.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.hive.TandemFenceListener;
import dev.tandem.server.Metrics;
import dev.tandem.server.TandemProperties;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Issue 21 H: the settings' one definition ({@link TandemProperties}) against everything that documents or declares
 * them: the README's generated configuration reference, the Ambari pack's tandem-site.xml, the Cloudera CSD's
 * service.sdl (each with the same default), the fence listener's keys and the pack's service advisor; and no
 * document, pack file or descriptor names a {@code tandem.*} setting the code does not define.
 */
class ConfigurationReferenceTest {
  private static final Path REPO = Path.of("..");
  private static final Path README = REPO.resolve("README.md");
  private static final Path PACK = REPO.resolve("stack-definitions/src/main/resources/common-services/TANDEM/0.1.0");
  private static final Path TANDEM_SITE = PACK.resolve("configuration/tandem-site.xml");
  private static final Path ADVISOR = PACK.resolve("service_advisor.py");
  private static final Path SDL = REPO.resolve("stack-definitions/src/main/csd/descriptor/service.sdl");
  private static final String WRITE = "tandem.docs.write";
  private static final String REGENERATE = "mvn -B -o -pl plugin surefire:test -Dtest=ConfigurationReferenceTest -D"
      + WRITE + "=true";
  /** {@code tandem.*} names in the documents that are not settings, and what they are. */
  private static final Map<String, String> NOT_SETTINGS = Map.of(
      "tandem.unit.excluded", "Maven property: which test classes the unit tier leaves out",
      "tandem.it.forks", "Maven property: JVMs of the real-components tier",
      "tandem.log.dir", "JVM system property the launcher passes to log4j (CM's logging configName)",
      "tandem.docs.write", "system property of this test: rewrite the README's reference",
      dev.tandem.model.DrTest.GROUP_MARKER, "metastore parameter: the group whose DR test made a test database",
      dev.tandem.model.DrTest.CUT_MARKER, "metastore parameter: the cut a DR test's database exposes",
      dev.tandem.model.DrTest.SOURCE_MARKER, "metastore parameter: the source of a DR test's database or table");
  /** Settings a release removed, and the one document that may still name them: the upgrade notes. */
  private static final Map<String, Path> REMOVED = Map.of("tandem.peer.server.url", REPO.resolve("docs/operations.md"));
  private static final Pattern NAME =
      Pattern.compile("(?<![\\w.$/-])tandem\\.[a-z][a-z0-9_-]*(?:\\.[a-z][a-z0-9_-]*)+"); // _: auth_to_local

  private final List<SettingDefinition> settings = TandemProperties.definitions();

  @Test
  void readmeHoldsTheGeneratedReference() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    String expected = ConfigurationReference.markdown(settings);
    String actual = ConfigurationReference.section(readme);
    if (!expected.equals(actual) && Boolean.getBoolean(WRITE)) {
      Files.writeString(README, ConfigurationReference.replaceSection(readme, expected), StandardCharsets.UTF_8);
      return;
    }
    assertThat(actual).as("README.md's configuration reference is out of date with TandemProperties:\n%s\n"
        + "Regenerate it with\n  %s", diff(actual, expected), REGENERATE).isEqualTo(expected);
  }

  @Test
  void everyServerSettingIsInThePackWithItsDefault() throws Exception {
    Map<String, String> pack = packValues();
    List<String> problems = new ArrayList<>();
    for (SettingDefinition s : serverSettings()) {
      if (!pack.containsKey(s.name())) {
        problems.add("missing " + s.name() + "; add to tandem-site.xml:\n" + packSnippet(s));
      } else if (!pack.get(s.name()).equals(s.defaultText())) {
        problems.add(s.name() + " is '" + pack.get(s.name()) + "' in the pack, the code's default is '"
            + s.defaultText() + "'" + (s.defaultText().isEmpty() ? " (required or derived: leave it empty)" : ""));
      }
    }
    assertThat(undefined(pack.keySet(), "tandem-site.xml", problems)).as("tandem-site.xml against TandemProperties")
        .isEmpty();
  }

  @Test
  void everyServerSettingIsInTheCsdWithItsDefault() throws IOException {
    Map<String, JsonNode> csd = csdParameters();
    List<String> problems = new ArrayList<>();
    for (SettingDefinition s : serverSettings()) {
      JsonNode p = csd.get(s.name());
      if (!s.notInCsd().isEmpty()) {
        if (p != null) {
          problems.add(s.name() + " is in the CSD, but its definition says it is not (" + s.notInCsd() + ")");
        }
      } else if (p == null) {
        problems.add("missing " + s.name() + "; add to service.sdl's role parameters and tandem-site.xml's generator:\n"
            + csdSnippet(s));
      } else if (s.required() && !p.path("required").asBoolean(false)) {
        problems.add(s.name() + " is required by the server but not in the CSD");
      } else if (!s.defaultText().isEmpty() && !p.path("default").asText("").equals(s.defaultText())) {
        problems.add(s.name() + "'s default is '" + p.path("default").asText() + "' in the CSD, '" + s.defaultText()
            + "' in the code");
      } else if (s.defaultText().isEmpty() && !p.path("default").asText("").isEmpty()) {
        problems.add(s.name() + " has the default '" + p.path("default").asText() + "' in the CSD, none in the code");
      }
    }
    assertThat(undefined(csd.keySet(), "service.sdl", problems)).as("service.sdl against TandemProperties").isEmpty();
  }

  @Test
  void noDocumentOrPackFileNamesAnUndefinedSetting() throws IOException {
    Set<String> known = new TreeSet<>(names(settings));
    known.addAll(NOT_SETTINGS.keySet());
    known.addAll(metricNames());
    known.addAll(viewParameters());
    Map<Path, Set<String>> unknown = new LinkedHashMap<>();
    for (Path file : documents()) {
      Matcher m = NAME.matcher(Files.readString(file, StandardCharsets.UTF_8));
      while (m.find()) {
        String name = m.group().replaceAll("[.-]+$", "");
        if (!known.contains(name) && !file.equals(REMOVED.get(name))) {
          unknown.computeIfAbsent(file, f -> new TreeSet<>()).add(name);
        }
      }
    }
    assertThat(unknown).as("tandem.* names that TandemProperties does not define (a stale document, or a setting "
        + "still to be declared there)").isEmpty();
  }

  @Test
  void metastoreSettingsAreTheListenersKeysAndTheAdvisorRecommendsThem() throws IOException {
    assertThat(TandemProperties.FENCE_REGISTRY_CONNECT).isEqualTo(TandemFenceListener.CONNECT);
    assertThat(TandemProperties.REGISTRY_ROOT).isEqualTo(TandemFenceListener.ROOT);
    assertThat(TandemProperties.FENCE_WAIT_MS).isEqualTo(TandemFenceListener.WAIT_MS);
    String advisor = Files.readString(ADVISOR, StandardCharsets.UTF_8);
    List<SettingDefinition> metastore = settings.stream().filter(s -> s.appliesTo(Setting.Where.METASTORE)).toList();
    assertThat(TandemProperties.ZOOKEEPER_AUTH).isEqualTo(TandemFenceListener.ZK_AUTH);
    assertThat(TandemProperties.ZOOKEEPER_DIGEST_USER).isEqualTo(TandemFenceListener.ZK_DIGEST_USER);
    assertThat(TandemProperties.ZOOKEEPER_DIGEST_SECRET).isEqualTo(TandemFenceListener.ZK_DIGEST_SECRET);
    assertThat(TandemProperties.ZOOKEEPER_SASL_IDS).isEqualTo(TandemFenceListener.ZK_SASL_IDS);
    assertThat(TandemProperties.ZOOKEEPER_SASL_METASTORE_IDS).isEqualTo(TandemFenceListener.ZK_SASL_METASTORE_IDS);
    assertThat(names(metastore)).containsExactlyInAnyOrder(TandemFenceListener.CONNECT, TandemFenceListener.ROOT,
        TandemFenceListener.WAIT_MS, TandemFenceListener.ZK_AUTH, TandemFenceListener.ZK_DIGEST_USER,
        TandemFenceListener.ZK_DIGEST_SECRET, TandemFenceListener.ZK_SASL_IDS, TandemFenceListener.ZK_SASL_METASTORE_IDS);
    for (SettingDefinition s : metastore) {
      assertThat(advisor.contains("'" + s.name() + "'")).as("service_advisor.py recommends %s", s.name()).isTrue();
      if (!s.defaultText().isEmpty()) {
        assertThat(advisor.contains("'" + s.defaultText() + "'")).as("the advisor's default for %s is %s", s.name(),
            s.defaultText()).isTrue();
      }
    }
  }

  @Test
  void definitionsAreCompleteAndUnique() {
    assertThat(settings).hasSizeGreaterThan(40);
    assertThat(settings).allSatisfy(s -> {
      assertThat(s.name()).startsWith("tandem.");
      assertThat(s.description()).as(s.name()).isNotBlank().endsWith(".");
    });
    assertThat(names(settings)).hasSize(settings.size());
    assertThat(settings).filteredOn(s -> s.name().equals(TandemProperties.SERVER_PORT)).singleElement()
        .extracting(SettingDefinition::defaultText).isEqualTo("21400");
    assertThat(settings).filteredOn(s -> s.name().equals(TandemProperties.VERIFY_FULL_INTERVAL)).singleElement()
        .extracting(SettingDefinition::defaultText).isEqualTo("24h");
  }

  @Test
  void anUndocumentedKeyIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SettingDefinition.of(Undocumented.class))
        .hasMessageContaining("Undocumented.AUDIT_RETENTION (tandem.audit.retention) has no @Setting");
  }

  /** What a branch that forgot the annotation would look like. */
  static final class Undocumented {
    public static final String AUDIT_RETENTION = "tandem.audit.retention";
  }

  /** {@code problems} plus one for each of {@code declared} that is no server setting. */
  private List<String> undefined(Set<String> declared, String file, List<String> problems) {
    Set<String> defined = names(serverSettings());
    declared.stream().filter(n -> !defined.contains(n))
        .forEach(n -> problems.add(file + " declares " + n + ", which the server does not define"));
    return problems;
  }

  private List<SettingDefinition> serverSettings() {
    return settings.stream().filter(s -> s.appliesTo(Setting.Where.SERVER)).toList();
  }

  private static Set<String> names(List<SettingDefinition> list) {
    return list.stream().map(SettingDefinition::name).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Map<String, String> packValues() throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    NodeList properties = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(TANDEM_SITE.toFile())
        .getElementsByTagName("property");
    for (int i = 0; i < properties.getLength(); i++) {
      Element p = (Element) properties.item(i);
      out.put(text(p, "name"), text(p, "value"));
    }
    return out;
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
  }

  private static Map<String, JsonNode> csdParameters() throws IOException {
    JsonNode sdl = new ObjectMapper().readTree(SDL.toFile());
    Map<String, JsonNode> out = new LinkedHashMap<>();
    List<JsonNode> parameters = new ArrayList<>();
    sdl.path("parameters").forEach(parameters::add);
    sdl.path("roles").forEach(r -> r.path("parameters").forEach(parameters::add));
    for (JsonNode p : parameters) {
      if (p.has("configName")) {
        out.put(p.get("configName").asText(), p);
      }
    }
    return out;
  }

  private static List<Path> documents() throws IOException {
    List<Path> out = new ArrayList<>(List.of(README, REPO.resolve("stack-definitions/README.md"), TANDEM_SITE, SDL));
    Path docs = REPO.resolve("docs");
    if (Files.isDirectory(docs)) {
      try (Stream<Path> files = Files.list(docs)) {
        files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(out::add);
      }
    }
    return out;
  }

  private static Set<String> metricNames() {
    Set<String> out = new TreeSet<>();
    for (Field f : Metrics.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        try {
          f.setAccessible(true);
          out.add((String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return out;
  }

  /** The Ambari View's instance parameters ({@code tandem.server.url}, ...), which the README documents too. */
  private static Set<String> viewParameters() {
    try {
      Set<String> out = new TreeSet<>();
      NodeList parameters = DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(REPO.resolve("ui-views/ambari2/src/main/resources/view.xml").toFile()).getElementsByTagName("parameter");
      for (int i = 0; i < parameters.getLength(); i++) {
        out.add(text((Element) parameters.item(i), "name"));
      }
      assertThat(out).contains("tandem.server.url");
      return out;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot read the View's view.xml", e);
    }
  }

  private static String packSnippet(SettingDefinition s) {
    return "  <property>\n    <name>" + s.name() + "</name>\n    <value>" + s.defaultText() + "</value>\n"
        + "    <description>" + s.description() + "</description>\n"
        + (s.defaultText().isEmpty() ? "    <value-attributes>\n      <empty-value-valid>true</empty-value-valid>\n"
            + "    </value-attributes>\n" : "")
        + "    <on-ambari-upgrade add=\"true\"/>\n  </property>";
  }

  private static String csdSnippet(SettingDefinition s) {
    String id = s.name().replace('.', '_').replace('-', '_');
    String value = switch (s.type()) {
      case NUMBER, BOOLEAN -> s.defaultText();
      default -> "\"" + s.defaultText() + "\"";
    };
    return "{\"name\": \"" + id + "\", \"label\": \"...\", \"description\": \"...\", \"configName\": \"" + s.name()
        + "\", \"type\": \"" + (s.type() == Setting.Type.NUMBER ? "long" : s.type() == Setting.Type.BOOLEAN
            ? "boolean" : s.type() == Setting.Type.PASSWORD ? "password" : "string") + "\""
        + (s.required() ? ", \"required\": \"true\"" : ", \"default\": " + value) + "}";
  }

  /** The lines only one side has, marked {@code -} (README) and {@code +} (generated). */
  private static String diff(String actual, String expected) {
    List<String> a = actual.lines().toList();
    List<String> e = expected.lines().toList();
    StringBuilder out = new StringBuilder();
    a.stream().filter(l -> !e.contains(l)).forEach(l -> out.append("- ").append(l).append('\n'));
    e.stream().filter(l -> !a.contains(l)).forEach(l -> out.append("+ ").append(l).append('\n'));
    return out.toString();
  }
}
