package dev.tandem.view.ambari3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.view.FakeTandemServer;
import dev.tandem.view.FakeViewContext;
import dev.tandem.view.TandemProxy;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The view's resource as Ambari would call it: injected ViewContext, JAX-RS request objects. */
class ProxyServiceTest {

  private static ProxyService service(FakeViewContext context) {
    ProxyService s = new ProxyService();
    s.context = context;
    return s;
  }

  private static UriInfo uri(String raw) {
    return (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
        (p, m, a) -> {
          if (m.getName().equals("getRequestUri")) {
            return URI.create(raw);
          }
          throw new UnsupportedOperationException(m.getName());
        });
  }

  private static HttpHeaders headers(Map<String, List<String>> values) {
    return (HttpHeaders) Proxy.newProxyInstance(HttpHeaders.class.getClassLoader(),
        new Class<?>[] {HttpHeaders.class}, (p, m, a) -> {
          if (m.getName().equals("getRequestHeaders")) {
            return multivalued(values);
          }
          throw new UnsupportedOperationException(m.getName());
        });
  }

  @SuppressWarnings("unchecked")
  private static MultivaluedMap<String, String> multivalued(Map<String, List<String>> values) {
    return (MultivaluedMap<String, String>) Proxy.newProxyInstance(MultivaluedMap.class.getClassLoader(),
        new Class<?>[] {MultivaluedMap.class}, (p, m, a) -> {
          switch (m.getName()) {
            case "entrySet": return values.entrySet();
            case "get": return values.get(a[0]);
            case "keySet": return values.keySet();
            default: throw new UnsupportedOperationException(m.getName());
          }
        });
  }

  @Test
  void getsThePagesAsTheLoggedInUser() throws Exception {
    try (FakeTandemServer server = new FakeTandemServer(200, "text/html;charset=utf-8", "<h1>Runs</h1>")) {
      Map<String, List<String>> h = new HashMap<>();
      h.put("Accept", Collections.singletonList("text/html"));
      Response r = service(new FakeViewContext("alice", server.url(), "s3cret")).get("ui/runs",
          uri("http://ambari:8080/api/v1/views/TANDEM/versions/0.1.0/instances/t/resources/proxy/ui/runs?group=billing"),
          headers(h));
      assertThat(r.getStatus()).isEqualTo(200);
      assertThat(new String((byte[]) r.getEntity(), StandardCharsets.UTF_8)).isEqualTo("<h1>Runs</h1>");
      assertThat(r.getMetadata().getFirst("Content-Type").toString()).startsWith("text/html");
      FakeTandemServer.Seen seen = server.seen().get(0);
      assertThat(seen.uri).isEqualTo("/ui/runs?group=billing");
      assertThat(seen.header(TandemProxy.USER_HEADER)).isEqualTo("alice");
    }
  }

  @Test
  void postsBodiesThrough() throws Exception {
    try (FakeTandemServer server = new FakeTandemServer(202, "application/json", "{\"run\":\"r-1\"}")) {
      Response r = service(new FakeViewContext("ops", server.url(), "s3cret")).post("api/v1/groups/billing/runs",
          uri("http://ambari:8080/x"), headers(new HashMap<>()), "{\"wait\":false}".getBytes(StandardCharsets.UTF_8));
      assertThat(r.getStatus()).isEqualTo(202);
      assertThat(server.seen().get(0).body).isEqualTo("{\"wait\":false}");
      assertThat(server.seen().get(0).method).isEqualTo("POST");
    }
  }

  @Test
  void aMisconfiguredInstanceSaysWhichParameterToSet() {
    Response r = service(new FakeViewContext("alice", null, "s3cret")).get("api/v1/status", uri("http://a/x"),
        headers(new HashMap<>()));
    assertThat(r.getStatus()).isEqualTo(500);
    assertThat(new String((byte[]) r.getEntity(), StandardCharsets.UTF_8)).contains("tandem.server.url is not set");
  }

  @Test
  void viewXmlFollowsAmbarisSchemaAndNamesThisResource() throws Exception {
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    try (InputStream xsd = ClassLoader.getSystemResourceAsStream("view.xsd");
        InputStream xml = getClass().getResourceAsStream("/view.xml")) {
      assertThat(xsd).as("view.xsd from the Ambari Views SDK").isNotNull();
      factory.newSchema(new StreamSource(xsd)).newValidator().validate(new StreamSource(xml));
    }
    Document doc;
    try (InputStream xml = getClass().getResourceAsStream("/view.xml")) {
      doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml);
    }
    String serviceClass = doc.getElementsByTagName("service-class").item(0).getTextContent();
    assertThat(Class.forName(serviceClass)).isEqualTo(ProxyService.class);
    assertThat(doc.getElementsByTagName("name").item(0).getTextContent()).isEqualTo("TANDEM");
  }
}
